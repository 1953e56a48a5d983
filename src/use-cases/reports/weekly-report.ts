/**
 * The weekly report (issue 16, part 4): for one office (or every office in scope) and one ISO week,
 * Monday to Sunday local to the office, the week's figures from the report summary (scheduled,
 * unreachable, declined, escalated, the funnel, the lift and the data problems), as a document and as
 * a PDF. Read-only. Default week: the last complete week before now.
 */
import type { LocationScope } from '../../domain/access/index.js';
import { AppError } from '../../domain/errors.js';
import { localDate } from '../../domain/reporting/index.js';
import { lastCompleteWeek, parseIsoWeek, type IsoWeek } from '../../domain/weekly-report/iso-week.js';
import { weeklyReportDocument, type WeeklyReportDocument } from '../../domain/weekly-report/weekly-report-document.js';
import { listLocations, type LocationRow } from '../../db/queries/locations.js';
import type { Deps } from '../deps.js';
import { readReportSummary } from './read-report-summary.js';
import type { WeeklyReportPrinter } from './weekly-report-ports.js';

export interface WeeklyReportRequest {
  /** "2026-W49"; default: the last complete week before now, in the office's time zone. */
  week?: string | undefined;
  /** An office's external id ("TPA"); default: every office in scope. */
  location?: string | null | undefined;
  /** Whose offices; default every office (the CLI and the server's job). */
  scope?: LocationScope | undefined;
}

export interface WeeklyReport {
  week: IsoWeek;
  /** The office's external id; null: every office in scope. */
  location: string | null;
  document: WeeklyReportDocument;
  pdf: Buffer;
  /** "recare-weekly-TPA-2026-W49.pdf". */
  filename: string;
}

const everywhere: LocationScope = { allLocations: true, locationIds: [] };

export async function buildWeeklyReport(deps: Pick<Deps, 'store' | 'clock'> & { reportPrinter: WeeklyReportPrinter }, request: WeeklyReportRequest): Promise<WeeklyReport> {
  const scope = request.scope ?? everywhere;
  // The week is checked first: a typo in it is named even when the office is wrong too.
  const given = request.week === undefined ? null : parseIsoWeek(request.week);
  const now = deps.clock.now();
  const locations = await listLocations(deps.store.db, scope);
  const office = request.location ? locations.find((l) => l.externalId === request.location) : undefined;
  if (request.location && !office) {
    const allowed = locations.map((l) => l.externalId).join(', ') || 'none';
    throw new AppError('invalid_input', `location is "${request.location}", which is not an office${scope.allLocations ? '' : ' in your offices'}; allowed: ${allowed}.`,
      [{ path: 'location', value: request.location, message: `allowed: ${allowed}` }]);
  }
  const timeZone = zoneOf(office, locations);
  const week = given ?? lastCompleteWeek(localDate(now, timeZone));
  const summary = await readReportSummary(deps, { from: week.monday, to: week.nextMonday, location: office?.externalId ?? null, scope });
  const document = weeklyReportDocument({
    week, office: office ? { externalId: office.externalId, name: office.name, timeZone: office.timeZone } : null, summary, printedAt: now, timeZone,
  });
  const pdf = await deps.reportPrinter.print(document, now);
  return { week, location: office?.externalId ?? null, document, pdf, filename: `recare-weekly-${(office?.externalId ?? 'all').replace(/[^A-Za-z0-9_-]+/g, '-')}-${week.week}.pdf` };
}

/** The office's zone; for every office, the first office's (else UTC). */
function zoneOf(office: LocationRow | undefined, locations: readonly LocationRow[]): string {
  return office?.timeZone ?? locations[0]?.timeZone ?? 'UTC';
}

/**
 * What a report request covers: the period (defaulting around "today" in the office asked about), the
 * office and program filter within the caller's offices, and the report's definitions from the
 * practice policy. Each bad office or program is refused by name with what is allowed.
 * The summary, the data problems list and the weekly report all start here.
 */
import type { LocationScope } from '../../domain/access/index.js';
import { AppError } from '../../domain/errors.js';
import { localDate, parseReportPeriod, reachedOutcomes, type ReportPeriod } from '../../domain/reporting/index.js';
import { listLocations } from '../../db/queries/locations.js';
import { loadPracticePolicy } from '../../db/queries/organization-policy.js';
import { loadPrograms } from '../../db/queries/recall-programs.js';
import type { ReportDefinitions, ReportFilter } from '../../db/queries/report-summary.js';
import type { PracticePolicy } from '../../domain/policy/index.js';
import type { Deps } from '../deps.js';

export interface ReportScopeRequest {
  /** First local date (YYYY-MM-DD); default 30 days before `to`. */
  from?: string | undefined;
  /** First local date after the period (YYYY-MM-DD); default tomorrow, so today is included. */
  to?: string | undefined;
  /** An office's external id ("TPA"); default every office in scope. */
  location?: string | null | undefined;
  /** A program key ("hygiene"); default every program. */
  program?: string | null | undefined;
  /** Whose offices; default every office (the CLI). */
  scope?: LocationScope | undefined;
}

export interface ReportScope {
  period: ReportPeriod;
  filter: ReportFilter;
  definitions: ReportDefinitions;
  /** Each program's name by key, for the words of the report. */
  programNames: ReadonlyMap<string, string>;
  policy: PracticePolicy;
}

const everywhere: LocationScope = { allLocations: true, locationIds: [] };

export async function resolveReportScope(deps: Pick<Deps, 'store' | 'clock'>, request: ReportScopeRequest): Promise<ReportScope> {
  const { db } = deps.store;
  const scope = request.scope ?? everywhere;
  const [locations, programs, policy] = await Promise.all([listLocations(db, scope), loadPrograms(db), loadPracticePolicy(db)]);
  const location = request.location ? locations.find((l) => l.externalId === request.location) : undefined;
  if (request.location && !location) {
    const allowed = locations.map((l) => l.externalId).join(', ') || 'none';
    throw new AppError('invalid_input', `location is "${request.location}", which is not an office${scope.allLocations ? '' : ' in your offices'}; allowed: ${allowed}.`,
      [{ path: 'location', value: request.location, message: `allowed: ${allowed}` }]);
  }
  if (request.program && !programs.some((p) => p.program.key === request.program)) {
    const allowed = programs.map((p) => p.program.key).sort().join(', ') || 'none';
    throw new AppError('invalid_input', `program is "${request.program}", which is not a recall program; allowed: ${allowed}.`,
      [{ path: 'program', value: request.program, message: `allowed: ${allowed}` }]);
  }
  // "Today" in the office asked about, else in the practice's first office.
  const today = localDate(deps.clock.now(), (location ?? locations[0])?.timeZone ?? 'UTC');
  return {
    period: parseReportPeriod({ from: request.from, to: request.to }, today),
    filter: { locationIds: location ? [location.id] : scope.allLocations ? null : [...scope.locationIds], programKey: request.program ?? null },
    definitions: {
      attributionWindowDays: policy.reporting.attributionWindowDays,
      reachedOutcomes: reachedOutcomes(policy.reporting),
      reactivationPrograms: [policy.ranking.reactivationProgram],
      treatmentPrograms: policy.ranking.treatmentPrograms,
    },
    programNames: new Map(programs.map((p) => [p.program.key, p.program.name])),
    policy,
  };
}

/**
 * The report's summary for a period, a location and a program (docs/reporting.md): the funnel, the
 * outcomes, the rates and costs, and their breakdowns, all computed from attempts, cases, due items
 * and appointments. Read-only. A person limited to some offices sees only their offices' patients.
 */
import type { LocationScope } from '../../domain/access/index.js';
import { AppError } from '../../domain/errors.js';
import { localDate, parseReportPeriod, reachedOutcomes, summarizeReport, type ReportSummary } from '../../domain/reporting/index.js';
import { listLocations } from '../../db/queries/locations.js';
import { loadPracticePolicy } from '../../db/queries/organization-policy.js';
import { loadPrograms } from '../../db/queries/recall-programs.js';
import { readReportCounts } from '../../db/queries/report-summary.js';
import { programsWithHoldout, readLiftCounts } from '../../db/queries/report-lift.js';
import { programLift, type ProgramLift } from '../../domain/reporting/lift-interval.js';
import type { Deps } from '../deps.js';

export interface ReportSummaryRequest {
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

const everywhere: LocationScope = { allLocations: true, locationIds: [] };

export async function readReportSummary(deps: Pick<Deps, 'store' | 'clock'>, request: ReportSummaryRequest): Promise<ReportSummary> {
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
  const period = parseReportPeriod({ from: request.from, to: request.to }, today);
  const locationIds = location ? [location.id] : scope.allLocations ? null : [...scope.locationIds];
  const definitions = {
    attributionWindowDays: policy.reporting.attributionWindowDays,
    reachedOutcomes: reachedOutcomes(policy.reporting),
    reactivationPrograms: [policy.ranking.reactivationProgram],
    treatmentPrograms: policy.ranking.treatmentPrograms,
  };
  const filter = { locationIds, programKey: request.program ?? null };
  const counts = await readReportCounts(db, period, filter, definitions);
  const summary = summarizeReport(counts, period, policy.reporting);
  // The lift, per program that has held-out items: each group counted by the same touch-free rule, beside
  // the self-credited figure (the program's patients scheduled after a touch).
  const lift: ProgramLift[] = [];
  for (const key of await programsWithHoldout(db, filter.programKey)) {
    const byGroup = { ...filter, programKey: key };
    const outreach = await readLiftCounts(db, period, byGroup, definitions, 'outreach');
    const holdout = await readLiftCounts(db, period, byGroup, definitions, 'holdout');
    const name = programs.find((p) => p.program.key === key)?.program.name;
    lift.push(programLift({
      program: key, ...(name ? { programName: name } : {}), outreach, holdout,
      selfCreditedScheduled: summary.byProgram.find((p) => p.program === key)?.scheduled ?? 0,
      periodWords: `from ${period.from} to ${period.to}`,
    }));
  }
  return { ...summary, lift };
}

/**
 * The report's summary for a period, a location and a program (docs/reporting.md): the funnel, the
 * outcomes, the rates and costs, and their breakdowns, all computed from attempts, cases, due items
 * and appointments. Read-only. A person limited to some offices sees only their offices' patients.
 */
import { summarizeReport, type ReportSummary } from '../../domain/reporting/index.js';
import { readReportCounts } from '../../db/queries/report-summary.js';
import { programsWithHoldout, readLiftCounts } from '../../db/queries/report-lift.js';
import { programLift, type ProgramLift } from '../../domain/reporting/lift-interval.js';
import type { Deps } from '../deps.js';
import { resolveReportScope, type ReportScopeRequest } from './report-scope.js';

export type ReportSummaryRequest = ReportScopeRequest;

export async function readReportSummary(deps: Pick<Deps, 'store' | 'clock'>, request: ReportSummaryRequest): Promise<ReportSummary> {
  const { db } = deps.store;
  const { period, filter, definitions, programNames, policy } = await resolveReportScope(deps, request);
  const counts = await readReportCounts(db, period, filter, definitions);
  const summary = summarizeReport(counts, period, policy.reporting);
  // The lift, per program that has held-out items: each group counted by the same touch-free rule, beside
  // the self-credited figure (the program's patients scheduled after a touch).
  const lift: ProgramLift[] = [];
  for (const key of await programsWithHoldout(db, filter.programKey)) {
    const byGroup = { ...filter, programKey: key };
    const outreach = await readLiftCounts(db, period, byGroup, definitions, 'outreach');
    const holdout = await readLiftCounts(db, period, byGroup, definitions, 'holdout');
    const name = programNames.get(key);
    lift.push(programLift({
      program: key, ...(name ? { programName: name } : {}), outreach, holdout,
      selfCreditedScheduled: summary.byProgram.find((p) => p.program === key)?.scheduled ?? 0,
      periodWords: `from ${period.from} to ${period.to}`,
    }));
  }
  return { ...summary, lift };
}

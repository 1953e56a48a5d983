/**
 * The data problems to fix (docs/reporting.md, "Data problems"), listed with the patient each belongs
 * to, for the same period, office and program as the summary; as many rows as the summary counts
 * (up to dataProblemsLimit). Read-only; a person limited to some offices sees only their offices' patients.
 */
import { dataProblemsLimit, readDataProblems, type DataProblemRow } from '../../db/queries/report-data-problems.js';
import type { ReportPeriod } from '../../domain/reporting/index.js';
import type { Deps } from '../deps.js';
import { resolveReportScope, type ReportScopeRequest } from './report-scope.js';

export interface DataProblemList {
  period: ReportPeriod;
  problems: DataProblemRow[];
  /** True when there were more than `limit` and only the latest are listed. */
  truncated: boolean;
  limit: number;
}

export async function readDataProblemList(deps: Pick<Deps, 'store' | 'clock'>, request: ReportScopeRequest): Promise<DataProblemList> {
  const { period, filter, definitions } = await resolveReportScope(deps, request);
  // One more than shown tells whether there were more.
  const problems = await readDataProblems(deps.store.db, period, filter, definitions, dataProblemsLimit + 1);
  return { period, problems: problems.slice(0, dataProblemsLimit), truncated: problems.length > dataProblemsLimit, limit: dataProblemsLimit };
}

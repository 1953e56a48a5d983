/** The report's figures (managers and admins: reports.read), for the offices the signed-in person covers. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../use-cases/deps.js';
import { readDataProblemList } from '../../use-cases/reports/read-data-problems.js';
import { readReportSummary } from '../../use-cases/reports/read-report-summary.js';
import { parseBody } from '../parse-input.js';
import { refuseUnknownParameters } from '../query-parameters.js';
import { sessionOf } from '../route-access.js';

const summaryQuery = z.object({
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
  location: z.string().min(1).max(64).optional(),
  program: z.string().min(1).max(64).optional(),
});
const parameters = Object.keys(summaryQuery.shape);

export async function registerReportRoutes(server: FastifyInstance, deps: Deps): Promise<void> {
  server.get('/api/reports/summary', { config: { access: { permission: 'reports.read' } } }, async (request) => {
    refuseUnknownParameters(request.query, parameters, 'the report');
    const q = parseBody(summaryQuery, request.query, 'Query');
    return readReportSummary(deps, { from: q.from, to: q.to, location: q.location ?? null, program: q.program ?? null, scope: sessionOf(request).user.scope });
  });
  // The summary's data problems as a list linked to the patients: the same parameters, the same patients.
  server.get('/api/reports/data-problems', { config: { access: { permission: 'reports.read' } } }, async (request) => {
    refuseUnknownParameters(request.query, parameters, 'the report');
    const q = parseBody(summaryQuery, request.query, 'Query');
    return readDataProblemList(deps, { from: q.from, to: q.to, location: q.location ?? null, program: q.program ?? null, scope: sessionOf(request).user.scope });
  });
}

/** The report's figures (managers and admins: reports.read), for the offices the signed-in person covers. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import type { Deps } from '../../use-cases/deps.js';
import { readDataProblemList } from '../../use-cases/reports/read-data-problems.js';
import { readReportSummary } from '../../use-cases/reports/read-report-summary.js';
import { parseBody } from '../parse-input.js';
import { sessionOf } from '../route-access.js';

const summaryQuery = z.object({
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
  location: z.string().min(1).max(64).optional(),
  program: z.string().min(1).max(64).optional(),
});
const parameters = Object.keys(summaryQuery.shape);

/** A parameter the report does not take is refused by name (a typo like "form" would otherwise silently report the default period). */
function refuseUnknownParameters(query: unknown): void {
  const unknown = Object.keys((query ?? {}) as Record<string, unknown>).filter((key) => !parameters.includes(key));
  if (unknown.length === 0) return;
  const issues = unknown.map((key) => ({ path: key, value: (query as Record<string, unknown>)[key], message: `is not a parameter of the report; parameters: ${parameters.join(', ')}` }));
  throw new AppError('invalid_input', `Query is not valid: ${unknown.map((k) => `"${k}"`).join(', ')} ${unknown.length === 1 ? 'is not a parameter' : 'are not parameters'} of the report; parameters: ${parameters.join(', ')}`, issues);
}

export async function registerReportRoutes(server: FastifyInstance, deps: Deps): Promise<void> {
  server.get('/api/reports/summary', { config: { access: { permission: 'reports.read' } } }, async (request) => {
    refuseUnknownParameters(request.query);
    const q = parseBody(summaryQuery, request.query, 'Query');
    return readReportSummary(deps, { from: q.from, to: q.to, location: q.location ?? null, program: q.program ?? null, scope: sessionOf(request).user.scope });
  });
  // The summary's data problems as a list linked to the patients: the same parameters, the same patients.
  server.get('/api/reports/data-problems', { config: { access: { permission: 'reports.read' } } }, async (request) => {
    refuseUnknownParameters(request.query);
    const q = parseBody(summaryQuery, request.query, 'Query');
    return readDataProblemList(deps, { from: q.from, to: q.to, location: q.location ?? null, program: q.program ?? null, scope: sessionOf(request).user.scope });
  });
}

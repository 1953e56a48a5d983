/**
 * The weekly report (managers and admins: reports.read), for the offices the signed-in person covers:
 * the PDF of one office and ISO week, and the state of the emails that carried it to managers.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import type { Deps } from '../../use-cases/deps.js';
import { readWeeklyReportDeliveries } from '../../use-cases/reports/list-weekly-report-deliveries.js';
import { buildWeeklyReport } from '../../use-cases/reports/weekly-report.js';
import type { WeeklyReportPrinter } from '../../use-cases/reports/weekly-report-ports.js';
import { parseBody } from '../parse-input.js';
import { refuseUnknownParameters } from '../query-parameters.js';
import { sessionOf } from '../route-access.js';

const weeklyQuery = z.object({
  week: z.string().max(40).optional(),
  location: z.string().min(1).max(64).optional(),
});
const parameters = Object.keys(weeklyQuery.shape);

export async function registerWeeklyReportRoutes(server: FastifyInstance, deps: Deps & { reportPrinter?: WeeklyReportPrinter | undefined }): Promise<void> {
  server.get('/api/reports/weekly.pdf', { config: { access: { permission: 'reports.read' } } }, async (request, reply) => {
    refuseUnknownParameters(request.query, parameters, 'the weekly report');
    const q = parseBody(weeklyQuery, request.query, 'Query');
    const reportPrinter = deps.reportPrinter;
    if (!reportPrinter) throw new AppError('invalid_config', 'This server was built without the weekly report printer.');
    const report = await buildWeeklyReport({ ...deps, reportPrinter }, { week: q.week, location: q.location ?? null, scope: sessionOf(request).user.scope });
    return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${report.filename}"`).send(report.pdf);
  });

  server.get('/api/reports/weekly/deliveries', { config: { access: { permission: 'reports.read' } } }, async (request) => {
    return { deliveries: await readWeeklyReportDeliveries(deps, { scope: sessionOf(request).user.scope }) };
  });
}

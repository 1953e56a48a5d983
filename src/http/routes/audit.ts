/**
 * Managers read the audit log, filtered by user, patient and date — a manager of some offices only what
 * concerns those offices (db/queries/audit-events.ts says exactly what). Nobody can change it.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../use-cases/deps.js';
import { readAuditLog } from '../../use-cases/audit-log.js';
import { requirePatientInScope } from '../../use-cases/shared/patient-scope.js';
import { parseBody } from '../parse-input.js';
import { sessionOf } from '../route-access.js';

const filter = z.object({
  user: z.coerce.number().int().positive().optional(),
  patient: z.string().max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export async function registerAuditRoutes(server: FastifyInstance, deps: Deps): Promise<void> {
  server.get('/api/audit', { config: { access: { permission: 'audit.read', audit: { action: 'audit.read', entityType: 'audit_log' } } } }, async (request) => {
    const q = parseBody(filter, request.query, 'Query');
    const { scope } = sessionOf(request).user;
    const patientId = q.patient === undefined ? undefined : await requirePatientInScope(deps, scope, q.patient);
    const events = await readAuditLog(deps, {
      limit: q.limit,
      scope,
      ...(q.user !== undefined ? { userId: q.user } : {}),
      ...(patientId !== undefined ? { patientId } : {}),
      ...(q.from ? { from: new Date(q.from) } : {}),
      ...(q.to ? { to: new Date(q.to) } : {}),
    });
    return { events };
  });
}

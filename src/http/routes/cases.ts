/** Claiming a case, recording an outcome on it, and explaining why a patient is (not) on the list. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { attemptChannels } from '../../domain/compliance/index.js';
import { AppError } from '../../domain/errors.js';
import { claimCase } from '../../use-cases/claim-case.js';
import type { Deps } from '../../use-cases/deps.js';
import { explainPatient } from '../../use-cases/explain-patient.js';
import { recordOutcome } from '../../use-cases/record-outcome.js';
import { parseBody } from '../parse-input.js';
import { sessionOf } from '../route-access.js';

const instant = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 instant with an offset, e.g. 2026-11-25T10:30:00-05:00' });
const outcomeBody = z.object({
  outcome: z.string().min(1).max(80),
  callbackAt: instant.optional(),
  note: z.string().max(2000).optional(),
  /** A barrier reason key or label; recordOutcome checks it against the outcome. */
  reason: z.string().max(80).nullable().optional(),
  channel: z.enum(attemptChannels).optional(),
  /** The call (POST /api/cases/:id/calls) this outcome ends. */
  callId: z.number().int().positive().optional(),
});
const explainQuery = z.object({ at: instant.optional() });

function caseIdOf(raw: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) throw new AppError('invalid_input', `Case id ${JSON.stringify(raw)} is not a number; use e.g. /api/cases/12/claim.`);
  return id;
}

export async function registerCaseRoutes(server: FastifyInstance, deps: Deps): Promise<void> {
  server.post<{ Params: { id: string } }>(
    '/api/cases/:id/claim',
    { config: { access: { permission: 'outcomes.record', audit: { action: 'case.claim', entityType: 'case' } } } },
    async (request) => {
      const { user } = sessionOf(request);
      return claimCase(deps, { caseId: caseIdOf(request.params.id), userId: user.id, scope: user.scope });
    },
  );

  server.post<{ Params: { id: string } }>(
    '/api/cases/:id/outcome',
    { config: { access: { permission: 'outcomes.record', audit: { action: 'case.outcome', entityType: 'case' } } } },
    async (request, reply) => {
      const { user } = sessionOf(request);
      const body = parseBody(outcomeBody, request.body);
      const result = await recordOutcome(deps, {
        caseId: caseIdOf(request.params.id), outcome: body.outcome, callbackAt: body.callbackAt ? new Date(body.callbackAt) : null, note: body.note ?? null, reason: body.reason ?? null,
        ...(body.channel ? { channel: body.channel } : {}), ...(body.callId ? { callId: body.callId } : {}), actorUserId: user.id, scope: user.scope,
      });
      return reply.status(201).send(result);
    },
  );

  server.get<{ Params: { patient: string } }>(
    '/api/patients/:patient/explain',
    { config: { access: { permission: 'patients.read', audit: { action: 'patient.explain', patientParam: 'patient' } } } },
    async (request) => {
      const { user } = sessionOf(request);
      const q = parseBody(explainQuery, request.query, 'Query');
      const explanation = await explainPatient(deps, { patient: request.params.patient, scope: user.scope, viewerUserId: user.id, ...(q.at ? { at: new Date(q.at) } : {}) });
      request.auditPatientId = explanation.recareId;
      return explanation;
    },
  );
}

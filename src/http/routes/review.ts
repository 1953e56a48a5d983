/**
 * The weekly review and assignments. Reading the review needs worklist.read (everyone who works the
 * list sees the week's unreachable, declined and escalated cases of their offices); re-queuing,
 * closing and assigning cases need cases.assign (coordinators and up).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { assignCases, maxAssignBatch, readAssignableUsers } from '../../use-cases/assign-cases.js';
import type { Deps } from '../../use-cases/deps.js';
import { closeReviewedCase } from '../../use-cases/close-reviewed-case.js';
import { readWeeklyReview } from '../../use-cases/read-weekly-review.js';
import { requeueCase } from '../../use-cases/requeue-case.js';
import { parseBody } from '../parse-input.js';
import { sessionOf } from '../route-access.js';

const instant = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 instant with an offset, e.g. 2026-11-24T10:00:00-05:00' });
const reviewQuery = z.object({ at: instant.optional() });
const requeueBody = z.object({ reason: z.string().max(500).optional() });
const closeBody = z.object({ reason: z.string().min(1).max(500) });
const assignBody = z.object({ caseIds: z.array(z.number().int().positive()).min(1).max(maxAssignBatch), userId: z.number().int().positive() });

function caseIdOf(raw: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) throw new AppError('invalid_input', `Case id ${JSON.stringify(raw)} is not a number; use e.g. /api/review/12/requeue.`);
  return id;
}

export async function registerReviewRoutes(server: FastifyInstance, deps: Deps): Promise<void> {
  server.get('/api/review/weekly', { config: { access: { permission: 'worklist.read' } } }, async (request) => {
    const q = parseBody(reviewQuery, request.query, 'Query');
    return readWeeklyReview(deps, { scope: sessionOf(request).user.scope, ...(q.at ? { at: new Date(q.at) } : {}) });
  });

  server.post<{ Params: { caseId: string } }>('/api/review/:caseId/requeue', { config: { access: { permission: 'cases.assign' } } }, async (request) => {
    const { user } = sessionOf(request);
    const body = parseBody(requeueBody, request.body);
    return requeueCase(deps, { caseId: caseIdOf(request.params.caseId), actorUserId: user.id, scope: user.scope, ...(body.reason ? { reason: body.reason } : {}) });
  });

  server.post<{ Params: { caseId: string } }>('/api/review/:caseId/close', { config: { access: { permission: 'cases.assign' } } }, async (request) => {
    const { user } = sessionOf(request);
    const body = parseBody(closeBody, request.body);
    return closeReviewedCase(deps, { caseId: caseIdOf(request.params.caseId), actorUserId: user.id, scope: user.scope, reason: body.reason });
  });

  server.get('/api/users/assignable', { config: { access: { permission: 'cases.assign' } } }, async (request) => readAssignableUsers(deps, { scope: sessionOf(request).user.scope }));

  server.post('/api/cases/assign', { config: { access: { permission: 'cases.assign' } } }, async (request) => {
    const { user } = sessionOf(request);
    const body = parseBody(assignBody, request.body);
    return assignCases(deps, { caseIds: body.caseIds, userId: body.userId, actorUserId: user.id, scope: user.scope });
  });
}

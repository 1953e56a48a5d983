/** POST /api/attempts/:id/undo: the person who recorded an outcome takes it back within 10 seconds (never "Opted out"). */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../domain/errors.js';
import type { Deps } from '../../use-cases/deps.js';
import { undoOutcome } from '../../use-cases/undo-outcome.js';
import { sessionOf } from '../route-access.js';

export async function registerAttemptRoutes(server: FastifyInstance, deps: Deps): Promise<void> {
  server.post<{ Params: { id: string } }>(
    '/api/attempts/:id/undo',
    { config: { access: { permission: 'outcomes.record', audit: { action: 'case.outcome_undo', entityType: 'attempt' } } } },
    async (request) => {
      const id = Number(request.params.id);
      if (!Number.isSafeInteger(id) || id < 1) {
        throw new AppError('invalid_input', `Attempt id ${JSON.stringify(request.params.id)} is not a number; use the attemptId the outcome returned, e.g. /api/attempts/12/undo.`, [{ path: 'id', value: request.params.id, message: 'a positive whole number' }]);
      }
      const { user } = sessionOf(request);
      const result = await undoOutcome(deps, { attemptId: id, actorUserId: user.id, scope: user.scope, remoteAddress: request.ip });
      return result;
    },
  );
}

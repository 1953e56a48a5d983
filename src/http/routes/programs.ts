/** Recall programs: read them all; add or replace programs by key (validated; never deleted, only disabled). */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../domain/errors.js';
import type { Deps } from '../../use-cases/deps.js';
import { readPrograms, savePrograms } from '../../use-cases/manage-programs.js';
import { sessionOf } from '../route-access.js';

export async function registerProgramRoutes(server: FastifyInstance, deps: Deps): Promise<void> {
  server.get('/api/programs', { config: { access: { permission: 'programs.manage' } } }, async () => readPrograms(deps));

  server.put('/api/programs', { config: { access: { permission: 'programs.manage', audit: { action: 'programs.save', entityType: 'recall_program' } } } }, async (request) => {
    const body = request.body as { programs?: unknown } | unknown[] | null;
    const programs = Array.isArray(body) ? body : body && typeof body === 'object' && 'programs' in body ? body.programs : body;
    if (programs === null || programs === undefined) throw new AppError('invalid_input', 'Send { "programs": [ … ] } (or one program object) as JSON.', [{ path: 'programs', message: 'required' }]);
    return savePrograms(deps, { programs, actorUserId: sessionOf(request).user.id });
  });

  server.put<{ Params: { key: string } }>('/api/programs/:key', { config: { access: { permission: 'programs.manage', audit: { action: 'programs.save', entityType: 'recall_program' } } } }, async (request) => {
    const body = request.body as Record<string, unknown> | null;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new AppError('invalid_input', 'Send one program object as JSON.', [{ path: '(body)', message: 'must be an object' }]);
    if (body.key !== undefined && body.key !== request.params.key) {
      throw new AppError('invalid_input', `The program's key ${JSON.stringify(body.key)} differs from the URL's ${JSON.stringify(request.params.key)}; keys cannot be renamed.`, [{ path: 'key', value: body.key, message: 'must match the URL' }]);
    }
    return savePrograms(deps, { programs: [{ ...body, key: request.params.key }], actorUserId: sessionOf(request).user.id });
  });
}

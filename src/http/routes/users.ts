/**
 * Admin: list, add and change users. Managers may list them (users.read).
 *   GET   /api/users                 every account, with role, offices, active, last sign-in
 *   POST  /api/users                 add one; answers a one-time password, shown once
 *   PATCH /api/users/:id             { role?, locations? }: change role and offices
 *   PUT   /api/users/:id/active      { active }: deactivate (ends their sessions at once) or reactivate
 * Resetting a password is POST /api/users/reset-password (routes/password.ts).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { roles } from '../../domain/access/index.js';
import { AppError } from '../../domain/errors.js';
import { changeUserAccess } from '../../use-cases/change-user-access.js';
import type { Deps } from '../../use-cases/deps.js';
import { addUser, readUsers } from '../../use-cases/manage-users.js';
import { setUserActive } from '../../use-cases/set-user-active.js';
import { parseBody } from '../parse-input.js';
import { sessionOf } from '../route-access.js';

const locations = z.union([z.literal('all'), z.array(z.string().max(64)).max(100)], { error: 'must be "all" or a list of office ids, e.g. ["TPA"]' });

const newUser = z.object({
  email: z.string().max(254),
  role: z.enum(roles),
  displayName: z.string().max(120).optional(),
  locations,
  password: z.string().max(1024).optional(),
});

const accessChange = z.strictObject({
  role: z.enum(roles, { error: `is not a role; use one of ${roles.join(', ')}` }).optional(),
  locations: locations.optional(),
});

const activity = z.strictObject({ active: z.boolean({ error: 'must be true (reactivate) or false (deactivate)' }) });

function userIdOf(raw: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) {
    throw new AppError('invalid_input', `User id ${JSON.stringify(raw)} is not a number; use the id GET /api/users lists, e.g. /api/users/12.`, [{ path: 'id', value: raw, message: 'a positive whole number' }]);
  }
  return id;
}

export async function registerUserRoutes(server: FastifyInstance, deps: Deps): Promise<void> {
  server.get('/api/users', { config: { access: { permission: 'users.read' } } }, async () => ({ users: await readUsers(deps) }));

  server.post('/api/users', { config: { access: { permission: 'users.manage' } } }, async (request, reply) => {
    const body = parseBody(newUser, request.body);
    const result = await addUser(deps, { ...body, actor: { userId: sessionOf(request).user.id, kind: 'user' } });
    return reply.status(201).send(result);
  });

  server.patch<{ Params: { id: string } }>('/api/users/:id', { config: { access: { permission: 'users.manage' } } }, async (request) => {
    const userId = userIdOf(request.params.id);
    const body = parseBody(accessChange, request.body);
    return changeUserAccess(deps, { userId, ...body, actor: { userId: sessionOf(request).user.id, kind: 'user' }, remoteAddress: request.ip });
  });

  server.put<{ Params: { id: string } }>('/api/users/:id/active', { config: { access: { permission: 'users.manage' } } }, async (request) => {
    const userId = userIdOf(request.params.id);
    const body = parseBody(activity, request.body);
    return setUserActive(deps, { userId, active: body.active, actor: { userId: sessionOf(request).user.id, kind: 'user' }, remoteAddress: request.ip });
  });
}

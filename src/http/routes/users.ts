/** Admin: list and add users. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { roles } from '../../domain/access/index.js';
import type { Deps } from '../../use-cases/deps.js';
import { addUser, readUsers } from '../../use-cases/manage-users.js';
import { parseBody } from '../parse-input.js';
import { sessionOf } from '../route-access.js';

const newUser = z.object({
  email: z.string().max(254),
  role: z.enum(roles),
  displayName: z.string().max(120).optional(),
  locations: z.union([z.literal('all'), z.array(z.string().max(64)).max(100)]),
  password: z.string().max(1024).optional(),
});

export async function registerUserRoutes(server: FastifyInstance, deps: Deps): Promise<void> {
  server.get('/api/users', { config: { access: { permission: 'users.manage' } } }, async () => ({ users: await readUsers(deps) }));

  server.post('/api/users', { config: { access: { permission: 'users.manage' } } }, async (request, reply) => {
    const body = parseBody(newUser, request.body);
    const result = await addUser(deps, { ...body, actor: { userId: sessionOf(request).user.id, kind: 'user' } });
    return reply.status(201).send(result);
  });
}

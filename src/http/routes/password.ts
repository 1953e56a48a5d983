/** A user changes their own password; an administrator resets someone's (a new one-time password). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { changePassword } from '../../use-cases/change-password.js';
import type { Deps } from '../../use-cases/deps.js';
import { resetPassword } from '../../use-cases/reset-password.js';
import { parseBody } from '../parse-input.js';
import { sessionOf } from '../route-access.js';

const passwordChange = z.object({
  currentPassword: z.string().max(1024),
  newPassword: z.string().max(1024),
});

const passwordReset = z.object({ email: z.string().min(1).max(254) });

export async function registerPasswordRoutes(server: FastifyInstance, deps: Deps, limits: { attemptsPerMinute: number }): Promise<void> {
  server.post(
    '/api/password',
    { config: { access: { permission: 'worklist.read', whilePasswordChangeRequired: true }, rateLimit: { max: limits.attemptsPerMinute, timeWindow: '1 minute' } } },
    async (request) => {
      const body = parseBody(passwordChange, request.body);
      return changePassword(deps, sessionOf(request), { ...body, remoteAddress: request.ip });
    },
  );

  server.post('/api/users/reset-password', { config: { access: { permission: 'users.manage' } } }, async (request) => {
    const body = parseBody(passwordReset, request.body);
    return resetPassword(deps, { email: body.email, actor: { userId: sessionOf(request).user.id, kind: 'user' }, remoteAddress: request.ip });
  });
}

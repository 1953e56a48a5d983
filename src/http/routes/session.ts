/** Sign-in, the current session, sign-out (here or everywhere), and the demo credentials. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../use-cases/deps.js';
import { publicUser } from '../../use-cases/public-user.js';
import { readDemoCredentials } from '../../use-cases/read-demo-credentials.js';
import { signIn } from '../../use-cases/sign-in.js';
import { signOut } from '../../use-cases/sign-out.js';
import { signOutEverywhere } from '../../use-cases/sign-out-everywhere.js';
import { sessionCookie } from '../auth-guard.js';
import { sessionOf } from '../route-access.js';
import { parseBody } from '../parse-input.js';

const signInBody = z.object({
  email: z.string().max(254),
  password: z.string().max(1024),
  totpCode: z.string().max(24).optional(),
});

export async function registerSessionRoutes(server: FastifyInstance, deps: Deps, limits: { attemptsPerMinute: number }): Promise<void> {
  server.post(
    '/api/session',
    { config: { access: { public: true, reason: 'signing in' }, rateLimit: { max: limits.attemptsPerMinute, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const body = parseBody(signInBody, request.body);
      const result = await signIn(deps, { ...body, remoteAddress: request.ip, userAgent: request.headers['user-agent'] ?? null });
      setSessionCookie(request, reply, result.token);
      return { user: result.user, csrfToken: result.csrfToken };
    },
  );

  server.get('/api/session', { config: { access: { permission: 'worklist.read', whilePasswordChangeRequired: true } } }, async (request) => {
    const session = sessionOf(request);
    return { user: publicUser(session.user), csrfToken: session.csrfToken };
  });

  server.delete('/api/session', { config: { access: { permission: 'worklist.read', whilePasswordChangeRequired: true } } }, async (request, reply) => {
    await signOut(deps, sessionOf(request), request.ip);
    reply.clearCookie(sessionCookie, { path: '/' });
    return { signedOut: true };
  });

  server.post('/api/session/sign-out-everywhere', { config: { access: { permission: 'worklist.read', whilePasswordChangeRequired: true } } }, async (request, reply) => {
    const revoked = await signOutEverywhere(deps, sessionOf(request), request.ip);
    reply.clearCookie(sessionCookie, { path: '/' });
    return { signedOut: true, sessionsEnded: revoked };
  });

  // Shown on the sign-in page only while the organization is the demo clinic.
  server.get('/api/session/demo-credentials', { config: { access: { public: true, reason: 'demo mode only; 404 otherwise' } } }, async () => {
    return { users: await readDemoCredentials(deps) };
  });
}

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(sessionCookie, token, { httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https', path: '/' });
}

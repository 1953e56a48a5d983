/** TOTP second factor for managers and admins: status, enrolment (start, confirm with a code), removal. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { confirmTwoFactorEnrolment } from '../../use-cases/confirm-two-factor-enrolment.js';
import type { Deps } from '../../use-cases/deps.js';
import { readTwoFactorStatus } from '../../use-cases/read-two-factor-status.js';
import { removeTwoFactor } from '../../use-cases/remove-two-factor.js';
import { startTwoFactorEnrolment } from '../../use-cases/start-two-factor-enrolment.js';
import { parseBody } from '../parse-input.js';
import { sessionOf } from '../route-access.js';

const confirmation = z.object({ code: z.string().min(1).max(24) });
const removal = z.object({ currentPassword: z.string().max(1024), code: z.string().min(1).max(24) });
const enrolment = z.object({ currentPassword: z.string().max(1024) });

export async function registerTwoFactorRoutes(server: FastifyInstance, deps: Deps, limits: { attemptsPerMinute: number }): Promise<void> {
  const guessable = { rateLimit: { max: limits.attemptsPerMinute, timeWindow: '1 minute' } };

  server.get('/api/two-factor', { config: { access: { permission: 'worklist.read' } } }, async (request) => readTwoFactorStatus(deps, sessionOf(request)));

  server.post('/api/two-factor/enrolment', { config: { access: { permission: 'second_factor.use' }, ...guessable } }, async (request) => {
    const body = parseBody(enrolment, request.body);
    return startTwoFactorEnrolment(deps, sessionOf(request), { currentPassword: body.currentPassword, remoteAddress: request.ip });
  });

  server.post('/api/two-factor/enrolment/confirm', { config: { access: { permission: 'second_factor.use' }, ...guessable } }, async (request) => {
    const body = parseBody(confirmation, request.body);
    return confirmTwoFactorEnrolment(deps, sessionOf(request), { code: body.code, remoteAddress: request.ip });
  });

  server.post('/api/two-factor/remove', { config: { access: { permission: 'second_factor.use' }, ...guessable } }, async (request) => {
    const body = parseBody(removal, request.body);
    return removeTwoFactor(deps, sessionOf(request), { ...body, remoteAddress: request.ip });
  });
}

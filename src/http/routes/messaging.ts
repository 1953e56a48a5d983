/** Texting and email on the case screen, the Outbox, the pause switch, the Channels page and unmatched replies. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { MessagingConfig } from '../../config.js';
import { AppError } from '../../domain/errors.js';
import { readChannelSettings, sendTestMessage } from '../../use-cases/messaging/channel-settings.js';
import { readConversation, sendStaffMessage } from '../../use-cases/messaging/conversation.js';
import { createLetterBatch, markLetterBatchMailed, printLetterBatch, queueLetter, readLetters } from '../../use-cases/messaging/letters.js';
import { outboxFilters, readMessagingPause, readOutbox, readUnmatchedReplies, retryOutboxEntry, setMessagingPause } from '../../use-cases/messaging/manage-outbox.js';
import type { MessagingDeps } from '../../use-cases/messaging/messaging-deps.js';
import { parseBody } from '../parse-input.js';
import { sessionOf } from '../route-access.js';

const messageBody = z.object({
  channel: z.enum(['sms', 'email'], { error: 'must be "sms" or "email"' }),
  templateKey: z.string().min(1).max(64).optional(),
  text: z.string().max(5000).optional(),
  subject: z.string().max(150).optional(),
  confirmWarnings: z.boolean().optional(),
}).strict();
const outboxQuery = z.object({
  state: z.enum(outboxFilters, { error: `must be one of ${outboxFilters.join(', ')}` }).default('all'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const pauseBody = z.object({ paused: z.boolean({ error: 'must be true or false' }), reason: z.string().max(300).optional() }).strict();
const testBody = z.object({ channel: z.enum(['sms', 'email'], { error: 'must be "sms" or "email"' }), to: z.string().min(3).max(254) }).strict();

function idOf(raw: string, what: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) throw new AppError('invalid_input', `${what} id ${JSON.stringify(raw)} is not a number.`);
  return id;
}

export async function registerMessagingRoutes(server: FastifyInstance, deps: MessagingDeps, config: MessagingConfig): Promise<void> {
  server.get<{ Params: { id: string } }>('/api/cases/:id/conversation', { config: { access: { permission: 'patients.read' } } }, async (request) => {
    const { user } = sessionOf(request);
    return readConversation(deps, { caseId: idOf(request.params.id, 'Case'), scope: user.scope });
  });

  server.post<{ Params: { id: string } }>('/api/cases/:id/messages', { config: { access: { permission: 'outcomes.record', audit: { action: 'case.message', entityType: 'case' } } } }, async (request, reply) => {
    const { user } = sessionOf(request);
    const body = parseBody(messageBody, request.body);
    const result = await sendStaffMessage(deps, { caseId: idOf(request.params.id, 'Case'), scope: user.scope, userId: user.id, ...body });
    return reply.status(201).send(result);
  });

  server.get('/api/outbox', { config: { access: { permission: 'policy.manage' } } }, async (request) => {
    const { user } = sessionOf(request);
    const query = parseBody(outboxQuery, request.query, 'Query');
    return readOutbox(deps, { ...query, scope: user.scope });
  });

  server.post<{ Params: { id: string } }>('/api/outbox/:id/retry', { config: { access: { permission: 'policy.manage' } } }, async (request) => {
    const { user } = sessionOf(request);
    return retryOutboxEntry(deps, { id: idOf(request.params.id, 'Outbox entry'), userId: user.id, scope: user.scope, remoteAddress: request.ip });
  });

  server.get('/api/messaging/pause', { config: { access: { permission: 'worklist.read' } } }, async () => readMessagingPause(deps));

  server.put('/api/messaging/pause', { config: { access: { permission: 'policy.manage' } } }, async (request) => {
    const { user } = sessionOf(request);
    const body = parseBody(pauseBody, request.body);
    return setMessagingPause(deps, { paused: body.paused, reason: body.reason?.trim() || null, userId: user.id, remoteAddress: request.ip });
  });

  server.get('/api/channels', { config: { access: { permission: 'integrations.manage' } } }, async () => readChannelSettings(deps, config));

  server.post('/api/channels/test', { config: { access: { permission: 'integrations.manage', audit: { action: 'channels.test', entityType: 'outbox' } } } }, async (request, reply) => {
    const { user } = sessionOf(request);
    const body = parseBody(testBody, request.body);
    return reply.status(201).send(await sendTestMessage(deps, { ...body, userId: user.id }));
  });

  server.get('/api/inbound/unmatched', { config: { access: { permission: 'policy.manage' } } }, async (request) => readUnmatchedReplies(deps, { scope: sessionOf(request).user.scope }));

  server.post<{ Params: { id: string } }>('/api/cases/:id/letters', { config: { access: { permission: 'outcomes.record', audit: { action: 'case.letter', entityType: 'case' } } } }, async (request, reply) => {
    const { user } = sessionOf(request);
    return reply.status(201).send(await queueLetter(deps, { caseId: idOf(request.params.id, 'Case'), scope: user.scope, userId: user.id }));
  });

  server.get('/api/letters', { config: { access: { permission: 'policy.manage' } } }, async () => readLetters(deps));

  server.post('/api/letters/batches', { config: { access: { permission: 'policy.manage' } } }, async (request, reply) => {
    const { user } = sessionOf(request);
    return reply.status(201).send(await createLetterBatch(deps, { userId: user.id, remoteAddress: request.ip, scope: user.scope }));
  });

  for (const what of ['letters', 'labels'] as const) {
    server.get<{ Params: { id: string } }>(`/api/letters/batches/:id/${what}.pdf`, { config: { access: { permission: 'policy.manage', audit: { action: `letters.${what}.download`, entityType: 'letter_batch' } } } }, async (request, reply) => {
      const pdf = await printLetterBatch(deps, { batchId: idOf(request.params.id, 'Letter batch'), what, scope: sessionOf(request).user.scope });
      return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="recare-batch-${request.params.id}-${what}.pdf"`).send(pdf);
    });
  }

  server.post<{ Params: { id: string } }>('/api/letters/batches/:id/mailed', { config: { access: { permission: 'policy.manage' } } }, async (request) => {
    const { user } = sessionOf(request);
    return markLetterBatchMailed(deps, { batchId: idOf(request.params.id, 'Letter batch'), userId: user.id, remoteAddress: request.ip, scope: user.scope });
  });
}

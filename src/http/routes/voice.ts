/**
 * Calls (issue 18):
 *   GET  /api/cases/:id/voice        may Recare call this case's patient now (or only a tel: link), and any call under way
 *   POST /api/cases/:id/calls        click-to-call: the gate first (409 with its reasons and next allowed time), then the provider
 *   GET  /api/calls/:id              a call's progress and the outcome the panel opens with
 *   POST /api/calls/:id/voicemail    the voicemail drop: the approved voicemail on the patient's leg, then "Left message"
 *   PUT  /api/account/phone          { phone | null }: the signed-in user's own phone
 *   PUT  /api/users/:id/phone        { phone | null }: an administrator sets a user's phone
 * and the provider's webhooks (signature first, raw body, outside /api):
 *   POST /webhooks/twilio/voice/bridge   TwiML bridging the staff member to the patient
 *   POST /webhooks/twilio/voice/status   a leg's status callback
 *   POST /webhooks/twilio/voice/inbound  TwiML forwarding a patient's call to the office line
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { answerBridge, answerInboundCall, recordCallRecording, recordCallStatus } from '../../use-cases/voice/call-webhooks.js';
import { dropVoicemail } from '../../use-cases/voice/drop-voicemail.js';
import { placeCall } from '../../use-cases/voice/place-call.js';
import { readCall, readCaseVoice } from '../../use-cases/voice/read-call.js';
import { setStaffPhone } from '../../use-cases/voice/set-user-phone.js';
import type { VoiceDeps } from '../../use-cases/voice/voice-deps.js';
import { parseBody } from '../parse-input.js';
import { sessionOf } from '../route-access.js';
import { webhookRequest } from './webhooks.js';

const phoneBody = z.strictObject({ phone: z.string().max(40, 'must be a phone number, at most 40 characters').nullable() });

function idOf(raw: string, what: string, example: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) throw new AppError('invalid_input', `${what} id ${JSON.stringify(raw)} is not a number; use e.g. ${example}.`);
  return id;
}

export async function registerVoiceRoutes(server: FastifyInstance, deps: VoiceDeps): Promise<void> {
  server.get<{ Params: { id: string } }>('/api/cases/:id/voice', { config: { access: { permission: 'outcomes.record' } } }, async (request) => {
    const { user } = sessionOf(request);
    return readCaseVoice(deps, { caseId: idOf(request.params.id, 'Case', '/api/cases/12/voice'), userId: user.id, scope: user.scope });
  });

  server.post<{ Params: { id: string } }>('/api/cases/:id/calls', { config: { access: { permission: 'outcomes.record', audit: { action: 'case.call', entityType: 'case' } } } }, async (request, reply) => {
    const { user } = sessionOf(request);
    const placed = await placeCall(deps, { caseId: idOf(request.params.id, 'Case', '/api/cases/12/calls'), userId: user.id, scope: user.scope });
    return reply.status(201).send(placed);
  });

  server.get<{ Params: { id: string } }>('/api/calls/:id', { config: { access: { permission: 'outcomes.record' } } }, async (request) => {
    const { user } = sessionOf(request);
    return readCall(deps, { callId: idOf(request.params.id, 'Call', '/api/calls/7'), scope: user.scope });
  });

  server.post<{ Params: { id: string } }>('/api/calls/:id/voicemail', { config: { access: { permission: 'outcomes.record', audit: { action: 'call.voicemail', entityType: 'call' } } } }, async (request, reply) => {
    const { user } = sessionOf(request);
    return reply.status(201).send(await dropVoicemail(deps, { callId: idOf(request.params.id, 'Call', '/api/calls/7/voicemail'), userId: user.id, scope: user.scope }));
  });

  server.put('/api/account/phone', { config: { access: { permission: 'worklist.read' } } }, async (request) => {
    const { user } = sessionOf(request);
    const body = parseBody(phoneBody, request.body);
    return setStaffPhone(deps, { userId: user.id, phone: body.phone, actor: { userId: user.id, kind: 'user' }, remoteAddress: request.ip });
  });

  server.put<{ Params: { id: string } }>('/api/users/:id/phone', { config: { access: { permission: 'users.manage' } } }, async (request) => {
    const body = parseBody(phoneBody, request.body);
    return setStaffPhone(deps, { userId: idOf(request.params.id, 'User', '/api/users/12/phone'), phone: body.phone, actor: { userId: sessionOf(request).user.id, kind: 'user' }, remoteAddress: request.ip });
  });

  await server.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_request, body, done) => done(null, body));
    const access = { public: true as const, reason: 'provider webhook: authenticated by the provider\'s signature' };
    const publicBaseUrl = deps.voice.settings.publicBaseUrl;
    const twiml = (answer: (d: VoiceDeps, r: ReturnType<typeof webhookRequest>) => Promise<string>) => async (request: FastifyRequest, reply: FastifyReply) =>
      reply.header('content-type', 'text/xml').send(await answer(deps, webhookRequest(request, publicBaseUrl)));
    scope.post('/webhooks/twilio/voice/bridge', { config: { access } }, twiml(answerBridge));
    scope.post('/webhooks/twilio/voice/inbound', { config: { access } }, twiml(answerInboundCall));
    scope.post('/webhooks/twilio/voice/status', { config: { access } }, async (request, reply) => reply.send(await recordCallStatus(deps, webhookRequest(request, publicBaseUrl))));
    scope.post('/webhooks/twilio/voice/recording', { config: { access } }, async (request, reply) => reply.send(await recordCallRecording(deps, webhookRequest(request, publicBaseUrl))));
  });
}

/**
 * Provider webhooks and the one-click unsubscribe link. They sit outside /api: no session, no CSRF;
 * what proves a request is the provider's signature (checked on the raw bytes, against the public
 * URL the provider called, before anything is stored) or, for /u/{token}, the unguessable token.
 * Their bodies are kept raw here, in their own scope, because signatures cover the exact bytes.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MessageChannel, WebhookRequest } from '../../channels/channel.js';
import { checkUnsubscribeLink, unsubscribe } from '../../use-cases/messaging/unsubscribe.js';
import type { MessagingDeps } from '../../use-cases/messaging/messaging-deps.js';
import { receiveWebhook, type WebhookKind } from '../../use-cases/messaging/receive-webhook.js';

const webhookLimit = 64 * 1024;

export function webhookRequest(request: FastifyRequest, publicBaseUrl: string | null): WebhookRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  // Signatures are computed on the address the provider called: the public base URL, not the loopback one.
  const base = publicBaseUrl ?? `${request.protocol}://${request.hostname}`;
  return { url: `${base}${request.url}`, headers, rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0) };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

function page(reply: FastifyReply, status: number, title: string, body: string) {
  return reply.status(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').header('referrer-policy', 'no-referrer')
    .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5">${body}</body></html>`);
}

export async function registerWebhookRoutes(server: FastifyInstance, deps: MessagingDeps, publicBaseUrl: string | null): Promise<void> {
  await server.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: webhookLimit }, (_request, body, done) => done(null, body));

    const webhook = (channel: MessageChannel, kind: WebhookKind) => async (request: FastifyRequest, reply: FastifyReply) => {
      const result = await receiveWebhook(deps, channel, kind, webhookRequest(request, publicBaseUrl));
      // Twilio's inbound webhook expects TwiML: an empty response means "do nothing more".
      if (channel === 'sms' && kind === 'inbound') return reply.header('content-type', 'text/xml').send('<?xml version="1.0" encoding="UTF-8"?><Response/>');
      return reply.send(result.kind === 'status' ? { applied: result.applied, duplicates: result.duplicates, unknown: result.unknown } : { stored: !result.duplicate });
    };
    const access = { public: true as const, reason: 'provider webhook: authenticated by the provider\'s signature' };
    scope.post('/webhooks/twilio/messages/status', { config: { access } }, webhook('sms', 'status'));
    scope.post('/webhooks/twilio/messages/inbound', { config: { access } }, webhook('sms', 'inbound'));
    scope.post('/webhooks/email/events', { config: { access } }, webhook('email', 'status'));

    const linkAccess = { public: true as const, reason: 'one-click unsubscribe: authenticated by the unguessable token in the link' };
    // Looking never unsubscribes: link scanners and previews fetch links (RFC 8058).
    scope.get<{ Params: { token: string } }>('/u/:token', { config: { access: linkAccess } }, async (request, reply) => {
      const link = await checkUnsubscribeLink(deps, request.params.token);
      if (!link.found) return page(reply, 404, 'Link not found', '<h1>This link is not valid</h1><p>It may have been copied incompletely. To stop emails, reply to the email or call the office.</p>');
      if (link.alreadyDone) return page(reply, 200, 'Unsubscribed', '<h1>You are unsubscribed</h1><p>This address no longer receives emails from the office.</p>');
      return page(reply, 200, 'Unsubscribe', `<h1>Stop these emails?</h1><p>The office will no longer email this address. Appointment questions can still reach you by phone.</p><form method="post" action="/u/${escapeHtml(request.params.token)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit" style="font-size:1rem;padding:.6rem 1.2rem">Unsubscribe</button></form>`);
    });
    scope.post<{ Params: { token: string } }>('/u/:token', { config: { access: linkAccess } }, async (request, reply) => {
      const done = await unsubscribe(deps, request.params.token);
      if (!done.found) return page(reply, 404, 'Link not found', '<h1>This link is not valid</h1><p>To stop emails, reply to the email or call the office.</p>');
      return page(reply, 200, 'Unsubscribed', '<h1>You are unsubscribed</h1><p>This address no longer receives emails from the office.</p>');
    });
  });
}

/**
 * A provider's webhook, exactly as it arrived: the signature is verified against the configured
 * provider before anything is parsed or stored (a forged or unsigned request stores nothing), then
 * the body goes to the use case it is for.
 */
import type { MessageChannel, WebhookRequest } from '../../channels/channel.js';
import { AppError } from '../../domain/errors.js';
import { handleInboundMessage } from './handle-inbound-message.js';
import type { MessagingDeps } from './messaging-deps.js';
import { recordDeliveryEvents } from './record-delivery-events.js';

export type WebhookKind = 'status' | 'inbound';

export async function receiveWebhook(deps: MessagingDeps, channel: MessageChannel, kind: WebhookKind, request: WebhookRequest) {
  const provider = deps.providers.configured(channel);
  if (!provider) throw new AppError('forbidden', `No ${channel === 'sms' ? 'text' : 'email'} provider is configured, so no webhook is accepted here.`);
  if (!provider.verifySignature(request)) {
    deps.log.warn({ provider: provider.name, kind }, 'webhook signature refused');
    throw new AppError('forbidden', `The request's ${provider.name} signature is missing or does not match; nothing was stored.`);
  }
  if (kind === 'status') {
    // Our key, where we put it in the callback address (it is part of what the signature covers).
    const key = new URL(request.url).searchParams.get('k');
    const events = provider.parseStatusCallback(request).map((event) => (event.key === null && key ? { ...event, key } : event));
    return { kind, ...await recordDeliveryEvents(deps, provider.name, events) };
  }
  const inbound = provider.parseInbound(request);
  if (!inbound) throw new AppError('invalid_input', `${provider.name} does not deliver inbound messages to this address.`);
  return { kind, ...await handleInboundMessage(deps, provider.name, inbound) };
}

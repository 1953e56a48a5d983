/**
 * SendGrid's Signed Event Webhook: bounces, complaints and unsubscribes for email sent through
 * SendGrid's SMTP relay. SendGrid signs `timestamp + raw body` with ECDSA P-256/SHA-256 and publishes
 * the public key as base64 DER SubjectPublicKeyInfo (shared/docs/provider-webhooks.md §6b).
 *
 * SendGrid documents no timestamp tolerance; we refuse a timestamp further than `toleranceSeconds`
 * from our clock so a captured request cannot be replayed days later. The key we sent in X-SMTPAPI
 * unique_args comes back as the top-level `recare_key` field of every event.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { AppError } from '../../domain/errors.js';
import type { Clock } from '../../clock.js';
import type { DeliveryEvent, WebhookRequest } from '../channel.js';

export const sendGridSignatureHeader = 'x-twilio-email-event-webhook-signature';
export const sendGridTimestampHeader = 'x-twilio-email-event-webhook-timestamp';
/** The unique_args field our SMTP adapter writes and SendGrid echoes back on each event. */
export const sendGridKeyField = 'recare_key';

export const defaultSendGridToleranceSeconds = 300;

export interface SendGridEventVerifierOptions {
  /** The "Verification Key" SendGrid shows for the signed webhook: base64 DER SubjectPublicKeyInfo (not PEM). */
  publicKey: string;
  clock: Clock;
  /** How far the signed timestamp may be from clock.now(), either way. Default 300 (5 minutes). */
  toleranceSeconds?: number;
}

export interface SendGridEventVerifier {
  /** True only for a valid signature over `timestamp + rawBody` with a timestamp within the tolerance. */
  verify(request: WebhookRequest): boolean;
  /** The delivery events of a (verified) batch; throws AppError invalid_input on a malformed body. */
  parse(request: WebhookRequest): DeliveryEvent[];
}

export function createSendGridEventVerifier(options: SendGridEventVerifierOptions): SendGridEventVerifier {
  const key = parsePublicKey(options.publicKey);
  const toleranceSeconds = options.toleranceSeconds ?? defaultSendGridToleranceSeconds;
  if (!Number.isFinite(toleranceSeconds) || toleranceSeconds < 0) {
    throw new AppError('invalid_config', `The SendGrid event timestamp tolerance must be a number of seconds, 0 or more; got ${String(toleranceSeconds)}.`);
  }
  return {
    verify: (request) => verifySignedEvent(key, toleranceSeconds, options.clock, request),
    parse: (request) => parseSendGridEvents(request.rawBody),
  };
}

function parsePublicKey(base64: string): KeyObject {
  const invalid = new AppError(
    'invalid_config',
    'The SendGrid event webhook verification key is not a base64 DER P-256 public key (SubjectPublicKeyInfo, as SendGrid shows it, without PEM lines).',
  );
  const der = Buffer.from(base64.trim(), 'base64');
  if (der.length === 0) throw invalid;
  let key: KeyObject;
  try {
    key = createPublicKey({ key: der, format: 'der', type: 'spki' });
  } catch {
    throw invalid;
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw invalid;
  return key;
}

function verifySignedEvent(key: KeyObject, toleranceSeconds: number, clock: Clock, request: WebhookRequest): boolean {
  const signature = request.headers[sendGridSignatureHeader];
  const timestamp = request.headers[sendGridTimestampHeader];
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
  const skewSeconds = Math.abs(clock.now().getTime() / 1000 - Number(timestamp));
  if (skewSeconds > toleranceSeconds) return false;
  try {
    const signed = Buffer.concat([Buffer.from(timestamp, 'utf8'), request.rawBody]);
    return verify('sha256', signed, { key, dsaEncoding: 'der' }, Buffer.from(signature, 'base64'));
  } catch {
    // A signature that is not DER at all is simply not valid.
    return false;
  }
}

/**
 * What each SendGrid event means for an attempt (provider-webhooks.md §6a):
 * - processed → sent; delivered → delivered;
 * - deferred → nothing (SendGrid keeps retrying; a later bounce or delivery settles it);
 * - bounce type "bounce" (a hard bounce) → bounced, address invalid; type "blocked" (refused for now,
 *   often reputation or content) → failed, address kept;
 * - dropped → failed; the address is invalid when SendGrid dropped it as a bounced or invalid address,
 *   and an opt-out when it dropped it as unsubscribed or spam-reporting;
 * - spamreport, unsubscribe, group_unsubscribe → an opt-out; the message itself was delivered;
 * - open, click → nothing: engagement is not tracked here (no pixels, no link rewriting in our mail);
 * - group_resubscribe and anything else → nothing: opting back in is done by the patient through the
 *   office, not inferred from a provider event.
 */
export function parseSendGridEvents(rawBody: Buffer): DeliveryEvent[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new AppError('invalid_input', `The SendGrid event webhook body is not JSON (${rawBody.length} bytes); SendGrid sends a JSON array of events.`);
  }
  if (!Array.isArray(parsed)) {
    throw new AppError('invalid_input', `The SendGrid event webhook body is a JSON ${describe(parsed)}; SendGrid sends a JSON array of events.`);
  }
  const events: DeliveryEvent[] = [];
  parsed.forEach((item, index) => {
    const event = mapEvent(item, index);
    if (event) events.push(event);
  });
  return events;
}

type SendGridEvent = Record<string, unknown>;

function mapEvent(item: unknown, index: number): DeliveryEvent | null {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw new AppError('invalid_input', `SendGrid event ${index} is a JSON ${describe(item)}; each event must be an object.`, [
      { path: `[${index}]`, message: 'must be an object' },
    ]);
  }
  const event = item as SendGridEvent;
  if (typeof event.event !== 'string') {
    throw new AppError('invalid_input', `SendGrid event ${index} has no "event" name (got ${describe(event.event)}); expected e.g. "delivered" or "bounce".`, [
      { path: `[${index}].event`, message: 'must be a string' },
    ]);
  }
  switch (event.event) {
    case 'processed':
      return deliveryEvent(event, index, { state: 'sent' });
    case 'delivered':
      return deliveryEvent(event, index, { state: 'delivered' });
    case 'bounce':
      // "blocked" is SendGrid's soft bounce: the receiver refused this time, the mailbox may well exist.
      return event.type === 'blocked'
        ? deliveryEvent(event, index, { state: 'failed', errorCode: stringField(event.status) ?? 'blocked' })
        : deliveryEvent(event, index, { state: 'bounced', errorCode: stringField(event.status) ?? 'bounce', addressInvalid: true });
    case 'dropped': {
      const reason = stringField(event.reason) ?? '';
      return deliveryEvent(event, index, {
        state: 'failed',
        errorCode: 'dropped',
        addressInvalid: /\bbounced address\b|^invalid$|\binvalid (email|address|recipient)/i.test(reason),
        optedOut: /\bunsubscribed address\b|\bspam reporting address\b/i.test(reason),
      });
    }
    case 'spamreport':
    case 'unsubscribe':
    case 'group_unsubscribe':
      return deliveryEvent(event, index, { state: 'delivered', optedOut: true });
    default:
      return null;
  }
}

function deliveryEvent(
  event: SendGridEvent,
  index: number,
  outcome: Pick<DeliveryEvent, 'state'> & Partial<Pick<DeliveryEvent, 'errorCode' | 'addressInvalid' | 'optedOut'>>,
): DeliveryEvent {
  const eventId = stringField(event.sg_event_id);
  if (!eventId) {
    throw new AppError('invalid_input', `SendGrid event ${index} ("${String(event.event)}") has no sg_event_id; every event must carry one so it is applied once.`, [
      { path: `[${index}].sg_event_id`, message: 'must be a non-empty string' },
    ]);
  }
  const timestamp = event.timestamp;
  return {
    eventId,
    providerMessageId: stringField(event.sg_message_id),
    key: stringField(event[sendGridKeyField]),
    state: outcome.state,
    errorCode: outcome.errorCode ?? null,
    addressInvalid: outcome.addressInvalid ?? false,
    optedOut: outcome.optedOut ?? false,
    recipient: stringField(event.email),
    occurredAt: typeof timestamp === 'number' && Number.isFinite(timestamp) ? new Date(timestamp * 1000) : null,
  };
}

function stringField(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

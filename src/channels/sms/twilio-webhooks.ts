/**
 * Twilio's webhooks to us: the X-Twilio-Signature check and the two form bodies we read (message
 * status callbacks and inbound messages). Field names: shared/docs/provider-webhooks.md §2, §3.
 */
import { validateRequest, validateRequestWithBody } from 'twilio/lib/webhooks/webhooks.js';
import { AppError } from '../../domain/errors.js';
import type { DeliveryEvent, InboundMessage, WebhookRequest } from '../channel.js';
import { addressInvalidErrorCodes, deliveryStateOfCallback, optedOutErrorCode } from './twilio-status.js';

/** Form parameters as Twilio signs them: a repeated name keeps every value. */
export type TwilioFormParams = Record<string, string | string[]>;

export function parseTwilioForm(rawBody: Buffer): TwilioFormParams {
  const params: TwilioFormParams = {};
  for (const [name, value] of new URLSearchParams(rawBody.toString('utf8'))) {
    const seen = params[name];
    if (seen === undefined) params[name] = value;
    else if (Array.isArray(seen)) seen.push(value);
    else params[name] = [seen, value];
  }
  return params;
}

/**
 * True only when X-Twilio-Signature is the HMAC-SHA1 of the public URL and the form parameters,
 * keyed with the auth token. The SDK tries the URL with and without the default port and compares in
 * constant time. JSON-bodied webhooks (a `bodySHA256` query parameter) sign the URL alone and carry
 * the body's hash. Webhooks signed with a SharedKey (X-Twilio-Webhooks-Signature-Settings) are not
 * configured by Recare and fail here.
 */
export function verifyTwilioSignature(authToken: string, request: WebhookRequest): boolean {
  const signature = request.headers['x-twilio-signature'];
  if (!signature) return false;
  try {
    if (hasBodyHashParameter(request.url)) {
      return validateRequestWithBody(authToken, signature, request.url, request.rawBody.toString('utf8'));
    }
    return validateRequest(authToken, signature, request.url, parseTwilioForm(request.rawBody));
  } catch {
    // An unparsable URL cannot have been signed by Twilio.
    return false;
  }
}

function hasBodyHashParameter(url: string): boolean {
  try {
    return new URL(url).searchParams.has('bodySHA256');
  } catch {
    return false;
  }
}

/**
 * The delivery report in a message status callback: one event, or none when the status is not a
 * delivery state we track (see deliveryStateOfCallback). The event id is MessageSid:MessageStatus,
 * so Twilio's retry of the same callback is applied once.
 */
export function parseTwilioStatusCallback(request: WebhookRequest): DeliveryEvent[] {
  const form = parseTwilioForm(request.rawBody);
  const { MessageSid: messageSid, MessageStatus: status } = requireFields('status callback', form, ['MessageSid', 'MessageStatus']);
  const state = deliveryStateOfCallback(status);
  if (state === null) return [];
  const errorCode = nonZeroCode(single(form.ErrorCode));
  return [{
    eventId: `${messageSid}:${status}`,
    providerMessageId: messageSid,
    key: null,
    state,
    errorCode,
    addressInvalid: errorCode !== null && addressInvalidErrorCodes.has(errorCode),
    optedOut: errorCode === optedOutErrorCode,
    recipient: single(form.To) || null,
    // RawDlrDoneDate has no time zone (YYMMDDhhmm in the carrier's local time), so it cannot be an instant.
    occurredAt: null,
  }];
}

const providerKeywords: Readonly<Record<string, InboundMessage['providerKeyword']>> = { STOP: 'stop', START: 'start', HELP: 'help' };

/** An inbound text. Body may be empty (a picture without words) but must be present. */
export function parseTwilioInbound(request: WebhookRequest): InboundMessage {
  const form = parseTwilioForm(request.rawBody);
  const fields = requireFields('inbound message', form, ['MessageSid', 'From', 'To', 'Body'], ['Body']);
  const optOutType = single(form.OptOutType)?.trim().toUpperCase() ?? '';
  return {
    providerMessageId: fields.MessageSid,
    from: fields.From,
    to: fields.To,
    body: fields.Body,
    providerKeyword: providerKeywords[optOutType] ?? null,
  };
}

/**
 * The named fields, or invalid_input naming every missing one and the field names that did arrive
 * (names only: values can be phone numbers and message text).
 */
function requireFields<Name extends string>(what: string, form: TwilioFormParams, names: readonly Name[], mayBeEmpty: readonly Name[] = []): Record<Name, string> {
  const values = {} as Record<Name, string>;
  const missing: Name[] = [];
  for (const name of names) {
    const value = single(form[name]);
    if (value === undefined || (value === '' && !mayBeEmpty.includes(name))) missing.push(name);
    else values[name] = value;
  }
  if (missing.length > 0) {
    const received = Object.keys(form).sort();
    throw new AppError(
      'invalid_input',
      `Twilio ${what} is missing ${missing.join(', ')}: required are ${names.join(', ')}; received fields: ${received.length > 0 ? received.join(', ') : 'none'}`,
      missing.map((name) => ({ path: name, message: `required in a Twilio ${what}` })),
    );
  }
  return values;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Twilio sends ErrorCode only on failures, but an empty or 0 value also means "no error". */
function nonZeroCode(value: string | undefined): string | null {
  const code = value?.trim() ?? '';
  return code === '' || code === '0' ? null : code;
}

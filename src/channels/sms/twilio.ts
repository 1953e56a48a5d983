/**
 * SMS through Twilio Programmable Messaging (shared/docs/channels.md §1): a thin REST client over
 * global fetch, so tests can point `apiBaseUrl` at a loopback stand-in, and the SDK's webhook
 * validator for signatures.
 */
import { systemClock, type Clock } from '../../clock.js';
import { AppError, type ErrorIssue } from '../../domain/errors.js';
import type { MessageProvider, OutboundMessage, ReconcileResult, SendResult, WebhookRequest } from '../channel.js';
import { classifyNetworkFailure, classifyTwilioErrorAnswer, unreadableSuccessAnswer, type ClassifiedFailure } from './twilio-send-failure.js';
import { deliveryStateOfResource } from './twilio-status.js';
import { parseTwilioInbound, parseTwilioStatusCallback, verifyTwilioSignature } from './twilio-webhooks.js';

export const defaultTwilioApiBaseUrl = 'https://api.twilio.com';
export const defaultTwilioTimeoutMs = 15_000;

export interface TwilioSmsOptions {
  accountSid: string;
  authToken: string;
  /** Send from a Messaging Service (`MG…`)… */
  messagingServiceSid?: string | null;
  /** …or from one number (E.164, short code or alphanumeric sender): exactly one of the two. */
  fromNumber?: string | null;
  /** Default https://api.twilio.com; tests point it at a loopback stand-in. */
  apiBaseUrl?: string;
  /** How long one request may take, answer included. Default 15 s. */
  timeoutMs?: number;
  /** Reads an HTTP-date Retry-After. */
  clock?: Clock;
}

/** Reconciliation looks this far before the attempt was recorded, for clock skew between us and Twilio. */
const reconcileSkewMs = 2 * 60_000;
const reconcilePageSize = 50;
/** A number texted more than this many pages' worth since the attempt is not worth searching further. */
const reconcileMaxPages = 10;

export function createTwilioSms(options: TwilioSmsOptions): MessageProvider {
  const sender = validateOptions(options);
  const apiBaseUrl = (options.apiBaseUrl ?? defaultTwilioApiBaseUrl).replace(/\/+$/, '');
  const apiHost = new URL(apiBaseUrl).host;
  const timeoutMs = options.timeoutMs ?? defaultTwilioTimeoutMs;
  const clock = options.clock ?? systemClock;
  const messagesUrl = `${apiBaseUrl}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
  const authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;

  async function send(message: OutboundMessage): Promise<SendResult> {
    const form = new URLSearchParams({ To: message.to, Body: message.text });
    if (sender.kind === 'service') form.set('MessagingServiceSid', sender.sid);
    else form.set('From', sender.number);
    if (message.statusCallbackUrl) form.set('StatusCallback', message.statusCallbackUrl);

    let response: Response;
    let text: string;
    try {
      response = await fetch(messagesUrl, {
        method: 'POST',
        headers: { authorization, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      return failed(classifyNetworkFailure(error, { apiHost, timeoutMs }));
    }
    const body = parseJson(text);
    if (!response.ok) {
      return failed(classifyTwilioErrorAnswer(response.status, body, response.headers.get('retry-after'), clock.now()));
    }
    const resource = asMessageResource(body);
    if (!resource) return failed(unreadableSuccessAnswer(response.status));
    return { ok: true, providerMessageId: resource.sid, state: deliveryStateOfResource(resource.status) };
  }

  /**
   * Twilio's create has no idempotency key, so after an ambiguous send we look for the message among
   * the recipient's recent messages: same text, created at or after the attempt (less clock skew).
   * First among those sent since that day (DateSent>=); then, because a message still waiting in
   * Twilio's queue has no date_sent and no DateSent filter matches it, among the recipient's latest
   * messages without that filter. When several match (the same text twice), the earliest is ours:
   * it is the one nearest the attempt. A message another entry already holds (`claimed`) is not ours.
   */
  async function reconcile(message: OutboundMessage, claimed: ReadonlySet<string> = new Set()): Promise<ReconcileResult> {
    const cutoff = message.recordedAt.getTime() - reconcileSkewMs;
    const query = new URLSearchParams({ To: message.to });
    if (sender.kind === 'number') query.set('From', sender.number);
    const sentSince = new URLSearchParams(query);
    sentSince.set('DateSent>', new Date(cutoff).toISOString().slice(0, 10));
    const found = (await findOurMessage(sentSince, message.text, cutoff, true, claimed)) ?? (await findOurMessage(query, message.text, cutoff, false, claimed));
    return found ? { found: true, providerMessageId: found.sid, state: deliveryStateOfResource(found.status) } : { found: false };
  }

  /** Walks the list newest first; `sortedByDateSent` lets it stop at the first page that reaches past the cutoff. */
  async function findOurMessage(query: URLSearchParams, text: string, cutoff: number, sortedByDateSent: boolean, claimed: ReadonlySet<string>): Promise<TwilioMessageResource | null> {
    query.set('PageSize', String(reconcilePageSize));
    let url: string | null = `${messagesUrl}?${query.toString()}`;
    let best: { message: TwilioMessageResource; createdAt: number } | null = null;
    for (let page = 0; url !== null && page < reconcileMaxPages; page += 1) {
      const list = await fetchMessagePage(url);
      for (const candidate of list.messages) {
        const createdAt = Date.parse(candidate.date_created ?? '');
        if (Number.isNaN(createdAt) || createdAt < cutoff) continue;
        if (candidate.direction && !candidate.direction.startsWith('outbound')) continue;
        if (sender.kind === 'service' && candidate.messaging_service_sid && candidate.messaging_service_sid !== sender.sid) continue;
        if (!sameText(candidate.body, text) || claimed.has(candidate.sid)) continue;
        if (best === null || createdAt < best.createdAt) best = { message: candidate, createdAt };
      }
      const oldest = list.messages.at(-1);
      const pastCutoff = sortedByDateSent && oldest !== undefined && Date.parse(oldest.date_created ?? '') < cutoff;
      url = !pastCutoff && list.nextPageUri?.startsWith('/') ? `${apiBaseUrl}${list.nextPageUri}` : null;
    }
    return best?.message ?? null;
  }

  /** One page of the Messages list; any failure throws, so the dispatcher tries the lookup again later. */
  async function fetchMessagePage(url: string): Promise<{ messages: TwilioMessageResource[]; nextPageUri: string | null }> {
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { headers: { authorization, accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
      text = await response.text();
    } catch (error) {
      throw new Error(`Looking up recent messages at Twilio failed: ${classifyNetworkFailure(error, { apiHost, timeoutMs }).failure.code}`, { cause: error });
    }
    const body = parseJson(text);
    if (!response.ok) {
      const code = (body as { code?: unknown } | null)?.code;
      throw new Error(`Looking up recent messages at Twilio failed: HTTP ${response.status}${typeof code === 'number' ? ` with error ${code}` : ''}`);
    }
    const messages = (body as { messages?: unknown } | null)?.messages;
    if (!Array.isArray(messages)) throw new Error(`Looking up recent messages at Twilio failed: HTTP ${response.status} without a messages list`);
    const nextPageUri = (body as { next_page_uri?: unknown }).next_page_uri;
    return {
      messages: messages.map(asMessageResource).filter((m): m is TwilioMessageResource => m !== null),
      nextPageUri: typeof nextPageUri === 'string' ? nextPageUri : null,
    };
  }

  return {
    channel: 'sms',
    name: 'twilio',
    send,
    reconcile,
    verifySignature: (request: WebhookRequest) => verifyTwilioSignature(options.authToken, request),
    parseStatusCallback: parseTwilioStatusCallback,
    parseInbound: parseTwilioInbound,
  };
}

type Sender = { kind: 'service'; sid: string } | { kind: 'number'; number: string };

function validateOptions(options: TwilioSmsOptions): Sender {
  const issues: ErrorIssue[] = [];
  if (!/^AC[0-9a-fA-F]{32}$/.test(options.accountSid)) {
    issues.push({ path: 'accountSid', value: options.accountSid, message: 'must be AC followed by 32 hexadecimal digits (TWILIO_ACCOUNT_SID)' });
  }
  if (!options.authToken) issues.push({ path: 'authToken', message: 'must not be empty (TWILIO_AUTH_TOKEN)' });
  const service = options.messagingServiceSid || null;
  const number = options.fromNumber || null;
  if ((service === null) === (number === null)) {
    issues.push({
      path: 'messagingServiceSid',
      message: `give exactly one of messagingServiceSid (TWILIO_MESSAGING_SERVICE_SID) and fromNumber (TWILIO_FROM_NUMBER); ${service === null ? 'neither was' : 'both were'} given`,
    });
  } else if (service !== null && !/^MG[0-9a-fA-F]{32}$/.test(service)) {
    issues.push({ path: 'messagingServiceSid', value: service, message: 'must be MG followed by 32 hexadecimal digits (TWILIO_MESSAGING_SERVICE_SID)' });
  }
  if (options.apiBaseUrl !== undefined && !/^https?:\/\/[^/]+/.test(options.apiBaseUrl)) {
    issues.push({ path: 'apiBaseUrl', value: options.apiBaseUrl, message: 'must be an http(s) URL such as https://api.twilio.com (TWILIO_API_BASE_URL)' });
  }
  if (options.timeoutMs !== undefined && !(Number.isInteger(options.timeoutMs) && options.timeoutMs > 0)) {
    issues.push({ path: 'timeoutMs', value: options.timeoutMs, message: 'must be a whole number of milliseconds above 0' });
  }
  if (issues.length > 0) {
    const shown = issues.map((i) => `${i.path}${i.value !== undefined ? `="${String(i.value)}"` : ''}: ${i.message}`);
    throw new AppError('invalid_config', `Twilio SMS settings are not valid: ${shown.join('; ')}`, issues);
  }
  return service !== null ? { kind: 'service', sid: service } : { kind: 'number', number: number as string };
}

/** The fields of Twilio's Message resource we read. */
interface TwilioMessageResource {
  sid: string;
  status: string | null;
  body: string | null;
  date_created: string | null;
  direction: string | null;
  messaging_service_sid: string | null;
}

function asMessageResource(value: unknown): TwilioMessageResource | null {
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  if (typeof record.sid !== 'string' || record.sid === '') return null;
  const text = (key: string): string | null => (typeof record[key] === 'string' ? (record[key] as string) : null);
  return {
    sid: record.sid,
    status: text('status'),
    body: text('body'),
    date_created: text('date_created'),
    direction: text('direction'),
    messaging_service_sid: text('messaging_service_sid'),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function failed(classified: ClassifiedFailure): SendResult {
  return classified.ambiguous ? { ok: false, failure: classified.failure, ambiguous: true } : { ok: false, failure: classified.failure };
}

/**
 * Twilio stores the body it sent, which a Messaging Service's Smart Encoding may have changed
 * (curly quotes, long dashes and the like replaced by plain ones). Compare through the same folding,
 * so such a message is still found and never sent twice.
 */
function sameText(stored: string | null, sent: string): boolean {
  if (stored === null) return false;
  return stored === sent || foldForComparison(stored) === foldForComparison(sent);
}

function foldForComparison(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/\u2026/g, '...')
    .replace(/[\u00A0\u2000-\u200A\u202F]/g, ' ')
    .replace(/\r\n/g, '\n')
    .trim();
}

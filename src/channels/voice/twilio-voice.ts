/**
 * Calls through Twilio Programmable Voice (shared/docs/channels.md §2): a thin REST client over global
 * fetch (tests point `apiBaseUrl` at the loopback stand-in), the SDK's webhook validator, and the form
 * bodies of call webhooks (shared/docs/provider-webhooks.md §4).
 */
import { systemClock, type Clock } from '../../clock.js';
import { AppError } from '../../domain/errors.js';
import type { WebhookRequest } from '../channel.js';
import { classifyNetworkFailure, classifyTwilioErrorAnswer, unreadableSuccessAnswer } from '../sms/twilio-send-failure.js';
import { parseTwilioForm, verifyTwilioSignature, type TwilioFormParams } from '../sms/twilio-webhooks.js';
import { defaultTwilioApiBaseUrl, defaultTwilioTimeoutMs } from '../sms/twilio.js';
import { bridgeTwiml, forwardTwiml, hangUpTwiml, voicemailTwiml } from './twiml.js';
import type { CallCreateResult, CallLookup, CallStatusReport, CallToCreate, InboundCall, RecordingReport, VoiceProvider } from './voice-channel.js';

export interface TwilioVoiceOptions {
  accountSid: string;
  authToken: string;
  apiBaseUrl?: string;
  timeoutMs?: number;
  clock?: Clock;
}

/** Reconciliation looks this far before the call row was written, for clock skew between us and Twilio. */
const reconcileSkewMs = 2 * 60_000;

export function createTwilioVoice(options: TwilioVoiceOptions): VoiceProvider {
  if (!/^AC[0-9a-fA-F]{32}$/.test(options.accountSid)) throw new AppError('invalid_config', `Twilio voice settings are not valid: accountSid="${options.accountSid}" must be AC followed by 32 hexadecimal digits (TWILIO_ACCOUNT_SID)`);
  if (!options.authToken) throw new AppError('invalid_config', 'Twilio voice settings are not valid: authToken must not be empty (TWILIO_AUTH_TOKEN)');
  const apiBaseUrl = (options.apiBaseUrl ?? defaultTwilioApiBaseUrl).replace(/\/+$/, '');
  const apiHost = new URL(apiBaseUrl).host;
  const timeoutMs = options.timeoutMs ?? defaultTwilioTimeoutMs;
  const clock = options.clock ?? systemClock;
  const accountUrl = `${apiBaseUrl}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}`;
  const authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;

  async function post(url: string, form: URLSearchParams): Promise<{ ok: true; body: unknown; status: number } | { ok: false; result: Extract<CallCreateResult, { ok: false }> }> {
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { authorization, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      const classified = classifyNetworkFailure(error, { apiHost, timeoutMs });
      return { ok: false, result: { ok: false, failure: classified.failure, ambiguous: classified.ambiguous } };
    }
    const body = parseJson(text);
    if (!response.ok) {
      const classified = classifyTwilioErrorAnswer(response.status, body, response.headers.get('retry-after'), clock.now());
      return { ok: false, result: { ok: false, failure: classified.failure, ambiguous: classified.ambiguous } };
    }
    return { ok: true, body, status: response.status };
  }

  async function createCall(call: CallToCreate): Promise<CallCreateResult> {
    const form = new URLSearchParams({
      To: call.to, From: call.from, Url: call.twimlUrl, Method: 'POST',
      StatusCallback: call.statusCallbackUrl, StatusCallbackMethod: 'POST',
    });
    for (const event of ['initiated', 'ringing', 'answered', 'completed']) form.append('StatusCallbackEvent', event);
    const answer = await post(`${accountUrl}/Calls.json`, form);
    if (!answer.ok) return answer.result;
    const resource = asCallResource(answer.body);
    if (!resource) {
      const classified = unreadableSuccessAnswer(answer.status);
      return { ok: false, failure: classified.failure, ambiguous: classified.ambiguous };
    }
    return { ok: true, sid: resource.sid, status: resource.status ?? 'queued' };
  }

  /** Twilio's create has no idempotency key: the call we made is the earliest to that number from that number since the row was written. */
  async function findCall(call: CallToCreate, claimed: ReadonlySet<string>): Promise<CallLookup> {
    const cutoff = call.recordedAt.getTime() - reconcileSkewMs;
    // No StartTime filter: a call Twilio has created but not yet started has no start time, and is the very one sought.
    const query = new URLSearchParams({ To: call.to, From: call.from, PageSize: '50' });
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${accountUrl}/Calls.json?${query.toString()}`, { headers: { authorization, accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
      text = await response.text();
    } catch (error) {
      throw new Error(`Looking up recent calls at Twilio failed: ${classifyNetworkFailure(error, { apiHost, timeoutMs }).failure.code}`, { cause: error });
    }
    if (!response.ok) throw new Error(`Looking up recent calls at Twilio failed: HTTP ${response.status}`);
    const calls = (parseJson(text) as { calls?: unknown } | null)?.calls;
    if (!Array.isArray(calls)) throw new Error(`Looking up recent calls at Twilio failed: HTTP ${response.status} without a calls list`);
    const ours = calls.map(asCallResource)
      .filter((c): c is TwilioCallResource => c !== null && !claimed.has(c.sid) && Date.parse(c.date_created ?? '') >= cutoff && (c.direction ?? 'outbound-api') === 'outbound-api')
      .sort((a, b) => Date.parse(a.date_created ?? '') - Date.parse(b.date_created ?? ''))[0];
    return ours ? { found: true, sid: ours.sid, status: ours.status ?? 'queued' } : { found: false };
  }

  async function updateCall(callSid: string, twiml: string) {
    const answer = await post(`${accountUrl}/Calls/${encodeURIComponent(callSid)}.json`, new URLSearchParams({ Twiml: twiml }));
    return answer.ok ? { ok: true as const } : { ok: false as const, failure: answer.result.failure };
  }

  return {
    name: 'twilio',
    instructions: { bridge: bridgeTwiml, voicemail: voicemailTwiml, forward: forwardTwiml, hangUp: hangUpTwiml },
    createCall,
    findCall,
    updateCall,
    verifySignature: (request: WebhookRequest) => verifyTwilioSignature(options.authToken, request),
    parseStatus: parseTwilioCallStatus,
    parseInbound: parseTwilioInboundCall,
    parseRecording: parseTwilioRecordingStatus,
  };
}

export function parseTwilioCallStatus(request: WebhookRequest): CallStatusReport {
  const form = parseTwilioForm(request.rawBody);
  const fields = requireFields('call status callback', form, ['CallSid', 'CallStatus']);
  const timestamp = Date.parse(single(form.Timestamp) ?? '');
  return {
    callSid: fields.CallSid,
    parentCallSid: single(form.ParentCallSid) || null,
    status: fields.CallStatus,
    occurredAt: Number.isNaN(timestamp) ? null : new Date(timestamp),
    durationSeconds: wholeNumber(single(form.CallDuration) ?? single(form.DialCallDuration)),
    recordingSid: single(form.RecordingSid) || null,
    recordingSeconds: wholeNumber(single(form.RecordingDuration)),
  };
}

/** The recording status callback a <Dial record> sends (RecordingUrl is deliberately not read: the audio stays at Twilio). */
export function parseTwilioRecordingStatus(request: WebhookRequest): RecordingReport {
  const form = parseTwilioForm(request.rawBody);
  const fields = requireFields('recording status callback', form, ['CallSid', 'RecordingSid', 'RecordingStatus']);
  return { callSid: fields.CallSid, recordingSid: fields.RecordingSid, status: fields.RecordingStatus, durationSeconds: wholeNumber(single(form.RecordingDuration)) };
}

export function parseTwilioInboundCall(request: WebhookRequest): InboundCall {
  const fields = requireFields('incoming call', parseTwilioForm(request.rawBody), ['CallSid', 'From', 'To']);
  return { callSid: fields.CallSid, from: fields.From, to: fields.To };
}

interface TwilioCallResource {
  sid: string;
  status: string | null;
  date_created: string | null;
  direction: string | null;
}

function asCallResource(value: unknown): TwilioCallResource | null {
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  if (typeof record.sid !== 'string' || record.sid === '') return null;
  const text = (key: string): string | null => (typeof record[key] === 'string' ? (record[key] as string) : null);
  return { sid: record.sid, status: text('status'), date_created: text('date_created'), direction: text('direction') };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function wholeNumber(value: string | undefined): number | null {
  return value !== undefined && /^\d+$/.test(value.trim()) ? Number(value.trim()) : null;
}

/** The named fields, or invalid_input naming the missing ones and the names that arrived (names only: values are phone numbers). */
function requireFields<Name extends string>(what: string, form: TwilioFormParams, names: readonly Name[]): Record<Name, string> {
  const values = {} as Record<Name, string>;
  const missing = names.filter((name) => !single(form[name]));
  if (missing.length > 0) {
    throw new AppError('invalid_input', `Twilio ${what} is missing ${missing.join(', ')}: required are ${names.join(', ')}; received fields: ${Object.keys(form).sort().join(', ') || 'none'}`,
      missing.map((name) => ({ path: name, message: `required in a Twilio ${what}` })));
  }
  for (const name of names) values[name] = single(form[name]) as string;
  return values;
}

/**
 * A Twilio stand-in on loopback, for tests and the bench: the Messages API (create, list, fetch) and
 * the Calls API (create, list, update) as Twilio documents them, strict about what Recare must send,
 * plus helpers that post signed webhooks the way Twilio does (message status callbacks, inbound texts,
 * a call's Url fetch when the callee answers, call status callbacks, incoming calls).
 *
 * What it checks on a create, in Twilio's order, each with Twilio's error shape
 * `{code, message, more_info, status}`:
 *   - Basic auth with this account's SID and auth token (401, 20003), the account in the path (404, 20404);
 *   - form fields (a body that is not application/x-www-form-urlencoded yields no fields, as at Twilio);
 *   - To present (21604) and E.164 (21211); From or MessagingServiceSid present (21603); From one of the
 *     account's numbers when `ownedNumbers` is given (21606); MessagingServiceSid well-formed (21701);
 *   - Body present (21602) and at most 1600 characters (21617);
 *   - StatusCallback present (Recare always sends one; Twilio itself would not insist) and an absolute
 *     http(s) URL (21609).
 * A created message starts 'queued' (from a number) or 'accepted' (through a Messaging Service),
 * with date_sent null until a status callback says it was sent, as at Twilio.
 *
 * Scripting: `failFor(to, answer)` for every create to one number, `nextAnswers([...])` for the next
 * creates in order (before failFor), `holdNext()` to accept a create and keep the caller waiting.
 * An answer with `stored: true` (or `reset`) keeps the message as Twilio would have created it: the
 * ambiguous cases that reconciliation must find.
 */
import { createHash, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';
import type { Clock } from '../../src/clock.js';
import { countSmsSegments } from '../../src/domain/messages/index.js';

export interface TwilioStandInOptions {
  accountSid: string;
  authToken: string;
  /** Twilio's clock: date_created and the DateSent filters. Pass the test's pinned clock. */
  clock: Clock;
  /** The account's numbers: a From outside them is refused (21606). Omitted: any From is accepted. */
  ownedNumbers?: readonly string[];
  /** Refuse a create without StatusCallback (21609). Default true: Recare always asks for callbacks. */
  requireStatusCallback?: boolean;
}

/** A message the stand-in created (Twilio's Message resource, in our words). */
export interface StandInMessage {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
  status: string;
  errorCode: number | null;
  dateCreated: Date;
  dateSent: Date | null;
  dateUpdated: Date;
  numSegments: number;
  /** Every form field exactly as received, to assert the wire format. */
  form: Readonly<Record<string, readonly string[]>>;
}

/** A call the stand-in created (Twilio's Call resource, in our words): the leg to the staff phone, and the patient leg once bridged. */
export interface StandInCall {
  sid: string;
  to: string;
  from: string;
  url: string | null;
  twiml: string | null;
  statusCallback: string | null;
  statusCallbackEvents: readonly string[];
  status: string;
  dateCreated: Date;
  /** Every update (POST /Calls/{sid}.json) with the TwiML or Url it carried, oldest first. */
  updates: { twiml: string | null; url: string | null }[];
  /** A child leg ('outbound-dial'), as a <Dial><Number> creates it; else 'outbound-api'. */
  direction: 'outbound-api' | 'outbound-dial' | 'inbound';
  parentCallSid: string | null;
  form: Readonly<Record<string, readonly string[]>>;
}

/** Every request the stand-in saw, valid or not, with what it answered. */
export interface StandInRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  form: Readonly<Record<string, readonly string[]>>;
  /** The HTTP status answered; 'held' until released; 'reset' when the connection was dropped. */
  answer: number | 'held' | 'reset';
}

/** A scripted answer: an HTTP error in Twilio's shape, a success, or a dropped connection. */
export type ScriptedAnswer =
  | { status: number; code?: number; message?: string; retryAfter?: number | string; stored?: boolean }
  | { reset: true; stored?: boolean };

export interface HeldCreate {
  /** Resolves when the create arrived and the message was stored (Twilio has it; the caller has no answer yet). */
  received: Promise<StandInMessage>;
  /** Answer the held request now: 201 with the message unless told otherwise. Harmless if the caller has gone. */
  release(answer?: ScriptedAnswer): void;
}

/** Where a webhook goes: one URL, or the public URL Twilio signs and the loopback URL it really reaches. */
export type WebhookTarget = string | { signedUrl: string; postUrl: string };

export interface WebhookSendOptions {
  /** Sign with another token (a forged or stale signature). */
  signWith?: string;
  /** Send exactly this X-Twilio-Signature ('' sends none). */
  signature?: string;
  /** More form fields, sent and signed. */
  extra?: Record<string, string>;
}

export interface WebhookAnswer {
  status: number;
  contentType: string | null;
  body: string;
}

export interface TwilioStandIn {
  /** http://127.0.0.1:{port}: pass as the adapter's apiBaseUrl. */
  readonly baseUrl: string;
  readonly accountSid: string;
  readonly authToken: string;
  /** Messages created, oldest first. */
  readonly messages: readonly StandInMessage[];
  readonly requests: readonly StandInRequest[];
  /** 'request' (StandInRequest) and 'message' (StandInMessage) as they happen. */
  readonly events: EventEmitter;
  messagesTo(to: string): StandInMessage[];
  failFor(to: string, answer: ScriptedAnswer): void;
  clearFailFor(to: string): void;
  nextAnswers(answers: readonly ScriptedAnswer[]): void;
  nextListAnswers(answers: readonly ScriptedAnswer[]): void;
  holdNext(): HeldCreate;
  /** Move a message along as Twilio would (sent, delivered, failed…) without posting a callback; sets date_sent on sending. */
  setStatus(sid: string, status: string, errorCode?: number): StandInMessage;
  /** Resolves once at least `count` messages exist. */
  waitForMessages(count: number): Promise<void>;
  sendStatusCallback(target: WebhookTarget, params: { MessageSid: string; MessageStatus: string; ErrorCode?: string }, options?: WebhookSendOptions): Promise<WebhookAnswer>;
  sendInbound(target: WebhookTarget, params: { From: string; To: string; Body: string; OptOutType?: 'STOP' | 'START' | 'HELP'; MessageSid?: string }, options?: WebhookSendOptions): Promise<WebhookAnswer>;
  /** Calls created (Calls.json), and the patient legs the stand-in dialled for them, oldest first. */
  readonly calls: readonly StandInCall[];
  callsTo(to: string): StandInCall[];
  /** Resolves once at least `count` calls were created through the API. */
  waitForCalls(count: number): Promise<void>;
  /** The staff member answers: fetches the call's Url as Twilio does (signed, with CallSid and CallStatus=in-progress) and returns the TwiML. */
  answerCall(sid: string, target: (url: string) => WebhookTarget, options?: WebhookSendOptions): Promise<WebhookAnswer>;
  /** Starts the patient leg a <Dial><Number> asks for (a child call of `parentSid`), as Twilio does when the bridge TwiML runs. */
  dialChild(parentSid: string, to: string, statusCallback: string | null): StandInCall;
  /** A status callback for a call leg, signed as Twilio signs it, to `target` (the leg's statusCallback, posted on loopback). */
  sendCallStatus(target: WebhookTarget, params: { CallSid: string; CallStatus: string; CallDuration?: string; Timestamp?: string; SequenceNumber?: string }, options?: WebhookSendOptions): Promise<WebhookAnswer>;
  /** A <Dial record> call's recording is ready: the recording status callback, signed, as Twilio posts it. */
  sendRecordingStatus(target: WebhookTarget, params: { CallSid: string; RecordingDuration: string; RecordingStatus?: string; RecordingSid?: string }, options?: WebhookSendOptions): Promise<WebhookAnswer>;
  /** A patient calling one of the account's numbers: the incoming-call webhook, signed. */
  sendIncomingCall(target: WebhookTarget, params: { From: string; To: string; CallSid?: string }, options?: WebhookSendOptions): Promise<WebhookAnswer>;
  close(): Promise<void>;
}

const apiVersion = '2010-04-01';
const e164 = /^\+[1-9]\d{1,14}$/;
const maxBodyCharacters = 1600;
const defaultPageSize = 50;
const maxPageSize = 1000;
const defaultCodes: Readonly<Record<number, number>> = { 401: 20003, 404: 20404, 429: 20429, 500: 20500, 502: 20502, 503: 20503 };
const defaultMessages: Readonly<Record<number, string>> = {
  20003: 'Authenticate',
  20404: 'The requested resource was not found',
  20429: 'Too Many Requests',
  20500: 'An internal server error has occurred',
  20503: 'Service unavailable',
  21610: 'Attempt to send to unsubscribed recipient',
  21614: "'To' number is not a valid mobile number",
};

export async function startTwilioStandIn(options: TwilioStandInOptions): Promise<TwilioStandIn> {
  const { accountSid, authToken, clock } = options;
  const requireStatusCallback = options.requireStatusCallback ?? true;
  const owned = options.ownedNumbers ? new Set(options.ownedNumbers) : null;
  const messages: StandInMessage[] = [];
  const calls: StandInCall[] = [];
  const requests: StandInRequest[] = [];
  const events = new EventEmitter();
  const failures = new Map<string, ScriptedAnswer>();
  const createAnswers: ScriptedAnswer[] = [];
  const listAnswers: ScriptedAnswer[] = [];
  type Hold = { resolve: (m: StandInMessage) => void; answer: Promise<ScriptedAnswer | undefined>; release: (a?: ScriptedAnswer) => void };
  const holds: Hold[] = [];
  const pendingHolds = new Set<Hold>();
  let sequence = 0;

  const accountPath = `/${apiVersion}/Accounts/${accountSid}`;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void handle(req, res, Buffer.concat(chunks)).catch((error: unknown) => {
        if (!res.headersSent) answerError(res, 500, 20500, `stand-in failure: ${String(error)}`);
      });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse, rawBody: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    const form = req.method === 'POST' && contentType === 'application/x-www-form-urlencoded' ? formFields(rawBody) : {};
    const logged: StandInRequest = { method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, form, answer: 'held' };
    requests.push(logged);
    events.emit('request', logged);
    const answer = (status: number, code: number, message: string, headers: Record<string, string> = {}): void => {
      logged.answer = status;
      answerError(res, status, code, message, headers);
    };

    if (!authorised(req.headers.authorization)) {
      answer(401, 20003, defaultMessages[20003] as string, { 'www-authenticate': 'Basic realm="Twilio API"' });
      return;
    }
    if (!url.pathname.startsWith(`${accountPath}/`)) {
      answer(404, 20404, `The requested resource ${url.pathname} was not found`);
      return;
    }
    const rest = url.pathname.slice(accountPath.length);
    if (rest === '/Messages.json' && req.method === 'POST') {
      await create(res, logged, form, contentType ?? '');
      return;
    }
    if (rest === '/Messages.json' && req.method === 'GET') {
      list(res, logged, url);
      return;
    }
    if (rest === '/Calls.json' && req.method === 'POST') {
      createCall(res, logged, form, contentType ?? '');
      return;
    }
    if (rest === '/Calls.json' && req.method === 'GET') {
      listCalls(res, logged, url);
      return;
    }
    const oneCall = /^\/Calls\/(CA[0-9a-f]{32})\.json$/.exec(rest);
    if (oneCall && req.method === 'POST') {
      updateCall(res, logged, oneCall[1] as string, form);
      return;
    }
    const one = /^\/Messages\/(SM[0-9a-f]{32})\.json$/.exec(rest);
    const found = one && req.method === 'GET' ? messages.find((m) => m.sid === one[1]) : undefined;
    if (found) {
      logged.answer = 200;
      answerJson(res, 200, resource(found));
      return;
    }
    answer(404, 20404, `The requested resource ${url.pathname} was not found`);
  }

  function authorised(header: string | undefined): boolean {
    const match = /^Basic (.+)$/.exec(header ?? '');
    if (!match?.[1]) return false;
    return Buffer.from(match[1], 'base64').toString('utf8') === `${accountSid}:${authToken}`;
  }

  async function create(res: ServerResponse, logged: StandInRequest, form: Record<string, string[]>, contentType: string): Promise<void> {
    const field = (name: string): string | undefined => form[name]?.[0];
    const refuse = (code: number, message: string): void => {
      logged.answer = 400;
      answerError(res, 400, code, message);
    };
    const to = field('To');
    const from = field('From');
    const service = field('MessagingServiceSid');
    const body = field('Body');
    const statusCallback = field('StatusCallback');
    const noFields = Object.keys(form).length === 0 ? ` (no form fields were read: Content-Type was "${contentType || 'none'}", not application/x-www-form-urlencoded)` : '';
    if (!to) return refuse(21604, `A 'To' phone number is required.${noFields}`);
    if (!e164.test(to)) return refuse(21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!from && !service) return refuse(21603, "A 'From' phone number or a 'MessagingServiceSid' is required.");
    if (from && owned && !owned.has(from)) return refuse(21606, `The 'From' phone number provided (${from}) is not a valid message-capable Twilio phone number for this destination/account.`);
    if (service && !/^MG[0-9a-f]{32}$/.test(service)) return refuse(21701, `The Messaging Service Sid ${service} is invalid.`);
    if (!body) return refuse(21602, 'Message body is required.');
    if ([...body].length > maxBodyCharacters) return refuse(21617, `The concatenated message body exceeds the ${maxBodyCharacters} character limit.`);
    if (statusCallback === undefined && requireStatusCallback) {
      return refuse(21609, "Invalid 'StatusCallback': this stand-in requires one on every message (Recare always asks for delivery reports).");
    }
    if (statusCallback !== undefined && !isAbsoluteHttpUrl(statusCallback)) {
      return refuse(21609, `Invalid 'StatusCallback': "${statusCallback}" is not an absolute http(s) URL.`);
    }

    const store = (): StandInMessage => {
      const now = clock.now();
      sequence += 1;
      const message: StandInMessage = {
        sid: `SM${createHash('sha256').update(`${accountSid}:${sequence}:${randomUUID()}`).digest('hex').slice(0, 32)}`,
        to,
        from: from ?? null,
        messagingServiceSid: service ?? null,
        body,
        statusCallback: statusCallback ?? null,
        status: service ? 'accepted' : 'queued',
        errorCode: null,
        dateCreated: now,
        dateSent: null,
        dateUpdated: now,
        numSegments: Math.max(1, countSmsSegments(body).segments),
        form,
      };
      messages.push(message);
      events.emit('message', message);
      return message;
    };

    const scripted = createAnswers.shift() ?? failures.get(to);
    if (scripted && !isSuccess(scripted)) {
      if (scripted.stored) store();
      respondScripted(res, logged, scripted);
      return;
    }
    const hold = holds.shift();
    const message = store();
    if (hold) {
      pendingHolds.add(hold);
      hold.resolve(message);
      const releasedWith = await hold.answer;
      pendingHolds.delete(hold);
      if (res.destroyed || res.writableEnded) return;
      if (releasedWith && !isSuccess(releasedWith)) {
        respondScripted(res, logged, releasedWith);
        return;
      }
    }
    logged.answer = 201;
    answerJson(res, 201, resource(message));
  }

  function respondScripted(res: ServerResponse, logged: StandInRequest, scripted: ScriptedAnswer): void {
    if ('reset' in scripted) {
      logged.answer = 'reset';
      res.socket?.destroy();
      return;
    }
    const code = scripted.code ?? defaultCodes[scripted.status];
    if (code === undefined) throw new Error(`scripted answer with HTTP ${scripted.status} needs a Twilio error code`);
    logged.answer = scripted.status;
    const headers: Record<string, string> = scripted.retryAfter !== undefined ? { 'retry-after': String(scripted.retryAfter) } : {};
    answerError(res, scripted.status, code, scripted.message ?? defaultMessages[code] ?? `Error ${code}`, headers);
  }

  function list(res: ServerResponse, logged: StandInRequest, url: URL): void {
    const scripted = listAnswers.shift();
    if (scripted && !isSuccess(scripted)) {
      respondScripted(res, logged, scripted);
      return;
    }
    const q = url.searchParams;
    const to = q.get('To');
    const from = q.get('From');
    const on = q.get('DateSent');
    const onOrAfter = q.get('DateSent>');
    const onOrBefore = q.get('DateSent<');
    const pageSize = Math.min(maxPageSize, Math.max(1, Number(q.get('PageSize') ?? defaultPageSize) || defaultPageSize));
    const page = Math.max(0, Number(q.get('Page') ?? 0) || 0);
    const day = (d: Date): string => d.toISOString().slice(0, 10);
    const order = new Map(messages.map((m, i) => [m, i]));
    const matching = messages
      .filter((m) => (to === null || m.to === to) && (from === null || m.from === from))
      // A DateSent filter only ever matches messages that have been sent.
      .filter((m) => (on === null || (m.dateSent !== null && day(m.dateSent) === on))
        && (onOrAfter === null || (m.dateSent !== null && day(m.dateSent) >= onOrAfter))
        && (onOrBefore === null || (m.dateSent !== null && day(m.dateSent) <= onOrBefore)))
      // Newest first: not yet sent (newest of all), then by date sent, then by creation.
      .sort((a, b) => (b.dateSent?.getTime() ?? Infinity) - (a.dateSent?.getTime() ?? Infinity) || (order.get(b) ?? 0) - (order.get(a) ?? 0));
    const slice = matching.slice(page * pageSize, (page + 1) * pageSize);
    const filters = new URLSearchParams();
    for (const [name, value] of q) if (name !== 'Page' && name !== 'PageSize' && name !== 'PageToken') filters.append(name, value);
    const pageUri = (n: number, token?: string): string => {
      const params = new URLSearchParams(filters);
      params.set('PageSize', String(pageSize));
      params.set('Page', String(n));
      if (token) params.set('PageToken', token);
      return `${accountPath}/Messages.json?${params.toString()}`;
    };
    const last = slice.at(-1);
    logged.answer = 200;
    answerJson(res, 200, {
      messages: slice.map(resource),
      page,
      page_size: pageSize,
      start: page * pageSize,
      end: page * pageSize + Math.max(0, slice.length - 1),
      uri: pageUri(page),
      first_page_uri: pageUri(0),
      previous_page_uri: page > 0 ? pageUri(page - 1) : null,
      next_page_uri: matching.length > (page + 1) * pageSize && last ? pageUri(page + 1, `PA${last.sid}`) : null,
    });
  }

  function resource(m: StandInMessage): Record<string, unknown> {
    const uri = `${accountPath}/Messages/${m.sid}.json`;
    return {
      account_sid: accountSid,
      api_version: apiVersion,
      body: m.body,
      date_created: rfc2822(m.dateCreated),
      date_sent: m.dateSent ? rfc2822(m.dateSent) : null,
      date_updated: rfc2822(m.dateUpdated),
      direction: 'outbound-api',
      error_code: m.errorCode,
      error_message: null,
      from: m.from,
      messaging_service_sid: m.messagingServiceSid,
      num_media: '0',
      num_segments: String(m.numSegments),
      price: null,
      price_unit: 'USD',
      sid: m.sid,
      status: m.status,
      subresource_uris: { media: `${accountPath}/Messages/${m.sid}/Media.json` },
      to: m.to,
      uri,
    };
  }

  const callEvents = new Set(['initiated', 'ringing', 'answered', 'completed']);

  /** POST /Calls.json as Twilio documents it: To and From (E.164), exactly one of Url and Twiml, a StatusCallback with known events. */
  function createCall(res: ServerResponse, logged: StandInRequest, form: Record<string, string[]>, contentType: string): void {
    const field = (name: string): string | undefined => form[name]?.[0];
    const refuse = (code: number, message: string): void => {
      logged.answer = 400;
      answerError(res, 400, code, message);
    };
    const to = field('To');
    const from = field('From');
    const url = field('Url');
    const twiml = field('Twiml');
    const statusCallback = field('StatusCallback');
    const events = form.StatusCallbackEvent ?? [];
    const noFields = Object.keys(form).length === 0 ? ` (no form fields were read: Content-Type was "${contentType || 'none'}")` : '';
    if (!to) return refuse(21201, `No 'To' number is specified.${noFields}`);
    if (!e164.test(to)) return refuse(21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!from) return refuse(21213, "No 'From' number is specified.");
    if (owned && !owned.has(from)) return refuse(21210, `The source phone number provided, ${from}, is not yet verified for your account.`);
    if ((url === undefined) === (twiml === undefined)) return refuse(21205, 'Exactly one of Url and Twiml is required.');
    if (url !== undefined && !isAbsoluteHttpUrl(url)) return refuse(21205, `Url "${url}" is not a valid URL.`);
    if (statusCallback !== undefined && !isAbsoluteHttpUrl(statusCallback)) return refuse(21609, `Invalid 'StatusCallback': "${statusCallback}" is not an absolute http(s) URL.`);
    const unknown = events.filter((e) => !callEvents.has(e));
    if (unknown.length > 0) return refuse(21626, `StatusCallbackEvent ${unknown.join(', ')} is not one of initiated, ringing, answered, completed.`);
    const scripted = createAnswers.shift() ?? failures.get(to);
    if (scripted && !isSuccess(scripted)) {
      if (scripted.stored) storeCall({ to, from, url: url ?? null, twiml: twiml ?? null, statusCallback: statusCallback ?? null, events, form, direction: 'outbound-api', parent: null });
      respondScripted(res, logged, scripted);
      return;
    }
    const call = storeCall({ to, from, url: url ?? null, twiml: twiml ?? null, statusCallback: statusCallback ?? null, events, form, direction: 'outbound-api', parent: null });
    logged.answer = 201;
    answerJson(res, 201, callResource(call));
  }

  function storeCall(c: { to: string; from: string; url: string | null; twiml: string | null; statusCallback: string | null; events: readonly string[]; form: Record<string, string[]>; direction: StandInCall['direction']; parent: string | null }): StandInCall {
    sequence += 1;
    const call: StandInCall = {
      sid: `CA${createHash('sha256').update(`${accountSid}:call:${sequence}:${randomUUID()}`).digest('hex').slice(0, 32)}`,
      to: c.to, from: c.from, url: c.url, twiml: c.twiml, statusCallback: c.statusCallback, statusCallbackEvents: c.events, status: 'queued',
      dateCreated: clock.now(), updates: [], direction: c.direction, parentCallSid: c.parent, form: c.form,
    };
    calls.push(call);
    events.emit('call', call);
    return call;
  }

  /** POST /Calls/{sid}.json: redirect a live call to new TwiML (or a Url), or end it with Status=completed. */
  function updateCall(res: ServerResponse, logged: StandInRequest, sid: string, form: Record<string, string[]>): void {
    const call = calls.find((c) => c.sid === sid);
    if (!call) {
      logged.answer = 404;
      answerError(res, 404, 20404, `The requested resource /Calls/${sid}.json was not found`);
      return;
    }
    if (['completed', 'busy', 'no-answer', 'failed', 'canceled'].includes(call.status)) {
      logged.answer = 400;
      answerError(res, 400, 21220, 'Call is not in-progress. Cannot redirect.');
      return;
    }
    const twiml = form.Twiml?.[0] ?? null;
    const url = form.Url?.[0] ?? null;
    if (twiml === null && url === null && form.Status?.[0] !== 'completed') {
      logged.answer = 400;
      answerError(res, 400, 21205, 'An update needs Twiml, Url or Status=completed.');
      return;
    }
    call.updates.push({ twiml, url });
    if (form.Status?.[0] === 'completed') call.status = 'completed';
    logged.answer = 200;
    answerJson(res, 200, callResource(call));
  }

  function listCalls(res: ServerResponse, logged: StandInRequest, url: URL): void {
    const scripted = listAnswers.shift();
    if (scripted && !isSuccess(scripted)) {
      respondScripted(res, logged, scripted);
      return;
    }
    const q = url.searchParams;
    const to = q.get('To');
    const from = q.get('From');
    const startedOnOrAfter = q.get('StartTime>');
    const matching = calls.filter((c) => c.direction === 'outbound-api' && (to === null || c.to === to) && (from === null || c.from === from)
      && (startedOnOrAfter === null || c.dateCreated.toISOString().slice(0, 10) >= startedOnOrAfter)).reverse();
    logged.answer = 200;
    answerJson(res, 200, { calls: matching.map(callResource), page: 0, page_size: 50, next_page_uri: null, uri: `${accountPath}/Calls.json` });
  }

  function callResource(c: StandInCall): Record<string, unknown> {
    return {
      sid: c.sid, account_sid: accountSid, to: c.to, from: c.from, status: c.status, direction: c.direction, parent_call_sid: c.parentCallSid,
      date_created: rfc2822(c.dateCreated), date_updated: rfc2822(c.dateCreated), start_time: null, end_time: null, duration: null, api_version: apiVersion,
      uri: `${accountPath}/Calls/${c.sid}.json`,
    };
  }

  function setStatus(sid: string, status: string, errorCode?: number): StandInMessage {
    const message = messages.find((m) => m.sid === sid);
    if (!message) throw new Error(`the stand-in has no message ${sid}`);
    const now = clock.now();
    message.status = status;
    message.dateUpdated = now;
    if (message.dateSent === null && ['sending', 'sent', 'delivered', 'undelivered', 'read', 'partially_delivered'].includes(status)) message.dateSent = now;
    if (errorCode !== undefined) message.errorCode = errorCode;
    return message;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  async function postWebhook(target: WebhookTarget, params: Record<string, string>, sendOptions: WebhookSendOptions = {}): Promise<WebhookAnswer> {
    const { signedUrl, postUrl } = typeof target === 'string' ? { signedUrl: target, postUrl: target } : target;
    const all = { ...params, ...sendOptions.extra };
    const signature = sendOptions.signature ?? getExpectedTwilioSignature(sendOptions.signWith ?? authToken, signedUrl, all);
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': 'TwilioProxy/1.1',
      'i-twilio-idempotency-token': randomUUID(),
    };
    if (signature !== '') headers['x-twilio-signature'] = signature;
    const response = await fetch(postUrl, { method: 'POST', headers, body: new URLSearchParams(all).toString() });
    return { status: response.status, contentType: response.headers.get('content-type'), body: await response.text() };
  }

  const standIn: TwilioStandIn = {
    baseUrl: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    messages,
    requests,
    events,
    messagesTo: (to) => messages.filter((m) => m.to === to),
    failFor: (to, answer) => void failures.set(to, answer),
    clearFailFor: (to) => void failures.delete(to),
    nextAnswers: (answers) => void createAnswers.push(...answers),
    nextListAnswers: (answers) => void listAnswers.push(...answers),
    holdNext() {
      let resolveReceived!: (m: StandInMessage) => void;
      let release!: (answer?: ScriptedAnswer) => void;
      const received = new Promise<StandInMessage>((resolve) => (resolveReceived = resolve));
      const answer = new Promise<ScriptedAnswer | undefined>((resolve) => (release = resolve));
      holds.push({ resolve: resolveReceived, answer, release });
      return { received, release: (a?: ScriptedAnswer) => release(a) };
    },
    waitForMessages(count) {
      if (messages.length >= count) return Promise.resolve();
      return new Promise((resolve) => {
        const onMessage = (): void => {
          if (messages.length < count) return;
          events.off('message', onMessage);
          resolve();
        };
        events.on('message', onMessage);
      });
    },
    setStatus,
    sendStatusCallback(target, params, sendOptions) {
      const known = messages.some((m) => m.sid === params.MessageSid);
      const message = known ? setStatus(params.MessageSid, params.MessageStatus, params.ErrorCode ? Number(params.ErrorCode) : undefined) : undefined;
      const form: Record<string, string> = {
        AccountSid: accountSid,
        ApiVersion: apiVersion,
        MessageSid: params.MessageSid,
        MessageStatus: params.MessageStatus,
        SmsSid: params.MessageSid,
        SmsStatus: params.MessageStatus,
      };
      if (message) {
        form.To = message.to;
        if (message.from) form.From = message.from;
        if (message.messagingServiceSid) form.MessagingServiceSid = message.messagingServiceSid;
      }
      if (params.ErrorCode !== undefined) form.ErrorCode = params.ErrorCode;
      return postWebhook(target, form, sendOptions);
    },
    sendInbound(target, params, sendOptions) {
      sequence += 1;
      const sid = params.MessageSid ?? `SM${createHash('sha256').update(`inbound:${sequence}:${randomUUID()}`).digest('hex').slice(0, 32)}`;
      const form: Record<string, string> = {
        AccountSid: accountSid,
        ApiVersion: apiVersion,
        MessageSid: sid,
        SmsMessageSid: sid,
        SmsSid: sid,
        SmsStatus: 'received',
        From: params.From,
        To: params.To,
        Body: params.Body,
        NumMedia: '0',
        NumSegments: String(Math.max(1, countSmsSegments(params.Body).segments)),
      };
      if (params.OptOutType) form.OptOutType = params.OptOutType;
      return postWebhook(target, form, sendOptions);
    },
    calls,
    callsTo: (to) => calls.filter((c) => c.to === to),
    waitForCalls(count) {
      const made = () => calls.filter((c) => c.direction === 'outbound-api').length;
      if (made() >= count) return Promise.resolve();
      return new Promise((resolve) => {
        const onCall = (): void => {
          if (made() < count) return;
          events.off('call', onCall);
          resolve();
        };
        events.on('call', onCall);
      });
    },
    async answerCall(sid, target, sendOptions) {
      const call = calls.find((c) => c.sid === sid);
      if (!call?.url) throw new Error(`the stand-in has no call ${sid} with a Url`);
      call.status = 'in-progress';
      return postWebhook(target(call.url), {
        AccountSid: accountSid, ApiVersion: apiVersion, CallSid: call.sid, CallStatus: 'in-progress', Direction: 'outbound-api', From: call.from, To: call.to,
      }, sendOptions);
    },
    dialChild(parentSid, to, statusCallback) {
      const parent = calls.find((c) => c.sid === parentSid);
      if (!parent) throw new Error(`the stand-in has no call ${parentSid}`);
      return storeCall({ to, from: parent.from, url: null, twiml: null, statusCallback, events: [...callEvents], form: {}, direction: 'outbound-dial', parent: parentSid });
    },
    sendCallStatus(target, params, sendOptions) {
      const call = calls.find((c) => c.sid === params.CallSid);
      if (call) call.status = params.CallStatus === 'initiated' ? 'queued' : params.CallStatus === 'answered' ? 'in-progress' : params.CallStatus;
      const form: Record<string, string> = {
        AccountSid: accountSid, ApiVersion: apiVersion, CallSid: params.CallSid, CallStatus: params.CallStatus, CallbackSource: 'call-progress-events',
        Timestamp: params.Timestamp ?? clock.now().toUTCString(), SequenceNumber: params.SequenceNumber ?? '0',
      };
      if (call) {
        form.To = call.to;
        form.From = call.from;
        form.Direction = call.direction;
        if (call.parentCallSid) form.ParentCallSid = call.parentCallSid;
      }
      if (params.CallDuration !== undefined) form.CallDuration = params.CallDuration;
      return postWebhook(target, form, sendOptions);
    },
    sendRecordingStatus(target, params, sendOptions) {
      sequence += 1;
      const recordingSid = params.RecordingSid ?? `RE${createHash('sha256').update(`recording:${sequence}:${randomUUID()}`).digest('hex').slice(0, 32)}`;
      return postWebhook(target, {
        AccountSid: accountSid, CallSid: params.CallSid, RecordingSid: recordingSid, RecordingStatus: params.RecordingStatus ?? 'completed',
        RecordingUrl: `https://api.twilio.com${accountPath}/Recordings/${recordingSid}`, RecordingDuration: params.RecordingDuration,
        RecordingChannels: '2', RecordingSource: 'DialVerb', RecordingTrack: 'both', RecordingStartTime: clock.now().toUTCString(),
      }, sendOptions);
    },
    sendIncomingCall(target, params, sendOptions) {
      sequence += 1;
      const sid = params.CallSid ?? `CA${createHash('sha256').update(`incoming:${sequence}:${randomUUID()}`).digest('hex').slice(0, 32)}`;
      return postWebhook(target, {
        AccountSid: accountSid, ApiVersion: apiVersion, CallSid: sid, CallStatus: 'ringing', Direction: 'inbound', From: params.From, To: params.To, Caller: params.From, Called: params.To,
      }, sendOptions);
    },
    async close() {
      // A held caller sees the connection drop, as if Twilio went away mid-request.
      for (const hold of pendingHolds) hold.release({ reset: true });
      holds.splice(0);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return standIn;
}

function isSuccess(answer: ScriptedAnswer): boolean {
  return !('reset' in answer) && answer.status >= 200 && answer.status < 300;
}

function answerJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'twilio-request-id': `RQ${randomUUID().replace(/-/g, '')}`, ...headers });
  res.end(JSON.stringify(body));
}

function answerError(res: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  answerJson(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }, headers);
}

function formFields(rawBody: Buffer): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(rawBody.toString('utf8'))) (fields[name] ??= []).push(value);
  return fields;
}

function isAbsoluteHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '' && !url.hostname.includes('_');
  } catch {
    return false;
  }
}

/** Twilio writes dates as RFC 2822 in UTC: "Thu, 30 Jul 2015 20:12:31 +0000". */
function rfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

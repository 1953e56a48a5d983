/**
 * The Twilio SMS adapter against the loopback stand-in (test/helpers/twilio-stand-in.ts): the request
 * it sends, how every kind of failure is classified, and how an ambiguous send is reconciled.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock.js';
import type { MessageProvider, OutboundMessage } from '../../src/channels/channel.js';
import { createTwilioSms, type TwilioSmsOptions } from '../../src/channels/sms/twilio.js';
import { AppError } from '../../src/domain/errors.js';
import { startTwilioStandIn, type TwilioStandIn } from '../helpers/twilio-stand-in.js';

const accountSid = `AC${'1a2b3c4d'.repeat(4)}`;
const authToken = 'stand-in-auth-token';
const serviceSid = `MG${'9f8e7d6c'.repeat(4)}`;
const officeNumber = '+15005550006';
const patient = '+15555550101';
const statusCallbackUrl = 'https://recare.example/webhooks/twilio/messages/status';
const text = 'Smile Dental: it is time for your cleaning. Call 555-0100 to book. Reply STOP to opt out.';

/** Twilio's clock and ours, pinned; tests move it explicitly. */
let instant: Date;
const clock: Clock = { now: () => new Date(instant) };
let standIn: TwilioStandIn;

beforeEach(async () => {
  instant = new Date('2026-05-04T14:00:00Z');
  standIn = await startTwilioStandIn({ accountSid, authToken, clock, ownedNumbers: [officeNumber] });
});
afterEach(async () => {
  await standIn.close();
});

function twilio(overrides: Partial<TwilioSmsOptions> = {}): MessageProvider {
  return createTwilioSms({ accountSid, authToken, fromNumber: officeNumber, apiBaseUrl: standIn.baseUrl, clock, ...overrides });
}

function outbound(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    key: 'outbox-1',
    channel: 'sms',
    to: patient,
    text,
    from: { name: 'Smile Dental', replyTo: null },
    statusCallbackUrl,
    recordedAt: clock.now(),
    ...overrides,
  };
}

describe('send', () => {
  it('posts the documented form with Basic auth, and answers the sid and state Twilio gave', async () => {
    const result = await twilio().send(outbound());

    expect(standIn.requests).toHaveLength(1);
    const request = standIn.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe(`/2010-04-01/Accounts/${accountSid}/Messages.json`);
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`);
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request.form).toEqual({ To: [patient], Body: [text], From: [officeNumber], StatusCallback: [statusCallbackUrl] });
    expect(request.answer).toBe(201);

    expect(standIn.messages).toHaveLength(1);
    const created = standIn.messages[0]!;
    expect(created.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(result).toEqual({ ok: true, providerMessageId: created.sid, state: 'queued' });
    expect(created).toMatchObject({ to: patient, from: officeNumber, body: text, status: 'queued', statusCallback: statusCallbackUrl, numSegments: 1 });
  });

  it('sends from a Messaging Service when one is configured: MessagingServiceSid instead of From, accepted counts as queued', async () => {
    const result = await twilio({ fromNumber: null, messagingServiceSid: serviceSid }).send(outbound());

    expect(standIn.requests[0]!.form).toEqual({ To: [patient], Body: [text], MessagingServiceSid: [serviceSid], StatusCallback: [statusCallbackUrl] });
    expect(standIn.messages[0]).toMatchObject({ status: 'accepted', from: null, messagingServiceSid: serviceSid });
    expect(result).toEqual({ ok: true, providerMessageId: standIn.messages[0]!.sid, state: 'queued' });
  });

  it('keeps the body exactly, non-GSM characters and line breaks included', async () => {
    const body = 'Hola María,\nsu limpieza está pendiente — llame al 555-0100. 😊';
    const result = await twilio().send(outbound({ text: body }));
    expect(result.ok).toBe(true);
    expect(standIn.messages[0]!.body).toBe(body);
  });

  it('classifies an invalid number (21211) as permanent with the address invalid, without quoting the number', async () => {
    // The stand-in, like Twilio, quotes the number in its own error message.
    const raw = await fetch(`${standIn.baseUrl}/2010-04-01/Accounts/${accountSid}/Messages.json`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ To: '5555550101', From: officeNumber, Body: text, StatusCallback: statusCallbackUrl }).toString(),
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toEqual({
      code: 21211,
      message: "The 'To' number 5555550101 is not a valid phone number.",
      more_info: 'https://www.twilio.com/docs/errors/21211',
      status: 400,
    });

    const result = await twilio().send(outbound({ to: '5555550101' }));
    expect(result).toEqual({
      ok: false,
      failure: {
        class: 'permanent',
        code: '21211',
        message: "Twilio answered HTTP 400 with error 21211: the 'To' number is not a valid phone number",
        addressInvalid: true,
      },
    });
    expect(JSON.stringify(result)).not.toContain('5555550101');
    expect(standIn.messages).toHaveLength(0);
  });

  it('classifies a number that cannot receive texts (21614) as permanent with the address invalid', async () => {
    standIn.failFor(patient, { status: 400, code: 21614 });
    const result = await twilio().send(outbound());
    expect(result).toEqual({
      ok: false,
      failure: {
        class: 'permanent',
        code: '21614',
        message: "Twilio answered HTTP 400 with error 21614: the 'To' number is not a mobile number that can receive texts",
        addressInvalid: true,
      },
    });
  });

  it('classifies an opted-out recipient (21610) as opted_out, every time until the failure is lifted', async () => {
    standIn.failFor(patient, { status: 400, code: 21610 });
    const provider = twilio();
    const expected = {
      ok: false,
      failure: {
        class: 'opted_out',
        code: '21610',
        message: 'Twilio answered HTTP 400 with error 21610: the recipient replied STOP to this sender; no text can go to them until they reply START',
      },
    };
    expect(await provider.send(outbound())).toEqual(expected);
    expect(await provider.send(outbound({ key: 'outbox-2' }))).toEqual(expected);
    expect(standIn.messages).toHaveLength(0);

    standIn.clearFailFor(patient);
    expect((await provider.send(outbound({ key: 'outbox-3' }))).ok).toBe(true);
    expect(standIn.messagesTo(patient)).toHaveLength(1);
  });

  it('classifies any other 4xx as permanent, describing known codes and linking unknown ones, never as an invalid address', async () => {
    standIn.nextAnswers([{ status: 400, code: 21408, message: 'Permission to send an SMS has not been enabled for the region indicated by the To number: +15555550101' }, { status: 400, code: 21999 }]);
    const provider = twilio();
    expect(await provider.send(outbound())).toEqual({
      ok: false,
      failure: { class: 'permanent', code: '21408', message: "Twilio answered HTTP 400 with error 21408: this account may not send texts to the recipient's region" },
    });
    expect(await provider.send(outbound())).toEqual({
      ok: false,
      failure: { class: 'permanent', code: '21999', message: 'Twilio answered HTTP 400 with error 21999: see https://www.twilio.com/docs/errors/21999' },
    });
  });

  it('is refused with 401 and Twilio\'s error shape when the auth token is wrong: permanent, naming the settings to check', async () => {
    const raw = await fetch(`${standIn.baseUrl}/2010-04-01/Accounts/${accountSid}/Messages.json`, { method: 'POST' });
    expect(raw.status).toBe(401);
    expect(await raw.json()).toEqual({ code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });

    const result = await twilio({ authToken: 'wrong-token' }).send(outbound());
    expect(result).toEqual({
      ok: false,
      failure: {
        class: 'permanent',
        code: '20003',
        message: 'Twilio answered HTTP 401 with error 20003: Twilio did not accept the account SID and auth token (check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN)',
      },
    });
    expect(JSON.stringify(result)).not.toContain('wrong-token');
    expect(standIn.messages).toHaveLength(0);
  });

  it('is refused by the stand-in (21609) without a StatusCallback or with one that is not an absolute URL', async () => {
    const provider = twilio();
    expect(await provider.send(outbound({ statusCallbackUrl: undefined }))).toEqual({
      ok: false,
      failure: { class: 'permanent', code: '21609', message: 'Twilio answered HTTP 400 with error 21609: see https://www.twilio.com/docs/errors/21609' },
    });
    expect(standIn.requests[0]!.form.StatusCallback).toBeUndefined();
    const relative = await provider.send(outbound({ statusCallbackUrl: '/webhooks/twilio/messages/status' }));
    expect(relative).toMatchObject({ ok: false, failure: { class: 'permanent', code: '21609' } });
    expect(standIn.messages).toHaveLength(0);
  });

  it('stand-in: refuses a body that is not form-encoded (no fields are read), a missing Body, and a From the account does not own', async () => {
    const headers = { authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}` };
    const url = `${standIn.baseUrl}/2010-04-01/Accounts/${accountSid}/Messages.json`;
    const asJson = await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ To: patient, From: officeNumber, Body: text }) });
    expect(asJson.status).toBe(400);
    expect(await asJson.json()).toMatchObject({
      code: 21604,
      message: 'A \'To\' phone number is required. (no form fields were read: Content-Type was "application/json", not application/x-www-form-urlencoded)',
    });

    const form = (fields: Record<string, string>): RequestInit => ({ method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
    const noBody = await fetch(url, form({ To: patient, From: officeNumber, StatusCallback: statusCallbackUrl }));
    expect(await noBody.json()).toMatchObject({ code: 21602, message: 'Message body is required.', status: 400 });
    const noSender = await fetch(url, form({ To: patient, Body: text, StatusCallback: statusCallbackUrl }));
    expect(await noSender.json()).toMatchObject({ code: 21603, status: 400 });

    const result = await twilio({ fromNumber: '+15005550009' }).send(outbound());
    expect(result).toEqual({
      ok: false,
      failure: { class: 'permanent', code: '21606', message: "Twilio answered HTTP 400 with error 21606: the 'From' number cannot send texts for this account" },
    });
    expect(standIn.messages).toHaveLength(0);
  });

  it('stand-in: answers a create with Twilio\'s message resource, and lists newest first in Twilio\'s page envelope', async () => {
    const headers = { authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}` };
    const url = `${standIn.baseUrl}/2010-04-01/Accounts/${accountSid}/Messages.json`;
    const created = await fetch(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ To: patient, From: officeNumber, Body: 'x'.repeat(161), StatusCallback: statusCallbackUrl }).toString(),
    });
    expect(created.status).toBe(201);
    const resource = (await created.json()) as Record<string, unknown>;
    expect(resource).toMatchObject({
      account_sid: accountSid,
      api_version: '2010-04-01',
      body: 'x'.repeat(161),
      date_created: 'Mon, 04 May 2026 14:00:00 +0000',
      date_sent: null,
      direction: 'outbound-api',
      error_code: null,
      from: officeNumber,
      messaging_service_sid: null,
      num_segments: '2',
      status: 'queued',
      to: patient,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${String(resource.sid)}.json`,
    });

    instant = new Date('2026-05-04T14:01:00Z');
    await twilio().send(outbound());
    const listed = (await (await fetch(`${url}?To=${encodeURIComponent(patient)}&PageSize=1`, { headers })).json()) as Record<string, unknown>;
    expect(listed).toMatchObject({ page: 0, page_size: 1, start: 0, end: 0, previous_page_uri: null });
    expect((listed.messages as Array<{ body: string }>).map((m) => m.body)).toEqual([text]);
    expect(listed.next_page_uri).toMatch(new RegExp(`^/2010-04-01/Accounts/${accountSid}/Messages\\.json\\?To=%2B15555550101&PageSize=1&Page=1&PageToken=PASM[0-9a-f]{32}$`));
    const fetched = await fetch(`${standIn.baseUrl}${String(resource.uri)}`, { headers });
    expect(((await fetched.json()) as { sid: string }).sid).toBe(resource.sid);
  });

  it('classifies 429 (20429) as transient, not ambiguous, with Retry-After in seconds; the next try sends once', async () => {
    standIn.nextAnswers([{ status: 429, code: 20429, retryAfter: 7 }]);
    const provider = twilio();
    expect(await provider.send(outbound())).toEqual({
      ok: false,
      failure: { class: 'transient', code: '20429', message: 'Twilio answered HTTP 429 with error 20429: too many requests; retry after 7 s', retryAfterSeconds: 7 },
    });
    expect(standIn.messages).toHaveLength(0);

    expect((await provider.send(outbound())).ok).toBe(true);
    expect(standIn.messagesTo(patient)).toHaveLength(1);
  });

  it('reads Retry-After as an HTTP date against the clock, and does without it when Twilio gives none', async () => {
    standIn.nextAnswers([{ status: 429, code: 20429, retryAfter: 'Mon, 04 May 2026 14:00:30 GMT' }, { status: 429 }]);
    const provider = twilio();
    expect(await provider.send(outbound())).toMatchObject({ ok: false, failure: { class: 'transient', code: '20429', retryAfterSeconds: 30 } });
    const bare = await provider.send(outbound());
    expect(bare).toEqual({ ok: false, failure: { class: 'transient', code: '20429', message: 'Twilio answered HTTP 429 with error 20429: too many requests' } });
  });

  it('classifies 500 as transient and ambiguous: Twilio may have created the message', async () => {
    standIn.nextAnswers([{ status: 500 }]);
    expect(await twilio().send(outbound())).toEqual({
      ok: false,
      failure: {
        class: 'transient',
        code: 'http_500',
        message: 'Twilio answered HTTP 500 with error 20500: the message may have been created anyway, so reconcile before sending it again',
      },
      ambiguous: true,
    });
  });

  it('classifies a timeout as transient and ambiguous; the message Twilio kept is then found by reconcile, not sent again', async () => {
    const held = standIn.holdNext();
    const provider = twilio({ timeoutMs: 200 });
    const message = outbound();
    const [result, stored] = await Promise.all([provider.send(message), held.received]);

    expect(result).toEqual({
      ok: false,
      failure: {
        class: 'transient',
        code: 'timeout',
        message: 'Twilio did not answer within 200 ms: the message may have been created, so reconcile before sending it again',
      },
      ambiguous: true,
    });
    expect(await provider.reconcile(message)).toEqual({ found: true, providerMessageId: stored.sid, state: 'queued' });
    held.release();
    expect(standIn.messagesTo(patient)).toHaveLength(1);
  });

  it('stand-in: a held create is stored before any answer, then answered as the test decides', async () => {
    const held = standIn.holdNext();
    const sending = twilio().send(outbound());
    const stored = await held.received;
    expect(standIn.messages).toEqual([stored]);
    expect(standIn.requests[0]!.answer).toBe('held');

    held.release({ status: 500, stored: true });
    expect(await sending).toMatchObject({ ok: false, failure: { code: 'http_500' }, ambiguous: true });
    expect(standIn.requests[0]!.answer).toBe(500);
    expect(standIn.messages).toHaveLength(1);
  });

  it('classifies a connection reset after the request was written as transient and ambiguous', async () => {
    standIn.nextAnswers([{ reset: true, stored: true }]);
    const provider = twilio();
    const message = outbound();
    const result = await provider.send(message);

    expect(result).toMatchObject({ ok: false, failure: { class: 'transient', code: 'connection_reset' }, ambiguous: true });
    expect(result.ok === false && result.failure.message).toMatch(
      /^The connection to Twilio at 127\.0\.0\.1:\d+ broke after the request was sent \(\w+\): the message may have been created, so reconcile before sending it again$/,
    );
    expect(standIn.requests[0]!.answer).toBe('reset');
    expect(await provider.reconcile(message)).toEqual({ found: true, providerMessageId: standIn.messages[0]!.sid, state: 'queued' });
  });

  it('classifies a refused connection as transient and not ambiguous: nothing reached Twilio', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const result = await twilio({ apiBaseUrl: `http://127.0.0.1:${port}` }).send(outbound());
    expect(result).toEqual({
      ok: false,
      failure: { class: 'transient', code: 'connection_refused', message: `Twilio could not be reached at 127.0.0.1:${port} (ECONNREFUSED): nothing was sent` },
    });
  });
});

describe('reconcile', () => {
  it('finds a message Twilio created: same recipient and text, at or after the attempt; asks with To, From, DateSent>= and PageSize', async () => {
    const provider = twilio();
    const message = outbound();
    const sent = await provider.send(message);
    if (!sent.ok) throw new Error('send failed');
    standIn.setStatus(sent.providerMessageId, 'delivered');

    expect(await provider.reconcile(message)).toEqual({ found: true, providerMessageId: sent.providerMessageId, state: 'delivered' });
    const lookups = standIn.requests.filter((r) => r.method === 'GET');
    expect(lookups).toHaveLength(1);
    expect(lookups[0]!.path).toBe(`/2010-04-01/Accounts/${accountSid}/Messages.json`);
    expect(Object.fromEntries(lookups[0]!.query)).toEqual({ To: patient, From: officeNumber, 'DateSent>': '2026-05-04', PageSize: '50' });
  });

  it('through a Messaging Service asks without From, and finds the message while Twilio still has it queued (no date_sent yet)', async () => {
    const provider = twilio({ fromNumber: null, messagingServiceSid: serviceSid });
    const message = outbound();
    const sent = await provider.send(message);
    if (!sent.ok) throw new Error('send failed');

    expect(await provider.reconcile(message)).toEqual({ found: true, providerMessageId: sent.providerMessageId, state: 'queued' });
    const lookups = standIn.requests.filter((r) => r.method === 'GET').map((r) => Object.fromEntries(r.query));
    expect(lookups).toEqual([{ To: patient, 'DateSent>': '2026-05-04', PageSize: '50' }, { To: patient, PageSize: '50' }]);
  });

  it('answers not found when nothing went: both lookups come back without our message', async () => {
    expect(await twilio().reconcile(outbound())).toEqual({ found: false });
    expect(standIn.requests.filter((r) => r.method === 'GET')).toHaveLength(2);
    expect(standIn.messages).toHaveLength(0);
  });

  it('does not take another text to the same number, the same text to another number, or the same text sent before the attempt', async () => {
    const provider = twilio();
    instant = new Date('2026-05-04T13:30:00Z');
    const earlier = await provider.send(outbound({ recordedAt: clock.now() }));
    instant = new Date('2026-05-04T14:00:00Z');
    await provider.send(outbound({ text: 'Smile Dental: your appointment is confirmed.' }));
    await provider.send(outbound({ to: '+15555550102' }));
    for (const m of standIn.messages) standIn.setStatus(m.sid, 'sent');
    expect(earlier.ok).toBe(true);

    expect(await provider.reconcile(outbound({ recordedAt: new Date('2026-05-04T14:00:00Z') }))).toEqual({ found: false });
  });

  it('allows two minutes of clock skew, and looks from the day before when the attempt was just after midnight UTC', async () => {
    const provider = twilio();
    instant = new Date('2026-05-03T23:59:30Z'); // Twilio's clock is behind ours
    const sent = await provider.send(outbound());
    if (!sent.ok) throw new Error('send failed');
    standIn.setStatus(sent.providerMessageId, 'sent');

    const recordedAt = new Date('2026-05-04T00:01:00Z');
    expect(await provider.reconcile(outbound({ recordedAt }))).toEqual({ found: true, providerMessageId: sent.providerMessageId, state: 'sent' });
    expect(standIn.requests.find((r) => r.method === 'GET')!.query.get('DateSent>')).toBe('2026-05-03');

    // Three minutes early is outside the skew allowance: not ours.
    expect(await provider.reconcile(outbound({ recordedAt: new Date('2026-05-04T00:02:31Z') }))).toEqual({ found: false });
  });

  it('takes the earliest match after the attempt when the same text went twice', async () => {
    const provider = twilio();
    const first = await provider.send(outbound());
    instant = new Date('2026-05-04T14:05:00Z');
    await provider.send(outbound({ key: 'outbox-2' }));
    for (const m of standIn.messages) standIn.setStatus(m.sid, 'sent');
    if (!first.ok) throw new Error('send failed');

    expect(await provider.reconcile(outbound({ recordedAt: new Date('2026-05-04T14:00:00Z') }))).toEqual({ found: true, providerMessageId: first.providerMessageId, state: 'sent' });
  });

  it('never takes a message another entry already holds, however alike (an identical HELP answer, a repeated text)', async () => {
    const provider = twilio();
    const first = await provider.send(outbound({ key: 'outbox-1' }));
    instant = new Date('2026-05-04T14:05:00Z');
    const second = await provider.send(outbound({ key: 'outbox-2' }));
    if (!first.ok || !second.ok) throw new Error('send failed');
    const attempt = outbound({ recordedAt: new Date('2026-05-04T14:00:00Z') });

    expect(await provider.reconcile(attempt, new Set([first.providerMessageId]))).toEqual({ found: true, providerMessageId: second.providerMessageId, state: 'queued' });
    expect(await provider.reconcile(attempt, new Set([first.providerMessageId, second.providerMessageId]))).toEqual({ found: false });
  });

  it('finds a text whose quotes and dashes Twilio\'s Smart Encoding replaced', async () => {
    const provider = twilio();
    const curly = 'Smile Dental: it’s time for your cleaning — call “the front desk”…';
    const sent = await provider.send(outbound({ text: curly }));
    if (!sent.ok) throw new Error('send failed');
    standIn.messages[0]!.body = 'Smile Dental: it\'s time for your cleaning - call "the front desk"...';

    expect(await provider.reconcile(outbound({ text: curly }))).toEqual({ found: true, providerMessageId: sent.providerMessageId, state: 'queued' });
  });

  it('follows next_page_uri when the recipient has more recent messages than one page holds', async () => {
    const provider = twilio();
    const ours = await provider.send(outbound());
    for (let i = 0; i < 55; i += 1) await provider.send(outbound({ key: `other-${i}`, text: `Smile Dental reminder number ${i}` }));
    for (const m of standIn.messages) standIn.setStatus(m.sid, 'sent');
    if (!ours.ok) throw new Error('send failed');

    expect(await provider.reconcile(outbound())).toEqual({ found: true, providerMessageId: ours.providerMessageId, state: 'sent' });
    const lookups = standIn.requests.filter((r) => r.method === 'GET');
    expect(lookups).toHaveLength(2);
    expect(lookups[1]!.query.get('Page')).toBe('1');
    expect(lookups[1]!.query.get('PageToken')).toMatch(/^PASM[0-9a-f]{32}$/);
  });

  it('throws when Twilio answers the lookup with an error, so the dispatcher tries again later; the message names no number', async () => {
    standIn.nextListAnswers([{ status: 500 }]);
    const error = await twilio().reconcile(outbound()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('Looking up recent messages at Twilio failed: HTTP 500 with error 20500');

    const wrongToken = await twilio({ authToken: 'wrong' }).reconcile(outbound()).catch((e: unknown) => e);
    expect((wrongToken as Error).message).toBe('Looking up recent messages at Twilio failed: HTTP 401 with error 20003');
  });
});

describe('settings', () => {
  it('needs exactly one of a Messaging Service and a From number', () => {
    const both = (): MessageProvider => createTwilioSms({ accountSid, authToken, fromNumber: officeNumber, messagingServiceSid: serviceSid });
    expect(both).toThrow(AppError);
    expect(both).toThrow(
      'Twilio SMS settings are not valid: messagingServiceSid: give exactly one of messagingServiceSid (TWILIO_MESSAGING_SERVICE_SID) and fromNumber (TWILIO_FROM_NUMBER); both were given',
    );
    expect(() => createTwilioSms({ accountSid, authToken, fromNumber: null, messagingServiceSid: null })).toThrow(/neither was given/);
  });

  it('reports every bad setting at once with the value given, but never the auth token', () => {
    let error: AppError | undefined;
    try {
      createTwilioSms({ accountSid: 'AC123', authToken: '', messagingServiceSid: 'MGxyz', apiBaseUrl: 'api.twilio.com', timeoutMs: 0 });
    } catch (e) {
      error = e as AppError;
    }
    expect(error?.code).toBe('invalid_config');
    expect(error?.issues?.map((i) => i.path)).toEqual(['accountSid', 'authToken', 'messagingServiceSid', 'apiBaseUrl', 'timeoutMs']);
    expect(error?.message).toContain('accountSid="AC123": must be AC followed by 32 hexadecimal digits (TWILIO_ACCOUNT_SID)');
    expect(error?.message).toContain('authToken: must not be empty (TWILIO_AUTH_TOKEN)');
    expect(error?.message).toContain('messagingServiceSid="MGxyz": must be MG followed by 32 hexadecimal digits');
    expect(error?.message).toContain('apiBaseUrl="api.twilio.com": must be an http(s) URL such as https://api.twilio.com (TWILIO_API_BASE_URL)');
    expect(error?.message).toContain('timeoutMs="0": must be a whole number of milliseconds above 0');
  });

  it('is the sms channel of the provider named twilio', () => {
    const provider = twilio();
    expect([provider.channel, provider.name]).toEqual(['sms', 'twilio']);
  });
});

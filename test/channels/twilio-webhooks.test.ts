/**
 * Twilio's webhooks as the stand-in posts them (signed on the public URL, delivered on loopback),
 * read back through the adapter: signature first, then the status callback or the inbound text.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock.js';
import type { MessageProvider, WebhookRequest } from '../../src/channels/channel.js';
import { createTwilioSms } from '../../src/channels/sms/twilio.js';
import { AppError } from '../../src/domain/errors.js';
import { startTwilioStandIn, type TwilioStandIn } from '../helpers/twilio-stand-in.js';

const accountSid = `AC${'5e6f7a8b'.repeat(4)}`;
const authToken = 'webhook-test-token';
const officeNumber = '+15005550006';
const patient = '+15555550123';
const publicStatusUrl = 'https://recare.example/webhooks/twilio/messages/status?office=3';
const publicInboundUrl = 'https://recare.example/webhooks/twilio/messages/inbound';
const clock: Clock = { now: () => new Date('2026-05-04T14:00:00Z') };

/** A loopback receiver standing in for our webhook routes: keeps each request exactly as it arrived. */
let receiver: Server;
let receiverUrl: string;
let received: Array<{ path: string; headers: Record<string, string | undefined>; rawBody: Buffer }>;
let standIn: TwilioStandIn;
let provider: MessageProvider;

beforeEach(async () => {
  received = [];
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));
      received.push({ path: req.url ?? '', headers, rawBody: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': 'text/xml' }).end('<Response/>');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  standIn = await startTwilioStandIn({ accountSid, authToken, clock });
  provider = createTwilioSms({ accountSid, authToken, fromNumber: officeNumber, apiBaseUrl: standIn.baseUrl, clock });
});
afterEach(async () => {
  await standIn.close();
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

/** The request as our route would hand it to the adapter: the public URL, not the loopback one. */
function asWebhook(publicUrl: string, index = received.length - 1): WebhookRequest {
  const request = received[index]!;
  return { url: publicUrl, headers: request.headers, rawBody: request.rawBody };
}

function form(fields: Record<string, string>, signature = 'unchecked'): WebhookRequest {
  return { url: publicStatusUrl, headers: { 'x-twilio-signature': signature }, rawBody: Buffer.from(new URLSearchParams(fields).toString()) };
}

async function sentMessageSid(): Promise<string> {
  const result = await provider.send({
    key: 'outbox-1', channel: 'sms', to: patient, text: 'Smile Dental: time for your cleaning.', from: { name: 'Smile Dental', replyTo: null },
    statusCallbackUrl: publicStatusUrl, recordedAt: clock.now(),
  });
  if (!result.ok) throw new Error(`send failed: ${result.failure.message}`);
  return result.providerMessageId;
}

describe('status callbacks', () => {
  it('a signed callback verifies on the public URL (query included) and reads as one delivery event', async () => {
    const sid = await sentMessageSid();
    const answer = await standIn.sendStatusCallback({ signedUrl: publicStatusUrl, postUrl: `${receiverUrl}/webhooks/twilio/messages/status?office=3` }, { MessageSid: sid, MessageStatus: 'delivered' });
    expect(answer.status).toBe(200);

    const request = asWebhook(publicStatusUrl);
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(provider.verifySignature(request)).toBe(true);
    // The loopback URL is not what Twilio signed.
    expect(provider.verifySignature({ ...request, url: `${receiverUrl}/webhooks/twilio/messages/status?office=3` })).toBe(false);
    expect(provider.parseStatusCallback(request)).toEqual([{
      eventId: `${sid}:delivered`,
      providerMessageId: sid,
      key: null,
      state: 'delivered',
      errorCode: null,
      addressInvalid: false,
      optedOut: false,
      recipient: patient,
      occurredAt: null,
    }]);
    expect(standIn.messages[0]!.status).toBe('delivered');
  });

  it('marks the address invalid on 30005, 30006, 21211 and 21614, an opt-out on 21610, and neither on other errors', async () => {
    const sid = await sentMessageSid();
    const cases: Array<[status: string, code: string, addressInvalid: boolean, optedOut: boolean]> = [
      ['undelivered', '30005', true, false],
      ['undelivered', '30006', true, false],
      ['failed', '21211', true, false],
      ['failed', '21614', true, false],
      ['failed', '21610', false, true],
      ['undelivered', '30003', false, false],
      ['undelivered', '30007', false, false],
    ];
    for (const [status, code, addressInvalid, optedOut] of cases) {
      await standIn.sendStatusCallback({ signedUrl: publicStatusUrl, postUrl: receiverUrl }, { MessageSid: sid, MessageStatus: status, ErrorCode: code });
      const request = asWebhook(publicStatusUrl);
      expect(provider.verifySignature(request)).toBe(true);
      expect(provider.parseStatusCallback(request)).toEqual([expect.objectContaining({ eventId: `${sid}:${status}`, state: 'failed', errorCode: code, addressInvalid, optedOut })]);
    }
  });

  it('maps every Twilio status: sent, delivered and failures move an attempt; queued-like, inbound and unknown statuses carry nothing', () => {
    const sid = `SM${'0'.repeat(32)}`;
    const stateOf = (status: string): string | null => provider.parseStatusCallback(form({ MessageSid: sid, MessageStatus: status }))[0]?.state ?? null;
    expect(Object.fromEntries(['sent', 'delivered', 'undelivered', 'failed', 'read', 'partially_delivered', 'canceled'].map((s) => [s, stateOf(s)]))).toEqual({
      sent: 'sent', delivered: 'delivered', undelivered: 'failed', failed: 'failed', read: 'delivered', partially_delivered: 'sent', canceled: 'failed',
    });
    for (const status of ['queued', 'accepted', 'scheduled', 'sending', 'receiving', 'received', 'some_status_twilio_adds_later']) {
      expect(provider.parseStatusCallback(form({ MessageSid: sid, MessageStatus: status }))).toEqual([]);
    }
  });

  it('reads an empty or zero ErrorCode as no error', () => {
    const sid = `SM${'0'.repeat(32)}`;
    expect(provider.parseStatusCallback(form({ MessageSid: sid, MessageStatus: 'sent', ErrorCode: '' }))[0]?.errorCode).toBeNull();
    expect(provider.parseStatusCallback(form({ MessageSid: sid, MessageStatus: 'delivered', ErrorCode: '0' }))[0]?.errorCode).toBeNull();
  });

  it('a callback signed with another token, or with no signature, does not verify', async () => {
    const sid = await sentMessageSid();
    await standIn.sendStatusCallback({ signedUrl: publicStatusUrl, postUrl: receiverUrl }, { MessageSid: sid, MessageStatus: 'delivered' }, { signWith: 'someone-elses-token' });
    expect(provider.verifySignature(asWebhook(publicStatusUrl))).toBe(false);
    await standIn.sendStatusCallback({ signedUrl: publicStatusUrl, postUrl: receiverUrl }, { MessageSid: sid, MessageStatus: 'delivered' }, { signature: '' });
    expect(received.at(-1)!.headers['x-twilio-signature']).toBeUndefined();
    expect(provider.verifySignature(asWebhook(publicStatusUrl))).toBe(false);
  });

  it('refuses a callback without MessageSid or MessageStatus with invalid_input naming what is missing (field names only)', () => {
    let error: unknown;
    try {
      provider.parseStatusCallback(form({ AccountSid: accountSid, MessageStatus: 'delivered', To: patient }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid_input');
    expect((error as AppError).message).toBe('Twilio status callback is missing MessageSid: required are MessageSid, MessageStatus; received fields: AccountSid, MessageStatus, To');
    expect((error as AppError).issues).toEqual([{ path: 'MessageSid', message: 'required in a Twilio status callback' }]);
    expect(() => provider.parseStatusCallback(form({}))).toThrow('Twilio status callback is missing MessageSid, MessageStatus: required are MessageSid, MessageStatus; received fields: none');
  });
});

describe('inbound texts', () => {
  it('a signed inbound text verifies and reads as the message, with no provider keyword for ordinary text', async () => {
    const answer = await standIn.sendInbound({ signedUrl: publicInboundUrl, postUrl: `${receiverUrl}/webhooks/twilio/messages/inbound` }, { From: patient, To: officeNumber, Body: 'Can you call me after 5?' });
    expect(answer).toEqual({ status: 200, contentType: 'text/xml', body: '<Response/>' });
    const request = asWebhook(publicInboundUrl);
    expect(provider.verifySignature(request)).toBe(true);
    const inbound = provider.parseInbound(request);
    expect(inbound).toEqual({ providerMessageId: expect.stringMatching(/^SM[0-9a-f]{32}$/), from: patient, to: officeNumber, body: 'Can you call me after 5?', providerKeyword: null });
  });

  it('reads Advanced Opt-Out keywords (OptOutType STOP, START, HELP) whatever the body says', async () => {
    const target = { signedUrl: publicInboundUrl, postUrl: receiverUrl };
    await standIn.sendInbound(target, { From: patient, To: officeNumber, Body: 'Stop', OptOutType: 'STOP' });
    await standIn.sendInbound(target, { From: patient, To: officeNumber, Body: 'unstop', OptOutType: 'START' });
    await standIn.sendInbound(target, { From: patient, To: officeNumber, Body: 'info', OptOutType: 'HELP' });
    expect(received.map((_, i) => provider.parseInbound(asWebhook(publicInboundUrl, i))?.providerKeyword)).toEqual(['stop', 'start', 'help']);
    expect(received.every((_, i) => provider.verifySignature(asWebhook(publicInboundUrl, i)))).toBe(true);
  });

  it('accepts an empty Body (a picture without words)', () => {
    const inbound = provider.parseInbound(form({ MessageSid: `SM${'1'.repeat(32)}`, From: patient, To: officeNumber, Body: '', NumMedia: '1' }));
    expect(inbound?.body).toBe('');
  });

  it('a forged inbound STOP does not verify', async () => {
    await standIn.sendInbound({ signedUrl: publicInboundUrl, postUrl: receiverUrl }, { From: patient, To: officeNumber, Body: 'STOP', OptOutType: 'STOP' }, { signWith: 'forged' });
    expect(provider.verifySignature(asWebhook(publicInboundUrl))).toBe(false);
  });

  it('refuses an inbound text without From or Body with invalid_input naming them, never echoing the values', () => {
    let error: unknown;
    try {
      provider.parseInbound(form({ MessageSid: `SM${'1'.repeat(32)}`, To: officeNumber }));
    } catch (e) {
      error = e;
    }
    expect((error as AppError).code).toBe('invalid_input');
    expect((error as AppError).message).toBe('Twilio inbound message is missing From, Body: required are MessageSid, From, To, Body; received fields: MessageSid, To');
    expect((error as AppError).message).not.toContain(officeNumber);
  });
});

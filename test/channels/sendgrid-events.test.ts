import { describe, expect, it } from 'vitest';
import { generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fixedClock } from '../../src/clock.js';
import type { WebhookRequest } from '../../src/channels/channel.js';
import { createSendGridEventVerifier, parseSendGridEvents } from '../../src/channels/email/sendgrid-events.js';
import { createSmtpEmail } from '../../src/channels/email/smtp.js';

// Published by SendGrid's own SDK tests (sendgrid-nodejs eventwebhook.spec.js); see test/fixtures/PROVENANCE.md.
const vectors = JSON.parse(readFileSync(new URL('../fixtures/provider-webhooks/signature-test-vectors.json', import.meta.url), 'utf8'));
const vector = vectors.sendgrid_signed_event_webhook as {
  public_key_b64: string;
  'header_X-Twilio-Email-Event-Webhook-Signature': string;
  'header_X-Twilio-Email-Event-Webhook-Timestamp': string;
  raw_body: string;
  negative_cases: { wrong_public_key_b64: string; tampered_signature: string; wrong_body: string; wrong_timestamp: string };
};
const vectorTimestamp = vector['header_X-Twilio-Email-Event-Webhook-Timestamp'];
const vectorTime = new Date(Number(vectorTimestamp) * 1000);

function request(overrides: { signature?: string; timestamp?: string; body?: string | Buffer } = {}): WebhookRequest {
  const body = overrides.body ?? vector.raw_body;
  return {
    url: 'https://recare.smile-dental.example/webhooks/email/events',
    headers: {
      'content-type': 'application/json',
      'x-twilio-email-event-webhook-signature': overrides.signature ?? vector['header_X-Twilio-Email-Event-Webhook-Signature'],
      'x-twilio-email-event-webhook-timestamp': overrides.timestamp ?? vectorTimestamp,
    },
    rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'),
  };
}

describe('SendGrid signed event webhook: signature', () => {
  const verifier = createSendGridEventVerifier({ publicKey: vector.public_key_b64, clock: fixedClock(vectorTime) });

  it('verifies the published vector with its own time as now', () => {
    expect(verifier.verify(request())).toBe(true);
  });

  it('rejects the vector under the wrong public key', () => {
    const other = createSendGridEventVerifier({ publicKey: vector.negative_cases.wrong_public_key_b64, clock: fixedClock(vectorTime) });
    expect(other.verify(request())).toBe(false);
  });

  it('rejects a tampered signature, a tampered body and a changed timestamp', () => {
    expect(verifier.verify(request({ signature: vector.negative_cases.tampered_signature }))).toBe(false);
    expect(verifier.verify(request({ body: vector.negative_cases.wrong_body }))).toBe(false);
    expect(verifier.verify(request({ timestamp: vector.negative_cases.wrong_timestamp }))).toBe(false);
    // A well-formed timestamp one second later, inside the tolerance: only the signature can refuse it.
    expect(verifier.verify(request({ timestamp: String(Number(vectorTimestamp) + 1) }))).toBe(false);
  });

  it('rejects a request without the signature headers or with a signature that is not DER', () => {
    const bare = { ...request(), headers: { 'content-type': 'application/json' } };
    expect(verifier.verify(bare)).toBe(false);
    expect(verifier.verify(request({ signature: 'bm90IGEgc2lnbmF0dXJl' }))).toBe(false);
  });

  it('rejects a stale timestamp: more than 5 minutes either way by default, and the tolerance is configurable', () => {
    const at = (offsetSeconds: number, toleranceSeconds?: number) =>
      createSendGridEventVerifier({
        publicKey: vector.public_key_b64,
        clock: fixedClock(new Date(vectorTime.getTime() + offsetSeconds * 1000)),
        ...(toleranceSeconds === undefined ? {} : { toleranceSeconds }),
      }).verify(request());
    expect(at(300)).toBe(true);
    expect(at(-300)).toBe(true);
    expect(at(301)).toBe(false);
    expect(at(-301)).toBe(false);
    // The vector is from 2020: against today's clock it is a replay, whatever the signature.
    expect(createSendGridEventVerifier({ publicKey: vector.public_key_b64, clock: fixedClock('2026-11-24T15:00:00Z') }).verify(request())).toBe(false);
    expect(at(3600, 3600)).toBe(true);
    expect(at(3601, 3600)).toBe(false);
  });

  it('refuses a verification key that is not a base64 DER P-256 public key', () => {
    const message =
      'The SendGrid event webhook verification key is not a base64 DER P-256 public key (SubjectPublicKeyInfo, as SendGrid shows it, without PEM lines).';
    expect(() => createSendGridEventVerifier({ publicKey: 'not a key', clock: fixedClock(vectorTime) })).toThrow(expect.objectContaining({ code: 'invalid_config', message }));
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    expect(() => createSendGridEventVerifier({ publicKey: rsa, clock: fixedClock(vectorTime) })).toThrow(expect.objectContaining({ code: 'invalid_config', message }));
  });

  it('verifies a batch we sign ourselves the way SendGrid does, through the SMTP provider', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const publicKeyB64 = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    const timestamp = String(Date.UTC(2026, 10, 24, 15, 0, 0) / 1000);
    const body = JSON.stringify([{ email: 'ana.patient@mail.example', timestamp: Number(timestamp), event: 'delivered', sg_event_id: 'ev-1', recare_key: 'ob-1' }]);
    const signature = sign('sha256', Buffer.from(timestamp + body), { key: privateKey, dsaEncoding: 'der' }).toString('base64');
    const provider = createSmtpEmail({
      smtpUrl: 'smtp://127.0.0.1:2525',
      fromAddress: 'recall@smile-dental.example',
      events: { publicKey: publicKeyB64 },
      clock: fixedClock('2026-11-24T15:01:00Z'),
    });
    const signed = request({ signature, timestamp, body });
    expect(provider.verifySignature(signed)).toBe(true);
    expect(provider.verifySignature(request({ signature, timestamp, body: body.replace('delivered', 'bounce') }))).toBe(false);
    expect(provider.parseStatusCallback(signed)).toEqual([
      { eventId: 'ev-1', providerMessageId: null, key: 'ob-1', state: 'delivered', errorCode: null, addressInvalid: false, optedOut: false, recipient: 'ana.patient@mail.example', occurredAt: new Date('2026-11-24T15:00:00Z') },
    ]);
  });
});

describe('SendGrid event webhook: events to delivery states', () => {
  const base = { email: 'ana.patient@mail.example', timestamp: 1795964400, sg_message_id: 'sgmsg.filter01', recare_key: 'ob-7f3a9c2e-1' };
  const at = new Date(1795964400 * 1000);
  const parse = (events: unknown[]) => parseSendGridEvents(Buffer.from(JSON.stringify(events)));
  const expected = { providerMessageId: 'sgmsg.filter01', key: 'ob-7f3a9c2e-1', recipient: 'ana.patient@mail.example', occurredAt: at };

  it.each([
    ['processed', {}, { state: 'sent', errorCode: null, addressInvalid: false, optedOut: false }],
    ['delivered', { response: '250 OK' }, { state: 'delivered', errorCode: null, addressInvalid: false, optedOut: false }],
    ['bounce', { type: 'bounce', status: '5.1.1', reason: '550 5.1.1 user unknown' }, { state: 'bounced', errorCode: '5.1.1', addressInvalid: true, optedOut: false }],
    ['bounce', { type: 'blocked', status: '4.7.1', reason: 'blocked by reputation' }, { state: 'failed', errorCode: '4.7.1', addressInvalid: false, optedOut: false }],
    ['dropped', { reason: 'Bounced Address' }, { state: 'failed', errorCode: 'dropped', addressInvalid: true, optedOut: false }],
    ['dropped', { reason: 'Invalid' }, { state: 'failed', errorCode: 'dropped', addressInvalid: true, optedOut: false }],
    ['dropped', { reason: 'Invalid SMTPAPI header' }, { state: 'failed', errorCode: 'dropped', addressInvalid: false, optedOut: false }],
    ['dropped', { reason: 'Unsubscribed Address' }, { state: 'failed', errorCode: 'dropped', addressInvalid: false, optedOut: true }],
    ['dropped', { reason: 'Spam Reporting Address' }, { state: 'failed', errorCode: 'dropped', addressInvalid: false, optedOut: true }],
    ['spamreport', {}, { state: 'delivered', errorCode: null, addressInvalid: false, optedOut: true }],
    ['unsubscribe', {}, { state: 'delivered', errorCode: null, addressInvalid: false, optedOut: true }],
    ['group_unsubscribe', { asm_group_id: 7 }, { state: 'delivered', errorCode: null, addressInvalid: false, optedOut: true }],
  ])('%s %j → %j', (event, extra, outcome) => {
    expect(parse([{ ...base, ...extra, event, sg_event_id: `ev-${event}` }])).toEqual([{ eventId: `ev-${event}`, ...expected, ...outcome }]);
  });

  it.each(['deferred', 'open', 'click', 'group_resubscribe', 'test_event'])('%s is not a delivery state change: no event', (event) => {
    expect(parse([{ ...base, event, sg_event_id: `ev-${event}` }])).toEqual([]);
  });

  it('keeps the order of a batch, skips what it ignores, and tolerates events without our key', () => {
    const events = parse([
      { ...base, event: 'processed', sg_event_id: 'a' },
      { ...base, event: 'open', sg_event_id: 'b' },
      { email: 'someone@mail.example', timestamp: 1795964460, event: 'delivered', sg_event_id: 'c' },
    ]);
    expect(events.map((event) => [event.eventId, event.state, event.key, event.providerMessageId])).toEqual([
      ['a', 'sent', 'ob-7f3a9c2e-1', 'sgmsg.filter01'],
      ['c', 'delivered', null, null],
    ]);
  });

  it('refuses a body that is not a JSON array of events, saying what was given', () => {
    expect(() => parseSendGridEvents(Buffer.from('payload'))).toThrow(
      expect.objectContaining({ code: 'invalid_input', message: 'The SendGrid event webhook body is not JSON (7 bytes); SendGrid sends a JSON array of events.' }),
    );
    expect(() => parseSendGridEvents(Buffer.from(vector.raw_body))).toThrow(
      expect.objectContaining({ code: 'invalid_input', message: 'The SendGrid event webhook body is a JSON object; SendGrid sends a JSON array of events.' }),
    );
    expect(() => parse(['delivered'])).toThrow(expect.objectContaining({ code: 'invalid_input', message: 'SendGrid event 0 is a JSON string; each event must be an object.' }));
    expect(() => parse([{ ...base, sg_event_id: 'x' }])).toThrow(
      expect.objectContaining({ code: 'invalid_input', message: 'SendGrid event 0 has no "event" name (got undefined); expected e.g. "delivered" or "bounce".' }),
    );
    expect(() => parse([{ ...base, event: 'processed', sg_event_id: 'x' }, { ...base, event: 'bounce', type: 'bounce' }])).toThrow(
      expect.objectContaining({ code: 'invalid_input', message: 'SendGrid event 1 ("bounce") has no sg_event_id; every event must carry one so it is applied once.' }),
    );
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type AddressInfo } from 'node:net';
import { fixedClock } from '../../src/clock.js';
import type { OutboundMessage } from '../../src/channels/channel.js';
import { createSmtpEmail } from '../../src/channels/email/smtp.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

const clock = fixedClock('2026-11-24T15:00:00Z');
const from = 'recall@smile-dental.example';

function email(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    key: 'ob-7f3a9c2e-1',
    channel: 'email',
    to: 'ana.patient@mail.example',
    subject: 'Time for your check-up',
    text: 'Hello Ana, it is time for your check-up. Call us at 555-0100.',
    html: '<p>Hello Ana, it is time for your <b>check-up</b>.</p>',
    from: { name: 'Smile "Bright" Dental, Main St.', replyTo: 'front-desk@smile-dental.example' },
    unsubscribeUrl: 'https://recare.smile-dental.example/u/tok_AbC123-xyz',
    recordedAt: new Date('2026-11-24T14:59:59Z'),
    ...overrides,
  };
}

function headerLine(sinkMessage: SmtpSink['received'][number], key: string): string[] {
  return sinkMessage.headerLines.filter((line) => line.key === key.toLowerCase()).map((line) => line.line);
}

/** A loopback port nothing listens on: bind one, then close it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('SMTP email provider against a real SMTP server on loopback', () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink.close();
  });
  beforeEach(() => {
    sink.received.length = 0;
  });

  it('delivers text and HTML with the office name, Reply-To, unsubscribe headers and our key', async () => {
    const provider = createSmtpEmail({ smtpUrl: sink.url, fromAddress: from, clock });
    expect(provider.channel).toBe('email');
    expect(provider.name).toBe('smtp');

    const result = await provider.send(email());
    expect(result).toEqual({ ok: true, providerMessageId: '<ob-7f3a9c2e-1@smile-dental.example>', state: 'sent' });

    expect(sink.received).toHaveLength(1);
    const got = sink.received[0]!;
    expect(got.envelope).toEqual({ from, to: ['ana.patient@mail.example'] });
    expect(got.from).toEqual([{ name: 'Smile "Bright" Dental, Main St.', address: from }]);
    expect(got.replyTo).toEqual([{ name: '', address: 'front-desk@smile-dental.example' }]);
    expect(got.to).toEqual([{ name: '', address: 'ana.patient@mail.example' }]);
    expect(got.subject).toBe('Time for your check-up');
    expect(got.text?.trim()).toBe('Hello Ana, it is time for your check-up. Call us at 555-0100.');
    expect(got.html).toBe('<p>Hello Ana, it is time for your <b>check-up</b>.</p>');
    expect(got.messageId).toBe('<ob-7f3a9c2e-1@smile-dental.example>');
    // RFC 8058: exactly these two lines, unfolded, as DKIM will sign them.
    expect(headerLine(got, 'List-Unsubscribe')).toEqual(['List-Unsubscribe: <https://recare.smile-dental.example/u/tok_AbC123-xyz>']);
    expect(headerLine(got, 'List-Unsubscribe-Post')).toEqual(['List-Unsubscribe-Post: List-Unsubscribe=One-Click']);
    expect(headerLine(got, 'X-Recare-Key')).toEqual(['X-Recare-Key: ob-7f3a9c2e-1']);
    expect(headerLine(got, 'X-SMTPAPI')).toEqual(['X-SMTPAPI: {"unique_args":{"recare_key":"ob-7f3a9c2e-1"}}']);
    // The Date header comes from the injected clock, not the wall clock.
    expect(got.headers.get('date')).toEqual(new Date('2026-11-24T15:00:00Z'));
  });

  it('writes a long unsubscribe URL on one line (no folding) and encodes a non-ASCII office name', async () => {
    const provider = createSmtpEmail({ smtpUrl: sink.url, fromAddress: from, clock });
    const token = 'T'.repeat(120);
    const result = await provider.send(email({ from: { name: 'Zahnarztpraxis Müller & Söhne', replyTo: null }, unsubscribeUrl: `https://recare.smile-dental.example/u/${token}`, html: undefined }));
    expect(result.ok).toBe(true);
    const got = sink.received[0]!;
    expect(headerLine(got, 'List-Unsubscribe')).toEqual([`List-Unsubscribe: <https://recare.smile-dental.example/u/${token}>`]);
    expect(got.from).toEqual([{ name: 'Zahnarztpraxis Müller & Söhne', address: from }]);
    expect(got.replyTo).toEqual([]);
    expect(got.html).toBeNull();
    expect(got.text?.trim()).toBe('Hello Ana, it is time for your check-up. Call us at 555-0100.');
  });

  it('quotes the office name in From and keeps line breaks in it from starting a header of their own', async () => {
    const provider = createSmtpEmail({ smtpUrl: sink.url, fromAddress: from, clock });
    expect((await provider.send(email())).ok).toBe(true);
    expect(headerLine(sink.received[0]!, 'From')).toEqual([`From: "Smile \\"Bright\\" Dental, Main St." <${from}>`]);

    expect((await provider.send(email({ from: { name: 'Smile\r\nBcc: eve@evil.example', replyTo: null } }))).ok).toBe(true);
    const got = sink.received[1]!;
    expect(got.from).toEqual([{ name: 'Smile  Bcc: eve@evil.example', address: from }]);
    expect(headerLine(got, 'Bcc')).toEqual([]);
    expect(got.envelope.to).toEqual(['ana.patient@mail.example']);
  });

  it('sends no unsubscribe headers when the message has no unsubscribe URL', async () => {
    const provider = createSmtpEmail({ smtpUrl: sink.url, fromAddress: from, clock });
    const result = await provider.send(email({ unsubscribeUrl: undefined }));
    expect(result.ok).toBe(true);
    expect(headerLine(sink.received[0]!, 'List-Unsubscribe')).toEqual([]);
    expect(headerLine(sink.received[0]!, 'List-Unsubscribe-Post')).toEqual([]);
  });

  it('classifies 550 5.1.1 at RCPT TO as permanent with the address invalid, without quoting the address', async () => {
    sink.rejectRecipient('gone@mail.example');
    const provider = createSmtpEmail({ smtpUrl: sink.url, fromAddress: from, clock });
    const result = await provider.send(email({ to: 'gone@mail.example' }));
    expect(result).toEqual({
      ok: false,
      failure: {
        class: 'permanent',
        code: 'smtp_550',
        message: 'The receiving mail server refused the address: the mailbox does not exist or cannot receive mail (550 5.1.1).',
        addressInvalid: true,
      },
    });
    expect(sink.received).toHaveLength(0);
  });

  it('classifies a 550 5.7.1 policy refusal at RCPT TO as permanent but keeps the address', async () => {
    sink.failNext({ at: 'rcpt', code: 550, text: '5.7.1 Relaying denied' });
    const provider = createSmtpEmail({ smtpUrl: sink.url, fromAddress: from, clock });
    const result = await provider.send(email());
    expect(result).toEqual({
      ok: false,
      failure: { class: 'permanent', code: 'smtp_550', message: 'The mail server refused this recipient (550 5.7.1).', addressInvalid: false },
    });
  });

  it('classifies a 554 after DATA as a permanent refusal of the message', async () => {
    sink.failNext({ at: 'data', code: 554, text: '5.6.0 Message content rejected' });
    const provider = createSmtpEmail({ smtpUrl: sink.url, fromAddress: from, clock });
    const result = await provider.send(email());
    expect(result).toEqual({ ok: false, failure: { class: 'permanent', code: 'smtp_554', message: 'The mail server refused the message (554 5.6.0).' } });
  });

  it('classifies 451 at RCPT TO and after DATA as transient, not ambiguous', async () => {
    const provider = createSmtpEmail({ smtpUrl: sink.url, fromAddress: from, clock });
    sink.failNext({ at: 'rcpt', code: 451, text: '4.3.0 Temporary local problem, try again later' });
    const atRcpt = await provider.send(email());
    expect(atRcpt).toEqual({ ok: false, failure: { class: 'transient', code: 'smtp_451', message: 'The mail server asked us to try again later (451 4.3.0).' } });

    sink.failNext({ at: 'data', code: 451, text: '4.7.1 Greylisted, try again later' });
    const afterData = await provider.send(email());
    // A reply after the body is a definite "not accepted": no reconciliation needed.
    expect(afterData).toEqual({ ok: false, failure: { class: 'transient', code: 'smtp_451', message: 'The mail server asked us to try again later (451 4.7.1).' } });
    expect(sink.received).toHaveLength(0);
  });

  it('classifies a refused connection as transient and not ambiguous', async () => {
    const port = await closedPort();
    const provider = createSmtpEmail({ smtpUrl: `smtp://127.0.0.1:${port}?ignoreTLS=true`, fromAddress: from, clock });
    const result = await provider.send(email());
    expect(result).toEqual({ ok: false, failure: { class: 'transient', code: 'connection_refused', message: 'The mail server refused the connection.' } });
  });

  it('classifies a refused greeting (421 or 554) as transient and not ambiguous: nothing of the message was sent', async () => {
    const provider = createSmtpEmail({ smtpUrl: sink.url, fromAddress: from, clock });
    sink.refuseNextConnection({ code: 421, text: '4.3.2 Service not available, closing transmission channel' });
    expect(await provider.send(email())).toEqual({ ok: false, failure: { class: 'transient', code: 'smtp_421', message: 'The mail server asked us to try again later (421 4.3.2).' } });
    sink.refuseNextConnection({ code: 554, text: '5.7.1 No SMTP service here' });
    expect(await provider.send(email())).toEqual({ ok: false, failure: { class: 'transient', code: 'smtp_554', message: 'The mail server refused the session (554 5.7.1).' } });
    expect(sink.received).toHaveLength(0);
  });

  it('marks a socket timeout while waiting for the answer to the whole message as ambiguous', async () => {
    sink.hangAfterNextMessage();
    const before = sink.messagesRead;
    const provider = createSmtpEmail({ smtpUrl: `${sink.url}&socketTimeout=1000`, fromAddress: from, clock });
    const result = await provider.send(email());
    expect(sink.messagesRead).toBe(before + 1);
    expect(result).toEqual({
      ok: false,
      failure: { class: 'transient', code: 'timeout', message: 'The mail server did not confirm the message in time; it may have accepted it.' },
      ambiguous: true,
    });
  });

  it('marks a connection that breaks after the whole message was sent as ambiguous, and reconcile answers unknown', async () => {
    sink.dropAfterNextMessage();
    const before = sink.messagesRead;
    const provider = createSmtpEmail({ smtpUrl: sink.url, fromAddress: from, clock });
    const message = email();
    const result = await provider.send(message);
    expect(sink.messagesRead).toBe(before + 1);
    expect(result).toEqual({
      ok: false,
      failure: { class: 'transient', code: 'connection_lost', message: 'The connection broke before the mail server confirmed the message; it may have accepted it.' },
      ambiguous: true,
    });
    expect(await provider.reconcile(message)).toEqual({
      found: 'unknown',
      reason:
        "plain SMTP keeps no record we can ask; the relay may have accepted the message before the connection broke. Look for Message-ID <ob-7f3a9c2e-1@smile-dental.example> in the relay's log before sending it again.",
    });
  });

  it('refuses a plain-http unsubscribe URL off loopback with invalid_input, without echoing the token', async () => {
    const provider = createSmtpEmail({ smtpUrl: sink.url, fromAddress: from, clock });
    await expect(provider.send(email({ unsubscribeUrl: 'http://recare.smile-dental.example/u/secret-token' }))).rejects.toMatchObject({
      code: 'invalid_input',
      message:
        'The unsubscribe address must be https (RFC 8058 one-click unsubscribe); got http://recare.smile-dental.example/…. Set PUBLIC_BASE_URL to the https address of this server.',
    });
    await expect(provider.send(email({ unsubscribeUrl: 'mailto:unsubscribe@smile-dental.example' }))).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'The unsubscribe address must be https (RFC 8058 one-click unsubscribe); got a mailto: URL. Set PUBLIC_BASE_URL to the https address of this server.',
    });
    expect(sink.received).toHaveLength(0);
  });

  it('accepts a plain-http unsubscribe URL on loopback (where tests run the endpoint)', async () => {
    const provider = createSmtpEmail({ smtpUrl: sink.url, fromAddress: from, clock });
    const result = await provider.send(email({ unsubscribeUrl: 'http://127.0.0.1:4321/u/tok' }));
    expect(result.ok).toBe(true);
    expect(headerLine(sink.received[0]!, 'List-Unsubscribe')).toEqual(['List-Unsubscribe: <http://127.0.0.1:4321/u/tok>']);
  });

  it('answers a recipient that is not one plain address as permanent and invalid, sending nothing', async () => {
    const provider = createSmtpEmail({ smtpUrl: sink.url, fromAddress: from, clock });
    const result = await provider.send(email({ to: 'ana@mail.example, eve@evil.example' }));
    expect(result).toEqual({
      ok: false,
      failure: { class: 'permanent', code: 'invalid_address', message: 'The email address is not a valid single address, so it was not sent.', addressInvalid: true },
    });
    expect(sink.received).toHaveLength(0);
  });

  it('refuses a key that cannot be a Message-ID with invalid_input', async () => {
    const provider = createSmtpEmail({ smtpUrl: sink.url, fromAddress: from, clock });
    await expect(provider.send(email({ key: 'entry 12\r\nBcc: x' }))).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'The message key must be 1-200 characters of letters, digits, "_", "-", "+", "=", "~" and inner dots (it becomes the Message-ID); got "entry 12\\r\\nBcc: x".',
    });
  });
});

describe('SMTP email provider configuration', () => {
  it('refuses an SMTP_URL that is not smtp:// or smtps://, without echoing the password', () => {
    expect(() => createSmtpEmail({ smtpUrl: 'https://user:hunter2@mail.example', fromAddress: from, clock })).toThrow(
      expect.objectContaining({ code: 'invalid_config', message: 'SMTP_URL must start with smtp:// or smtps://; got "https://".' }),
    );
  });

  it('refuses an unknown SMTP_URL parameter and lists the allowed ones', () => {
    expect(() => createSmtpEmail({ smtpUrl: 'smtp://127.0.0.1:2525?ignoreTls=true', fromAddress: from, clock })).toThrow(
      expect.objectContaining({
        code: 'invalid_config',
        message:
          'SMTP_URL has an unknown parameter "ignoreTls"; allowed: ignoreTLS, requireTLS, connectionTimeout, greetingTimeout, socketTimeout, dnsTimeout, name, authMethod, tls.rejectUnauthorized, tls.servername, tls.minVersion.',
      }),
    );
  });

  it('refuses an EMAIL_FROM with a display name', () => {
    expect(() => createSmtpEmail({ smtpUrl: 'smtp://127.0.0.1:2525', fromAddress: 'Smile Dental <recall@smile-dental.example>', clock })).toThrow(
      expect.objectContaining({
        code: 'invalid_config',
        message: 'EMAIL_FROM must be one plain email address such as recall@smile-dental.example (no display name: the office name is added per message).',
      }),
    );
  });

  it('without a SendGrid key, verifies no webhook (403) and parses no inbound mail', () => {
    const provider = createSmtpEmail({ smtpUrl: 'smtp://127.0.0.1:2525', fromAddress: from, clock });
    const request = { url: 'https://recare.example/webhooks/email/events', headers: {}, rawBody: Buffer.from('[]') };
    expect(provider.verifySignature(request)).toBe(false);
    expect(provider.parseInbound(request)).toBeNull();
  });
});

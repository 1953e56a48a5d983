/**
 * Email over SMTP (nodemailer): any relay the office or its host provides, from SMTP_URL.
 *
 * SMTP_URL is `smtp://[user:pass@]host[:port]` (STARTTLS when the server offers it) or
 * `smtps://…` (TLS from the first byte, usually port 465). Query parameters are handed to nodemailer
 * as transport options; only these are accepted, so a typo is an error rather than silently ignored:
 *   ignoreTLS=true (never STARTTLS; loopback test servers), requireTLS=true (refuse to send without
 *   STARTTLS), connectionTimeout, greetingTimeout, socketTimeout, dnsTimeout (milliseconds),
 *   name (our EHLO name), authMethod, tls.rejectUnauthorized=false, tls.servername, tls.minVersion.
 *
 * Every message carries our key three ways: a deterministic Message-ID `<KEY@domain>`, an
 * X-Recare-Key header, and X-SMTPAPI unique_args so SendGrid's event webhook echoes `recare_key`
 * back (sendgrid-events.ts). RFC 8058 one-click unsubscribe headers are written here, unfolded,
 * rather than through nodemailer's `list:` option, which folds them and breaks DKIM (nodemailer#1654).
 *
 * Nothing here logs: addresses and bodies stay out of every log line and every failure message.
 */
import { AppError } from '../../domain/errors.js';
import type { Clock } from '../../clock.js';
import type { MessageProvider, OutboundMessage, ReconcileResult, SendFailure, SendResult } from '../channel.js';
import { tappedTransport } from './tapped-transport.js';
import { createSendGridEventVerifier, sendGridKeyField, type SendGridEventVerifierOptions } from './sendgrid-events.js';

export interface SmtpEmailOptions {
  /** SMTP_URL: smtp:// or smtps://, with the query parameters listed above. */
  smtpUrl: string;
  /** EMAIL_FROM: the bare address every message is sent from (the office's name goes beside it). */
  fromAddress: string;
  /** SendGrid's signed event webhook, when the relay is SendGrid; null: bounces are not reported back. */
  events?: Omit<SendGridEventVerifierOptions, 'clock'> | null;
  /** The right-hand side of our Message-IDs; default: the domain of fromAddress. */
  messageIdDomain?: string;
  clock: Clock;
}

export const smtpUrlParameters = [
  'ignoreTLS', 'requireTLS', 'connectionTimeout', 'greetingTimeout', 'socketTimeout', 'dnsTimeout',
  'name', 'authMethod', 'tls.rejectUnauthorized', 'tls.servername', 'tls.minVersion',
] as const;

/** Shorter than nodemailer's (2 min to connect, 10 min idle): a stuck relay should free the worker. */
const defaultTimeouts = { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 };

/** A message key usable as the left side of a Message-ID (RFC 5322 dot-atom) and in a header as is. */
const keyPattern = /^[A-Za-z0-9_=+~-]+(\.[A-Za-z0-9_=+~-]+)*$/;
const maxKeyLength = 200;
/** One plain address: no display name, no list, nothing a header or the envelope could split on. */
const addressPattern = /^[^\s@<>,;:"()[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const domainPattern = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
/** Header lines may not pass 998 characters (RFC 5322 §2.1.1); the URL is written unfolded. */
const maxUnsubscribeUrlLength = 900;

export function createSmtpEmail(options: SmtpEmailOptions): MessageProvider {
  checkSmtpUrl(options.smtpUrl);
  if (!isPlainAddress(options.fromAddress)) {
    throw new AppError('invalid_config', 'EMAIL_FROM must be one plain email address such as recall@smile-dental.example (no display name: the office name is added per message).');
  }
  const messageIdDomain = options.messageIdDomain ?? options.fromAddress.slice(options.fromAddress.lastIndexOf('@') + 1);
  if (!domainPattern.test(messageIdDomain)) {
    throw new AppError('invalid_config', `The Message-ID domain must be a domain name such as smile-dental.example; got "${messageIdDomain}".`);
  }
  const events = options.events ? createSendGridEventVerifier({ ...options.events, clock: options.clock }) : null;
  const transportOptions = {
    ...defaultTimeouts,
    // The SMTP_URL's own parameters win over the defaults above (nodemailer merges them last).
    url: options.smtpUrl,
    disableFileAccess: true,
    disableUrlAccess: true,
  };

  return {
    channel: 'email',
    name: 'smtp',
    async send(message: OutboundMessage): Promise<SendResult> {
      const checked = checkMessage(message);
      if (!isPlainAddress(message.to)) {
        return {
          ok: false,
          failure: { class: 'permanent', code: 'invalid_address', message: 'The email address is not a valid single address, so it was not sent.', addressInvalid: true },
        };
      }
      const messageId = messageIdFor(message.key, messageIdDomain);
      const headers: Record<string, { prepared: true; value: string }> = {
        'X-Recare-Key': { prepared: true, value: message.key },
        'X-SMTPAPI': { prepared: true, value: JSON.stringify({ unique_args: { [sendGridKeyField]: message.key } }) },
      };
      if (checked.unsubscribeUrl) {
        headers['List-Unsubscribe'] = { prepared: true, value: `<${checked.unsubscribeUrl}>` };
        headers['List-Unsubscribe-Post'] = { prepared: true, value: 'List-Unsubscribe=One-Click' };
      }

      const { transport, bodyHandedOver } = tappedTransport(transportOptions);
      try {
        await transport.sendMail({
          envelope: { from: options.fromAddress, to: [message.to] },
          from: checked.fromName ? { name: checked.fromName, address: options.fromAddress } : options.fromAddress,
          ...(message.from.replyTo ? { replyTo: message.from.replyTo } : {}),
          to: message.to,
          subject: checked.subject,
          text: message.text,
          ...(message.html ? { html: message.html } : {}),
          messageId,
          date: options.clock.now(),
          headers,
        });
        return { ok: true, providerMessageId: messageId, state: 'sent' };
      } catch (error) {
        return classifySmtpError(error as SmtpError, bodyHandedOver());
      } finally {
        transport.close();
      }
    },
    async reconcile(message: OutboundMessage): Promise<ReconcileResult> {
      return {
        found: 'unknown',
        reason:
          `plain SMTP keeps no record we can ask; the relay may have accepted the message before the connection broke. ` +
          `Look for Message-ID ${messageIdFor(message.key, messageIdDomain)} in the relay's log before sending it again.`,
      };
    },
    verifySignature: (request) => events?.verify(request) ?? false,
    // Without the event webhook configured the signature never verifies, so this is never reached.
    parseStatusCallback: (request) => events?.parse(request) ?? [],
    parseInbound: () => null,
  };
}

function messageIdFor(key: string, domain: string): string {
  return `<${key}@${domain}>`;
}

function isPlainAddress(value: string): boolean {
  return value.length <= 254 && addressPattern.test(value);
}

function checkSmtpUrl(smtpUrl: string): void {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    throw new AppError('invalid_config', 'SMTP_URL is not a URL; expected smtp://user:password@host:587 or smtps://user:password@host:465.');
  }
  // Never echo the whole URL: it carries the relay password.
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new AppError('invalid_config', `SMTP_URL must start with smtp:// or smtps://; got "${url.protocol}//".`);
  }
  if (!url.hostname) {
    throw new AppError('invalid_config', `SMTP_URL names no host; expected ${url.protocol}//host:port.`);
  }
  for (const parameter of url.searchParams.keys()) {
    if (!(smtpUrlParameters as readonly string[]).includes(parameter)) {
      throw new AppError('invalid_config', `SMTP_URL has an unknown parameter "${parameter}"; allowed: ${smtpUrlParameters.join(', ')}.`);
    }
  }
}

interface CheckedMessage {
  fromName: string;
  subject: string;
  unsubscribeUrl: string | null;
}

/** Our own inputs (the dispatcher's key, the office's settings, the rendered template): a fault here is ours, not the patient's. */
function checkMessage(message: OutboundMessage): CheckedMessage {
  if (message.channel !== 'email') {
    throw new AppError('invalid_input', `The SMTP provider sends email only; got a message for channel "${message.channel}".`);
  }
  if (message.key.length > maxKeyLength || !keyPattern.test(message.key)) {
    throw new AppError(
      'invalid_input',
      `The message key must be 1-${maxKeyLength} characters of letters, digits, "_", "-", "+", "=", "~" and inner dots (it becomes the Message-ID); got ${JSON.stringify(message.key.slice(0, 60))}.`,
    );
  }
  const subject = (message.subject ?? '').replace(/[\r\n]+/g, ' ').trim();
  if (!subject) {
    throw new AppError('invalid_input', 'An email needs a subject; the rendered message has none.');
  }
  if (message.from.replyTo !== null && !isPlainAddress(message.from.replyTo)) {
    throw new AppError('invalid_input', "The office's reply-to address is not one plain email address; fix it in the office settings.");
  }
  return {
    // Control characters cannot appear in a header; the display name is otherwise quoted or encoded by nodemailer.
    fromName: stripControlCharacters(message.from.name).trim(),
    subject,
    unsubscribeUrl: message.unsubscribeUrl === undefined ? null : checkUnsubscribeUrl(message.unsubscribeUrl),
  };
}

function stripControlCharacters(value: string): string {
  return Array.from(value, (char) => (char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f ? ' ' : char)).join('');
}

/** RFC 8058 requires https; plain http is allowed only on loopback, where tests run the endpoint. */
function checkUnsubscribeUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError('invalid_input', 'The unsubscribe address is not a URL; expected https://…/u/{token}.');
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    // The token in the path unsubscribes a patient: name the scheme and host only.
    const given = url.host ? `${url.protocol}//${url.host}/…` : `a ${url.protocol} URL`;
    throw new AppError(
      'invalid_input',
      `The unsubscribe address must be https (RFC 8058 one-click unsubscribe); got ${given}. Set PUBLIC_BASE_URL to the https address of this server.`,
    );
  }
  if (url.username || url.password) {
    throw new AppError('invalid_input', 'The unsubscribe address must not carry a user name or password.');
  }
  // href is percent-encoded (no spaces, angle brackets or line breaks to break out of the header); the check is a second lock.
  if (url.href.length > maxUnsubscribeUrlLength || !/^[\x21-\x7e]+$/.test(url.href)) {
    throw new AppError('invalid_input', `The unsubscribe address must be at most ${maxUnsubscribeUrlLength} characters; got ${url.href.length}.`);
  }
  return url.href;
}

/** What nodemailer puts on the errors it rejects a send with. */
interface SmtpError {
  code?: string;
  originalCode?: string;
  command?: string;
  response?: string;
  responseCode?: number;
}

type SendFailed = Extract<SendResult, { ok: false }>;

/**
 * SMTP answers become the port's failure classes:
 *   5xx to RCPT TO: permanent; the address is invalid when the reply says the mailbox is bad
 *     (5.1.x, 5.2.1, or no enhanced code) rather than a policy or capacity refusal (5.7.x, 5.2.2);
 *   other 5xx (sender, message, credentials): permanent, the address is fine;
 *   4xx, and 503 (wrong command sequence, worth a fresh session): transient;
 *   no answer at all (refused, DNS, TLS, timeout, dropped connection): transient; ambiguous only
 *     when the whole message had been handed over, since the relay may have accepted it.
 * Server replies are never copied into the message: they often quote the recipient's address.
 */
export function classifySmtpError(error: SmtpError, bodyHandedOver: boolean): SendFailed {
  const replyCode = typeof error.responseCode === 'number' && error.responseCode >= 400 ? error.responseCode : null;
  if (replyCode !== null) {
    const enhanced = /^\d{3}[ -](\d\.\d{1,3}\.\d{1,3})\b/.exec(error.response ?? '')?.[1] ?? null;
    const reply = enhanced ? `${replyCode} ${enhanced}` : String(replyCode);
    const code = `smtp_${replyCode}`;
    if (replyCode < 500 || replyCode === 503) {
      return failed({ class: 'transient', code, message: `The mail server asked us to try again later (${reply}).` });
    }
    if (error.command === 'RCPT TO') {
      const mailboxBad = enhanced === null ? [550, 551, 553].includes(replyCode) : /^5\.1\./.test(enhanced) || enhanced === '5.2.1';
      return failed({
        class: 'permanent',
        code,
        message: mailboxBad
          ? `The receiving mail server refused the address: the mailbox does not exist or cannot receive mail (${reply}).`
          : `The mail server refused this recipient (${reply}).`,
        addressInvalid: mailboxBad,
      });
    }
    if (error.command?.startsWith('AUTH')) {
      return failed({ class: 'permanent', code, message: `The mail server refused our SMTP credentials (${reply}); check the user and password in SMTP_URL.` });
    }
    if (error.command === 'MAIL FROM') {
      return failed({ class: 'permanent', code, message: `The mail server refused our sender address (${reply}); check EMAIL_FROM and the relay's allowed senders.` });
    }
    if (error.command === 'DATA') {
      return failed({ class: 'permanent', code, message: `The mail server refused the message (${reply}).` });
    }
    // Refused at the greeting or EHLO: nothing about this message, the relay may take it later.
    return failed({ class: 'transient', code, message: `The mail server refused the session (${reply}).` });
  }
  switch (error.code) {
    case 'EAUTH':
    case 'ENOAUTH':
      return failed({ class: 'permanent', code: 'smtp_auth', message: 'The mail server refused our SMTP credentials; check the user and password in SMTP_URL.' });
    case 'EMESSAGE':
      return failed({ class: 'permanent', code: 'message_too_large', message: 'The message is larger than the mail server accepts.' });
    case 'EDNS':
      return failed({ class: 'transient', code: 'dns', message: 'The mail server name in SMTP_URL could not be resolved.' });
    case 'ETLS':
      return failed({ class: 'transient', code: 'tls', message: 'The TLS handshake with the mail server failed.' });
    case 'ETIMEDOUT':
      return failed(
        { class: 'transient', code: 'timeout', message: bodyHandedOver ? 'The mail server did not confirm the message in time; it may have accepted it.' : 'The mail server did not answer in time.' },
        bodyHandedOver,
      );
    case 'ECONNECTION':
    case 'ESOCKET':
      if (error.originalCode === 'ECONNREFUSED') {
        return failed({ class: 'transient', code: 'connection_refused', message: 'The mail server refused the connection.' });
      }
      return failed(
        { class: 'transient', code: 'connection_lost', message: bodyHandedOver ? 'The connection broke before the mail server confirmed the message; it may have accepted it.' : 'The connection to the mail server broke.' },
        bodyHandedOver,
      );
    default:
      return failed(
        { class: 'transient', code: 'smtp_error', message: `Sending through the mail server failed (${error.code ?? 'no error code'}).` },
        bodyHandedOver,
      );
  }
}

function failed(failure: SendFailure, ambiguous = false): SendFailed {
  return ambiguous ? { ok: false, failure, ambiguous: true } : { ok: false, failure };
}

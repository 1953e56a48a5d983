/**
 * A real SMTP server on loopback (smtp-server) that keeps what it receives, parsed with mailparser,
 * and can answer the way receiving servers do when things go wrong: an unknown mailbox (550 5.1.1),
 * a temporary refusal (451), a refused greeting (421), or a connection that breaks after the message was sent but before the
 * server's answer (the ambiguous case).
 */
import { simpleParser, type AddressObject, type HeaderValue } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface ReceivedAddress {
  name: string;
  address: string;
}

export interface ReceivedEmail {
  envelope: { from: string | null; to: string[] };
  /** The message exactly as it arrived (after the SMTP dot-unstuffing). */
  raw: Buffer;
  /** Header lines as written on the wire, in order: `line` is the whole "Name: value" line. */
  headerLines: ReadonlyArray<{ key: string; line: string }>;
  headers: Map<string, HeaderValue>;
  messageId: string | null;
  subject: string | null;
  from: ReceivedAddress[];
  replyTo: ReceivedAddress[];
  to: ReceivedAddress[];
  text: string | null;
  html: string | null;
}

export interface SinkFailure {
  /** Where the server refuses: the RCPT TO reply, or the reply to the message after DATA. */
  at: 'rcpt' | 'data';
  code: number;
  /** Enhanced status code and text, e.g. "4.3.0 Try again later". */
  text: string;
}

export interface SmtpSink {
  port: number;
  /** SMTP_URL for this sink: plain SMTP, STARTTLS off. */
  url: string;
  received: ReceivedEmail[];
  /** This recipient gets 550 5.1.1 at RCPT TO from now on. */
  rejectRecipient(address: string): void;
  /** The next message is refused with this reply (once). */
  failNext(failure: SinkFailure): void;
  /** The next message is read to its end, then the connection is cut before any answer (once). */
  dropAfterNextMessage(): void;
  /** The next message is read to its end and never answered: the client's socket timeout ends it (once). */
  hangAfterNextMessage(): void;
  /** The next connection is refused in the greeting with this reply, e.g. 421 (once). */
  refuseNextConnection(reply: { code: number; text: string }): void;
  /** How many messages arrived complete (including a dropped one, which the server did read). */
  readonly messagesRead: number;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedEmail[] = [];
  const rejected = new Set<string>();
  let nextFailure: SinkFailure | null = null;
  let dropNext = false;
  let hangNext = false;
  let refuseNext: { code: number; text: string } | null = null;
  let messagesRead = 0;

  const refusal = (failure: SinkFailure): Error & { responseCode: number } =>
    Object.assign(new Error(failure.text), { responseCode: failure.code });

  const server: SMTPServer = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(_session, callback) {
      if (refuseNext) {
        const reply = refuseNext;
        refuseNext = null;
        callback(Object.assign(new Error(reply.text), { responseCode: reply.code }));
        return;
      }
      callback();
    },
    onRcptTo(address, _session, callback) {
      if (nextFailure?.at === 'rcpt') {
        const failure = nextFailure;
        nextFailure = null;
        callback(refusal(failure));
        return;
      }
      if (rejected.has(address.address.toLowerCase())) {
        callback(refusal({ at: 'rcpt', code: 550, text: `5.1.1 <${address.address}>: Recipient address rejected: User unknown in local recipient table` }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messagesRead += 1;
        if (dropNext) {
          dropNext = false;
          cutConnection(server, session);
          return;
        }
        if (hangNext) {
          hangNext = false;
          return;
        }
        if (nextFailure?.at === 'data') {
          const failure = nextFailure;
          nextFailure = null;
          callback(refusal(failure));
          return;
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (mail) => {
            received.push({
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
                to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              },
              raw,
              headerLines: mail.headerLines,
              headers: mail.headers,
              messageId: mail.messageId ?? null,
              subject: mail.subject ?? null,
              from: addresses(mail.from),
              replyTo: addresses(mail.replyTo),
              to: addresses(mail.to),
              text: mail.text ?? null,
              html: mail.html === false ? null : (mail.html ?? null),
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    port,
    url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
    received,
    rejectRecipient: (address) => rejected.add(address.toLowerCase()),
    failNext: (failure) => {
      nextFailure = failure;
    },
    dropAfterNextMessage: () => {
      dropNext = true;
    },
    hangAfterNextMessage: () => {
      hangNext = true;
    },
    refuseNextConnection: (reply) => {
      refuseNext = reply;
    },
    get messagesRead() {
      return messagesRead;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const connection of server.connections) connection._socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function cutConnection(server: SMTPServer, session: SMTPServerSession): void {
  for (const connection of server.connections) {
    if (connection.session.id === session.id) connection._socket.destroy();
  }
}

function addresses(value: AddressObject | AddressObject[] | undefined): ReceivedAddress[] {
  if (!value) return [];
  return (Array.isArray(value) ? value : [value]).flatMap((group) => group.value.map((entry) => ({ name: entry.name, address: entry.address ?? '' })));
}

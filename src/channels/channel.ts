/**
 * The channel port: what the dispatcher and the webhooks need from a provider that carries texts or
 * emails out of the building and reports back. One implementation per provider (sms/twilio.ts,
 * email/smtp.ts, sandbox.ts); only app.ts constructs them. Adapters do I/O and translate wire formats;
 * they decide nothing about who may be contacted (the contact gate did that before `send`).
 *
 * Errors a provider answers with are values, classified so the dispatcher knows what to do:
 *   - transient: try again later with backoff (rate limited, 5xx, timeout before the request left);
 *   - permanent: never retry this message; staff see it on the case (addressInvalid: mark the number
 *     or address invalid, e.g. Twilio 21211, a hard bounce);
 *   - opted_out: the provider refuses because the recipient opted out (Twilio 21610); the dispatcher
 *     records an opt-out through the durable path.
 */

/** The channels a provider carries. Letters are printed (letter/), not sent through a provider. */
export const messageChannels = ['sms', 'email'] as const;
export type MessageChannel = (typeof messageChannels)[number];

/** Delivery states, in the order they move: a callback never moves an attempt backwards (domain/messaging). */
import { deliveryStates, type DeliveryState } from '../domain/messaging/delivery-progress.js';

export { deliveryStates, type DeliveryState };

/** A message ready to hand to a provider: already allowed by the gate, rendered and linted. */
export interface OutboundMessage {
  /** Our idempotency key (outbox entry): the same key is the same message, however often it is handed over. */
  key: string;
  channel: MessageChannel;
  /** E.164 phone number (sms) or email address. */
  to: string;
  /** Plain text (sms body, email text part). */
  text: string;
  /** Email only. */
  subject?: string;
  html?: string;
  /** Who the patient sees it from: the office's name, and its address for replies (email). */
  from: { name: string; replyTo: string | null };
  /** Email only: the one-click unsubscribe address (https), written as List-Unsubscribe + List-Unsubscribe-Post. */
  unsubscribeUrl?: string;
  /** SMS only: where the provider reports delivery states (our public webhook URL). */
  statusCallbackUrl?: string;
  /** When the attempt was recorded; reconciliation looks for the message from here on. */
  recordedAt: Date;
}

export type FailureClass = 'transient' | 'permanent' | 'opted_out';

export interface SendFailure {
  class: FailureClass;
  /** The provider's code ('21211', '20429', 'smtp_550', 'http_500', 'timeout'). */
  code: string;
  /** Safe to show staff and to log: never the recipient, never the body. */
  message: string;
  /** Permanent only: the number or address itself is bad; mark the contact point invalid. */
  addressInvalid?: boolean;
  /** Transient only: the provider asked us to wait at least this long. */
  retryAfterSeconds?: number;
}

export type SendResult =
  | { ok: true; providerMessageId: string; state: DeliveryState }
  /** `ambiguous`: whether the request may have reached the provider (a timeout after sending): reconcile before any resend. */
  | { ok: false; failure: SendFailure; ambiguous?: boolean };

/**
 * After a crash or a timeout during `send`, the dispatcher asks whether the message already went:
 * found (record it, never resend), absent (safe to send), or unknown (the provider cannot tell, as
 * with plain SMTP: surface to staff instead of risking a second send).
 */
export type ReconcileResult =
  | { found: true; providerMessageId: string; state: DeliveryState }
  | { found: false }
  | { found: 'unknown'; reason: string };

/** An HTTP request a provider made to one of our webhooks, exactly as it arrived. */
export interface WebhookRequest {
  /** The public URL the provider called (PUBLIC_BASE_URL + path + query): signatures are computed on it. */
  url: string;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string | undefined>>;
  rawBody: Buffer;
}

/** One delivery report (a status callback, or one event of a batch). */
export interface DeliveryEvent {
  /** Deduplication: the same event id is applied once (Twilio: MessageSid + status; SendGrid: sg_event_id). */
  eventId: string;
  /** The provider's message id, or our key where the provider echoes it back. */
  providerMessageId: string | null;
  key: string | null;
  state: DeliveryState;
  /** Provider error code for failed/undelivered/bounced. */
  errorCode: string | null;
  /** failed/bounced: the address is bad for good (hard bounce, 21211, 30005/30006). */
  addressInvalid: boolean;
  /** The recipient asked to stop (spam complaint, unsubscribe event, 21610). */
  optedOut: boolean;
  /** The recipient address the event is about (email events carry it); used only to find the contact point. */
  recipient: string | null;
  occurredAt: Date | null;
}

/** An inbound text. */
export interface InboundMessage {
  providerMessageId: string;
  from: string;
  to: string;
  body: string;
  /** The provider recognised an opt-out/opt-in/help keyword itself (Twilio Advanced Opt-Out OptOutType). */
  providerKeyword: 'stop' | 'start' | 'help' | null;
}

export interface MessageProvider {
  readonly channel: MessageChannel;
  /** 'twilio', 'smtp', 'sandbox': shown on the Outbox and stored with each entry. */
  readonly name: string;
  send(message: OutboundMessage): Promise<SendResult>;
  /**
   * Whether the provider already has this message (after a crash or an ambiguous answer). `claimed`:
   * provider ids other entries already hold, never taken as this one (an identical HELP answer or a
   * repeated staff text to the same number is another message).
   */
  reconcile(message: OutboundMessage, claimed?: ReadonlySet<string>): Promise<ReconcileResult>;
  /** True only when the request carries a valid signature for this provider's secret. Checked before anything is parsed or stored. */
  verifySignature(request: WebhookRequest): boolean;
  /** Delivery reports in a (verified) status webhook; [] when there are none. Throws AppError invalid_input on a malformed body. */
  parseStatusCallback(request: WebhookRequest): DeliveryEvent[];
  /** The inbound message in a (verified) webhook; null for providers without inbound (SMTP). */
  parseInbound(request: WebhookRequest): InboundMessage | null;
}

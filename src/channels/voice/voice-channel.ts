/**
 * The voice port: what click-to-call, the voicemail drop and the call webhooks need from a provider
 * that places and bridges phone calls (shared/docs/channels.md §2). One implementation per provider
 * (voice/twilio-voice.ts); only app.ts constructs it. Adapters do I/O and translate wire formats; the
 * contact gate decided before `createCall` and before `updateCall`.
 */
import type { SendFailure, WebhookRequest } from '../channel.js';

/** A call to create: the provider rings `to` (the staff member's phone) from `from` and asks `twimlUrl` what to do once it answers. */
export interface CallToCreate {
  /** Our idempotency key (calls.key). */
  key: string;
  to: string;
  from: string;
  /** Our bridge webhook: its TwiML dials the patient. */
  twimlUrl: string;
  /** The staff leg's own progress (the patient leg reports through the TwiML's <Number statusCallback>). */
  statusCallbackUrl: string;
  /** When the call row was written; reconciliation looks for the call from here on. */
  recordedAt: Date;
}

export type CallCreateResult =
  | { ok: true; sid: string; status: string }
  /** `ambiguous`: the request may have reached the provider (a timeout, a 5xx): reconcile before creating again. */
  | { ok: false; failure: SendFailure; ambiguous: boolean };

export type CallLookup = { found: true; sid: string; status: string } | { found: false };

/** One status callback of a call leg. */
export interface CallStatusReport {
  callSid: string;
  parentCallSid: string | null;
  status: string;
  /** The provider's own time of the event, else null. */
  occurredAt: Date | null;
  durationSeconds: number | null;
  recordingSid: string | null;
  recordingSeconds: number | null;
}

/** A recording's status callback: Recare keeps only the recording's id and length, never its audio or address. */
export interface RecordingReport {
  callSid: string;
  recordingSid: string;
  /** 'completed' when the recording can be fetched; 'absent' or 'failed' when there is none. */
  status: string;
  durationSeconds: number | null;
}

/** A call reaching one of our numbers. */
export interface InboundCall {
  callSid: string;
  from: string;
  to: string;
}

/** What the provider is told to do on a call (TwiML for Twilio), built by the adapter so every value is escaped. */
export interface CallInstructions {
  /** The staff member answered: announce recording if on, then dial the patient with the office's caller ID. */
  bridge(bridge: { patient: string; callerId: string; statusCallbackUrl: string; announcement: string | null; recording: { statusCallbackUrl: string } | null }): string;
  /** The voicemail drop: the approved message spoken in the patient's language, or its recording, then hang up. */
  voicemail(message: { kind: 'say'; text: string; language: string } | { kind: 'play'; url: string }): string;
  /** A patient's call: forward it to the office line (none: say so and hang up). */
  forward(forward: { officeLine: string | null; announcement: string | null; record: boolean }): string;
  hangUp(message: string): string;
}

export interface VoiceProvider {
  readonly name: string;
  readonly instructions: CallInstructions;
  createCall(call: CallToCreate): Promise<CallCreateResult>;
  /** After a crash or an ambiguous answer: the call our create made, if the provider has it (same To and From, created since `recordedAt`, not one of `claimed`). */
  findCall(call: CallToCreate, claimed: ReadonlySet<string>): Promise<CallLookup>;
  /** Redirects a live call leg to new instructions (the voicemail drop). */
  updateCall(callSid: string, twiml: string): Promise<{ ok: true } | { ok: false; failure: SendFailure }>;
  verifySignature(request: WebhookRequest): boolean;
  parseStatus(request: WebhookRequest): CallStatusReport;
  parseInbound(request: WebhookRequest): InboundCall;
  parseRecording(request: WebhookRequest): RecordingReport;
}

/** What the messaging use cases are handed besides the store, clock and log: the providers and the settings. */
import type { LetterPrinter } from '../../channels/letter/letter-printer.js';
import type { MessageProviders } from '../../channels/providers.js';
import type { PacingPolicy } from '../../domain/messaging/send-pacing.js';
import type { Deps } from '../deps.js';

export interface MessagingSettings {
  /** The https address providers call back and links point to; null: no status callbacks, no unsubscribe links (sandbox only). */
  publicBaseUrl: string | null;
  /** How long a worker holds a claimed message before another may take it over: longer than a provider's slowest answer (SMTP: up to 2 minutes). */
  leaseSeconds: number;
  /** Messages one dispatch pass takes at most. */
  batchSize: number;
  /** Texts per minute per sender, counted over every server (a sender number may send about one a second). */
  smsPerMinute: number;
  /** Hand-offs a pass runs at once (never two of one patient). */
  parallelHandOffs: number;
  pacing: PacingPolicy;
  /** Answer HELP/INFO with the office's name and number (false: the provider answers). */
  helpReply: boolean;
  /** A confirmation text after STOP; null: none (most providers already send one). */
  stopConfirmation: string | null;
  /** {{portal_link}}; null: templates that use it cannot be sent (demo mode uses the demo clinic's made-up portal). */
  portalUrl: string | null;
}

export const defaultMessagingSettings: MessagingSettings = {
  publicBaseUrl: null, leaseSeconds: 300, batchSize: 100, smsPerMinute: 60, parallelHandOffs: 4,
  pacing: { spreadMinutes: 180, lastSendBeforeCloseMinutes: 60 }, helpReply: true, stopConfirmation: null, portalUrl: null,
};

/** Named points of one hand-off, for observing it (tests stop the process at each to prove crash safety). */
export type DispatchStep = 'claimed' | 'attempt-recorded' | 'provider-answered';

export interface MessagingDeps extends Deps {
  providers: MessageProviders;
  /** Letters and labels as PDF (channels/letter). */
  printer: LetterPrinter;
  messaging: MessagingSettings;
  /** Names this process in the leases it takes. */
  workerId: string;
  /** Tests' view into the steps of a hand-off (the crash tests stop the process at one); awaited, so a test may act in between. */
  onStep?: (step: DispatchStep, outboxId: number) => void | Promise<void>;
}

/**
 * The sandbox provider: a product feature, not a test double. In demo mode, and for any channel
 * without a configured provider, it records what would have been sent (by key, so a message handed
 * over twice is stored once), reports it delivered a few seconds later and, for some texts, a
 * patient's reply chosen by seed (domain/messaging/sandbox-replies.ts), so the demo shows whole
 * conversations. Nothing leaves the machine.
 */
import { createHash } from 'node:crypto';
import type { Store } from '../db/open-store.js';
import { acceptSandboxMessage, findSandboxMessage, takeDueDeliveries, takeDueReplies } from '../db/queries/sandbox-messages.js';
import { sandboxDelaySeconds, sandboxReplyFor } from '../domain/messaging/sandbox-replies.js';
import type { DeliveryEvent, InboundMessage, MessageChannel, MessageProvider, OutboundMessage, ReconcileResult, SendResult } from './channel.js';

export interface SandboxActivity {
  deliveries: DeliveryEvent[];
  replies: InboundMessage[];
}

export interface SandboxProvider extends MessageProvider {
  /** Delivery reports and replies whose simulated time has come by `now` (each handed out once). */
  takeDue(now: Date, limit?: number): Promise<SandboxActivity>;
}

export const sandboxProviderName = 'sandbox';

/** The seed of the simulated replies: the same demo shows the same conversations. */
export const defaultSandboxSeed = 'recare-demo';

const sandboxId = (key: string, channel: MessageChannel) => `${channel === 'sms' ? 'SBSM' : 'SBEM'}${createHash('sha256').update(key).digest('hex').slice(0, 28)}`;

// Its clock is the caller's: a message is accepted when its attempt was recorded, and simulated time
// passes as the dispatcher's clock does (the demo's simulated past days included).
export function createSandbox(channel: MessageChannel, deps: { store: Store; seed: string; officeNumber?: string }): SandboxProvider {
  const { db } = deps.store;
  return {
    channel,
    name: sandboxProviderName,
    async send(message: OutboundMessage): Promise<SendResult> {
      const now = message.recordedAt;
      const reply = channel === 'sms' ? sandboxReplyFor(deps.seed, message.key) : null;
      const stored = await acceptSandboxMessage(db, {
        key: message.key, provider_message_id: sandboxId(message.key, channel), channel, to_address: message.to, body: message.text,
        accepted_at: now, deliver_at: new Date(now.getTime() + sandboxDelaySeconds.delivery * 1000),
        reply_text: reply, reply_at: reply === null ? null : new Date(now.getTime() + sandboxDelaySeconds.reply * 1000),
      });
      return { ok: true, providerMessageId: stored.provider_message_id, state: 'queued' };
    },
    async reconcile(message: OutboundMessage): Promise<ReconcileResult> {
      const found = await findSandboxMessage(db, message.key);
      return found ? { found: true, providerMessageId: found.provider_message_id, state: found.delivered_at ? 'delivered' : 'queued' } : { found: false };
    },
    // The sandbox has no webhooks: nothing from outside may claim to be it.
    verifySignature: () => false,
    parseStatusCallback: () => [],
    parseInbound: () => null,
    async takeDue(now: Date, limit = 200): Promise<SandboxActivity> {
      const delivered = await takeDueDeliveries(db, channel, now, limit);
      const replied = await takeDueReplies(db, channel, now, limit);
      return {
        deliveries: delivered.map((m) => ({
          eventId: `${m.provider_message_id}:delivered`, providerMessageId: m.provider_message_id, key: m.key, state: 'delivered' as const,
          errorCode: null, addressInvalid: false, optedOut: false, recipient: null, occurredAt: now,
        })),
        replies: replied.filter((m) => m.reply_text !== null).map((m) => ({
          providerMessageId: `${m.provider_message_id}R`, from: m.to_address, to: deps.officeNumber ?? '+15550100000', body: m.reply_text as string, providerKeyword: null,
        })),
      };
    },
  };
}

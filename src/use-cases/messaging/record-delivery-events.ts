/**
 * Delivery reports from a provider (a verified status webhook, an email event batch, the sandbox):
 * each applied once (providers retry), moving the message's state forward only (reports arrive out
 * of order). A hard bounce or an invalid number marks the contact point invalid; a complaint or an
 * unsubscribe event records an opt-out through the durable path.
 */
import type { DeliveryEvent } from '../../channels/channel.js';
import { advanceDelivery } from '../../domain/messaging/delivery-progress.js';
import { markContactPointInvalid } from '../../db/queries/cases.js';
import { findOutboxByKey, findOutboxByProviderId, lockDeliveryOf, maskSecret } from '../../db/queries/outbox.js';
import { eventApplied } from '../../db/queries/provider-events.js';
import type { Deps } from '../deps.js';
import { showFailureOnCase } from './show-failure-on-case.js';
import { recordOptOut } from '../record-opt-out.js';

export interface DeliverySummary { applied: number; duplicates: number; unknown: number }

export async function recordDeliveryEvents(deps: Pick<Deps, 'store' | 'clock' | 'log'>, providerName: string, events: readonly DeliveryEvent[]): Promise<DeliverySummary> {
  const { db } = deps.store;
  const now = deps.clock.now();
  const summary: DeliverySummary = { applied: 0, duplicates: 0, unknown: 0 };
  for (const event of events) {
    const entry = (event.key ? await findOutboxByKey(db, event.key) : undefined)
      ?? (event.providerMessageId ? await findOutboxByProviderId(db, providerName, event.providerMessageId) : undefined);
    if (!entry) {
      summary.unknown++;
      continue;
    }
    if (await eventApplied(db, providerName, event.eventId)) {
      summary.duplicates++;
      continue;
    }
    // The opt-out first, through its durable path: if anything after it fails, the provider's retry finds
    // the event not yet applied and records it again (a second opt-out row changes nothing).
    if (event.optedOut && entry.patient_id !== null && entry.contact_point_id !== null) {
      await recordOptOut(deps, {
        patient: { recareId: entry.patient_id }, contactPointId: entry.contact_point_id, channel: entry.channel === 'email' ? 'email' : null, purposeClass: null,
        via: entry.channel === 'email' ? 'email' : 'sms_keyword', evidence: `${providerName} event ${event.eventId} on outbox #${entry.id}`,
      });
    }
    const fresh = await deps.store.transaction(async (tx) => {
      const inserted = await tx.db.insertInto('provider_events').values({ provider: providerName, event_id: event.eventId, received_at: now })
        .onConflict((c) => c.columns(['provider', 'event_id']).doNothing()).returning('event_id').executeTakeFirst();
      if (!inserted) return false;
      // Read again under lock: two reports of one message (Twilio sends "sent" and "delivered" moments
      // apart) and the provider's own answer must not each move from the same stale state.
      const current = await lockDeliveryOf(tx.db, entry.id);
      const state = advanceDelivery(current?.delivery_state ?? entry.delivery_state, event.state);
      await tx.db.updateTable('outbox').set({
        // Any report means the message left: its link or code is masked in our copy.
        delivery_state: state, updated_at: now, ...maskSecret,
        ...(state === 'failed' || state === 'bounced' ? { state: 'failed' as const, error_code: event.errorCode, reason: `${state === 'bounced' ? 'bounced' : 'not delivered'}${event.errorCode ? ` (${event.errorCode})` : ''}` } : {}),
      }).where('id', '=', entry.id).execute();
      if (entry.attempt_id !== null && state === event.state) {
        await tx.db.insertInto('attempt_events').values({ attempt_id: entry.attempt_id, status: event.state, detail: event.errorCode, occurred_at: event.occurredAt ?? now })
          .onConflict((c) => c.columns(['attempt_id', 'status']).doNothing()).execute();
      }
      const newlyFailed = (state === 'failed' || state === 'bounced') && current?.state !== 'failed';
      if (newlyFailed) await showFailureOnCase(tx.db, entry, state === 'bounced' ? 'bounced' : 'not delivered', event.errorCode, now);
      if (event.addressInvalid && entry.contact_point_id !== null) {
        await markContactPointInvalid(tx.db, entry.contact_point_id, `${event.state === 'bounced' ? 'hard bounce' : 'provider error'}${event.errorCode ? ` ${event.errorCode}` : ''} on outbox #${entry.id}`, now);
      }
      return true;
    });
    if (!fresh) {
      summary.duplicates++;
      continue;
    }
    summary.applied++;
  }
  if (summary.applied > 0) deps.log.info({ provider: providerName, ...summary }, 'delivery events');
  return summary;
}

/**
 * What a patient does on their own page, written to the case: an inbound record (channel 'web', so it
 * counts as a reply and shows in the conversation), a callback at the time they chose, a snooze.
 */
import { sql, type Kysely } from 'kysely';
import { callbackPoints } from '../../domain/cases/priority.js';
import type { Database } from '../schema.js';

export const pageProvider = 'booking_page';

export async function insertPatientAction(
  db: Kysely<Database>,
  action: { linkId: number; patientId: number; caseId: number | null; what: string; body: string; handled: boolean; now: Date; intent?: 'other' | 'help' | 'opt_out' },
): Promise<void> {
  await db.insertInto('inbound_messages').values({
    provider: pageProvider, provider_message_id: `link-${action.linkId}-${action.what}-${action.now.getTime()}`, channel: 'web', from_address: 'patient page', to_address: 'patient page',
    body: action.body, patient_ids: [action.patientId], case_id: action.caseId, intent: action.intent ?? 'other', flagged: false, received_at: action.now,
    handled_at: action.handled ? action.now : null, handled_by: null,
  }).onConflict((c) => c.columns(['provider', 'provider_message_id']).doNothing()).execute();
}

/** The patient asked to be called at `at`: the case's next step is that callback, for anyone. */
export async function setCaseCallback(db: Kysely<Database>, caseId: number, at: Date, why: string, now: Date): Promise<void> {
  await db.updateTable('cases').set({
    next_step: 'callback', next_channel: 'voice', next_action_at: at, priority_why: why, updated_at: now, state: 'open', snoozed_until: null,
    priority: sql<number>`case when priority >= ${callbackPoints} then priority else priority + ${callbackPoints} end`,
  }).where('id', '=', caseId).where('state', 'not in', ['closed', 'scheduled']).execute();
}

/** "Not now": snoozed until `until`, then a call; the cadence starts again from its first step. */
export async function snoozeCase(db: Kysely<Database>, caseId: number, until: Date, why: string, now: Date): Promise<void> {
  await db.updateTable('cases').set({
    state: 'snoozed', snoozed_until: until, next_action_at: until, next_step: 'call after the snooze', next_channel: 'voice', cadence_step: 0, priority_why: why, updated_at: now,
    claimed_by: null, claimed_at: null,
  }).where('id', '=', caseId).where('state', 'not in', ['closed', 'scheduled']).execute();
}

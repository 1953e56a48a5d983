/** Texts that reached us (0008), matched to patients by number, or kept in the shared "unmatched" list. */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, InboundMessagesTable } from '../schema.js';

export type InboundRow = Selectable<InboundMessagesTable>;

/** Stores an inbound message once per provider message id; undefined when it was already stored (a provider retry). */
export async function insertInbound(db: Kysely<Database>, row: Omit<InboundRow, 'id' | 'handled_at' | 'handled_by' | 'channel'>): Promise<InboundRow | undefined> {
  return db.insertInto('inbound_messages').values(row).onConflict((c) => c.columns(['provider', 'provider_message_id']).doNothing()).returningAll().executeTakeFirst();
}

export async function inboundStored(db: Kysely<Database>, provider: string, providerMessageId: string): Promise<boolean> {
  return (await db.selectFrom('inbound_messages').select('id').where('provider', '=', provider).where('provider_message_id', '=', providerMessageId).executeTakeFirst()) !== undefined;
}

/** The patient wrote on this case and no one has answered yet: automation waits for a person. */
export async function awaitingReply(db: Kysely<Database>, caseId: number): Promise<boolean> {
  return (await db.selectFrom('inbound_messages').select('id').where('case_id', '=', caseId).where('handled_at', 'is', null).where('intent', 'in', ['other', 'possible_opt_out']).limit(1).executeTakeFirst()) !== undefined;
}

export async function markCaseRepliesHandled(db: Kysely<Database>, caseId: number, userId: number | null, now: Date): Promise<void> {
  await db.updateTable('inbound_messages').set({ handled_at: now, handled_by: userId }).where('case_id', '=', caseId).where('handled_at', 'is', null).execute();
}

/** Patients and contact points with this phone number (a family may share one). */
export async function patientsWithNumber(db: Kysely<Database>, e164: string): Promise<{ patientId: number; contactPointId: number }[]> {
  const rows = await db.selectFrom('contact_points').select(['patient_id', 'id']).where('kind', '=', 'phone').where('value', '=', e164).orderBy('patient_id').execute();
  return rows.map((r) => ({ patientId: r.patient_id, contactPointId: r.id }));
}

/** Of several patients on one number, the one we texted last (the reply most likely answers that text). */
export async function lastTextedPatient(db: Kysely<Database>, patientIds: readonly number[], to: string): Promise<number | undefined> {
  if (patientIds.length === 0) return undefined;
  const row = await db.selectFrom('outbox').select('patient_id').where('channel', '=', 'sms').where('to_address', '=', to).where('state', '=', 'sent')
    .where(sql<boolean>`patient_id = any(${[...patientIds]}::bigint[])`).orderBy('sent_at', 'desc').limit(1).executeTakeFirst();
  return row?.patient_id ?? undefined;
}

/** Replies no case shows: from numbers no patient has, or from patients without an open case. */
export async function listUnmatched(db: Kysely<Database>, limit: number): Promise<InboundRow[]> {
  return db.selectFrom('inbound_messages').selectAll().where('case_id', 'is', null).where((eb) => eb.or([
    eb('intent', 'in', ['other', 'possible_opt_out']),
    // A STOP from a number no patient has: staff see that it came and that the number is blocked.
    eb.and([eb('intent', '=', 'opt_out'), sql<boolean>`cardinality(patient_ids) = 0`]),
  ]))
    .orderBy('received_at', 'desc').limit(limit).execute();
}

/**
 * Voided attempts: an undone outcome appends a 'voided' event to its attempt (attempts and their
 * events are append-only). Every read that counts attempts — cadence and unanswered counts, the
 * gate's frequency caps, responsiveness, the weekly review, the export — leaves voided ones out
 * with `attemptNotVoided`, an anti-join on the unique partial index attempt_events_one_void.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../schema.js';

/** SQL condition: the attempt whose id is in `attemptIdColumn` (e.g. 'a.id') has no void event. */
export function attemptNotVoided(attemptIdColumn: string): RawBuilder<boolean> {
  return sql<boolean>`not exists (select 1 from attempt_events voided where voided.attempt_id = ${sql.ref(attemptIdColumn)} and voided.status = 'voided')`;
}

/** When the attempt was voided, if it was. */
export async function voidedAt(db: Kysely<Database>, attemptId: number): Promise<Date | null> {
  const row = await db.selectFrom('attempt_events').select('occurred_at').where('attempt_id', '=', attemptId).where('status', '=', 'voided').executeTakeFirst();
  return row?.occurred_at ?? null;
}

/**
 * Appends the void event; false when the attempt already has one (the unique index settles two
 * undos racing each other, on both backends).
 */
export async function appendVoidEvent(db: Kysely<Database>, event: { attemptId: number; actorUserId: number; detail: string; at: Date }): Promise<boolean> {
  const inserted = await db.insertInto('attempt_events')
    .values({ attempt_id: event.attemptId, status: 'voided', detail: event.detail, occurred_at: event.at, actor_user_id: event.actorUserId })
    .onConflict((oc) => oc.column('attempt_id').where('status', '=', 'voided').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/**
 * Applies consent and opt-out journal entries to the database. Idempotent by journal id, so the
 * same entry can be applied at acknowledgement time and again at replay without duplicating it.
 */
import type { Kysely } from 'kysely';
import { assertNever } from '../../domain/assert-never.js';
import type { JournalEntry } from '../consent-journal.js';
import type { Database } from '../schema.js';

export async function applyJournalEntry(db: Kysely<Database>, entry: JournalEntry): Promise<void> {
  switch (entry.type) {
    case 'opt_out':
      await db
        .insertInto('opt_outs')
        .values({
          journal_id: entry.id,
          patient_id: entry.patientId,
          contact_point_id: entry.contactPointId,
          channel: entry.channel,
          purpose_class: entry.purposeClass,
          received_via: entry.receivedVia,
          received_at: entry.receivedAt,
          recorded_by: entry.recordedBy,
          evidence: entry.evidence,
        })
        .onConflict((oc) => oc.column('journal_id').doNothing())
        .execute();
      return;
    case 'opt_in': {
      // Re-opt-in ends every opt-out received before it that covers this contact point (or all).
      let query = db
        .updateTable('opt_outs')
        .set({ revoked_at: entry.receivedAt, revoked_via: entry.receivedVia, revoked_journal_id: entry.id })
        .where('patient_id', '=', entry.patientId)
        .where('revoked_at', 'is', null)
        .where('received_at', '<', new Date(entry.receivedAt));
      if (entry.contactPointId !== null) query = query.where((eb) => eb.or([eb('contact_point_id', '=', entry.contactPointId), eb('contact_point_id', 'is', null)]));
      await query.execute();
      return;
    }
    case 'consent':
      await db
        .insertInto('consents')
        .values({
          journal_id: entry.id,
          contact_point_id: entry.contactPointId,
          channel: entry.channel,
          purpose_class: entry.purposeClass,
          kind: entry.kind,
          granted: entry.granted,
          source: entry.source,
          captured_at: entry.capturedAt,
          evidence: entry.evidence,
          recorded_by: entry.recordedBy,
        })
        .onConflict((oc) => oc.column('journal_id').doNothing())
        .execute();
      return;
    default:
      assertNever(entry, 'consent journal entry');
  }
}

/** Which of these journal ids the database already has (opt-ins are idempotent updates anyway). */
export async function knownJournalIds(db: Kysely<Database>, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const [optOuts, consents] = await Promise.all([
    db.selectFrom('opt_outs').select('journal_id').where('journal_id', 'in', ids).execute(),
    db.selectFrom('consents').select('journal_id').where('journal_id', 'in', ids).execute(),
  ]);
  return new Set([...optOuts, ...consents].map((r) => r.journal_id as string));
}

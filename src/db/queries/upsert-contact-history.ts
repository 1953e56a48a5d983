/**
 * Prior outreach from the source's contact log → attempts with actor_kind 'import', so caps and
 * cadences know the past. Attempts are append-only: a row is inserted once, identified by its
 * idempotency key (a hash of source, patient, instant, channel and direction), and never updated.
 */
import { sql } from 'kysely';
import type { StoreTransaction } from '../open-store.js';
import { counted, stageRows, unresolved, type MergeContext, type MergeOutcome } from './import-staging.js';

export interface ContactStageRow {
  ord: number;
  patientExternalId: string;
  occurredAt: string;
  channel: string;
  direction: 'out' | 'in';
  outcome: string | null;
  note: string | null;
  idempotencyKey: string;
}

export async function insertContactHistory(tx: StoreTransaction, context: MergeContext, rows: readonly ContactStageRow[]): Promise<MergeOutcome> {
  const { db } = tx;
  await stageRows(tx, {
    table: 'stage_contacts',
    ddl: 'ord int not null, patient_external_id text not null, occurred_at timestamptz not null, channel text not null, direction text not null, outcome text, note text, idempotency_key text not null, patient_id bigint',
    columns: [
      ['ord', (r) => r.ord], ['patient_external_id', (r) => r.patientExternalId], ['occurred_at', (r) => r.occurredAt], ['channel', (r) => r.channel],
      ['direction', (r) => r.direction], ['outcome', (r) => r.outcome], ['note', (r) => r.note], ['idempotency_key', (r) => r.idempotencyKey],
    ],
  }, rows);
  await sql`update stage_contacts s set patient_id = (select p.id from patients p where p.external_source = ${context.source} and p.external_id = s.patient_external_id)`.execute(db);
  const rejected = await unresolved(db, 'stage_contacts', 'patient_id', 'patient_external_id', 'patient_id');
  const inserted = await counted(db, `
insert into attempts (patient_id, channel, direction, actor_kind, outcome, note, idempotency_key, occurred_at)
      select patient_id, channel, direction, 'import', outcome, note, idempotency_key, occurred_at from stage_contacts where patient_id is not null
      on conflict (idempotency_key) do nothing
      returning 1`);
  return { inserted, updated: [], rejected, unresolved: [] };
}

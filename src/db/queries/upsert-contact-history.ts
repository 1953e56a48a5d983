/**
 * Prior outreach from the source's contact log → attempts with actor_kind 'import', so caps and
 * cadences know the past. Attempts are append-only: a row is inserted once, identified by its
 * idempotency key (a hash of source, patient, instant, channel and direction), and never updated.
 */
import type { StoreTransaction } from '../open-store.js';
import { idsByExternalId } from './external-ids.js';
import { counted, stageRows, type MergeContext, type MergeOutcome, type UnresolvedReference } from './import-staging.js';

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
  const patients = await idsByExternalId(db, 'patients', context.source, rows.map((r) => r.patientExternalId));
  const rejected: UnresolvedReference[] = rows.filter((r) => !patients.has(r.patientExternalId)).map((r) => ({ ord: r.ord, field: 'patient_id', value: r.patientExternalId }));
  // Staged (not COPY'd straight in): a touch imported before is skipped by its idempotency key, which COPY cannot do.
  await stageRows(tx, {
    table: 'stage_contacts',
    ddl: 'ord int not null, patient_id bigint not null, occurred_at timestamptz not null, channel text not null, direction text not null, outcome text, note text, idempotency_key text not null',
    columns: [
      ['ord', (r) => r.ord], ['patient_id', (r) => patients.get(r.patientExternalId)], ['occurred_at', (r) => r.occurredAt], ['channel', (r) => r.channel],
      ['direction', (r) => r.direction], ['outcome', (r) => r.outcome], ['note', (r) => r.note], ['idempotency_key', (r) => r.idempotencyKey],
    ],
  }, rows.filter((r) => patients.has(r.patientExternalId)));
  const inserted = await counted(db, `
insert into attempts (patient_id, channel, direction, actor_kind, outcome, note, idempotency_key, occurred_at)
      select patient_id, channel, direction, 'import', outcome, note, idempotency_key, occurred_at from stage_contacts
      on conflict (idempotency_key) do nothing
      returning 1`);
  return { inserted, updated: [], rejected, unresolved: [] };
}

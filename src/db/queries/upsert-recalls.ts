/** Due dates the PMS computed → imported_recalls, keyed by (external_source, patient, recall type). */
import { sql } from 'kysely';
import type { StoreTransaction } from '../open-store.js';
import { idsByExternalId } from './external-ids.js';
import { counted, ords, queueReplan, stageRows, type MergeContext, type MergeOutcome, type UnresolvedReference } from './import-staging.js';

export interface RecallStageRow {
  ord: number;
  patientExternalId: string;
  recallType: string;
  dueOn: string;
  intervalText: string | null;
  disabled: boolean;
}

export async function upsertRecalls(tx: StoreTransaction, context: MergeContext, rows: readonly RecallStageRow[]): Promise<MergeOutcome> {
  const { db } = tx;
  const src = context.source;
  const patients = await idsByExternalId(db, 'patients', src, rows.map((r) => r.patientExternalId));
  const rejected: UnresolvedReference[] = rows.filter((r) => !patients.has(r.patientExternalId)).map((r) => ({ ord: r.ord, field: 'patient_id', value: r.patientExternalId }));
  await stageRows(tx, {
    table: 'stage_recalls',
    ddl: 'ord int not null, patient_id bigint not null, recall_type text not null, due_on date not null, interval_text text, disabled boolean not null, id bigint, inserted boolean not null default false, changed boolean not null default false',
    columns: [['ord', (r) => r.ord], ['patient_id', (r) => patients.get(r.patientExternalId)], ['recall_type', (r) => r.recallType], ['due_on', (r) => r.dueOn], ['interval_text', (r) => r.intervalText], ['disabled', (r) => r.disabled]],
  }, rows.filter((r) => patients.has(r.patientExternalId)));
  await sql`update stage_recalls s set id = r.id from imported_recalls r where r.external_source = ${src} and r.patient_id = s.patient_id and r.recall_type = s.recall_type`.execute(db);
  await sql`with changed as (
      update imported_recalls r set due_on = s.due_on, interval_text = s.interval_text, disabled = s.disabled, updated_at = now()
      from stage_recalls s where r.id = s.id and (r.due_on, r.interval_text, r.disabled) is distinct from (s.due_on, s.interval_text, s.disabled)
      returning r.id)
    update stage_recalls s set changed = true from changed c where s.id = c.id`.execute(db);
  await sql`insert into imported_recalls (external_source, patient_id, recall_type, due_on, interval_text, disabled)
    select ${src}, patient_id, recall_type, due_on, interval_text, disabled from stage_recalls where id is null
    on conflict (external_source, patient_id, recall_type) do nothing`.execute(db);
  const inserted = await counted(db, `update stage_recalls set inserted = true, changed = true where id is null returning 1`);
  await queueReplan(db, 'stage_recalls', 'import');
  const updated = await ords(db, sql<{ ord: number }>`select ord from stage_recalls where changed and not inserted`);
  return { inserted, updated, rejected, unresolved: [] };
}

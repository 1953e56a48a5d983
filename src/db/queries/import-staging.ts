/**
 * Shared pieces of the set-based imports. Rows already stored are compared and updated through
 * staging: a batch's rows are COPY'd into a TEMP table that lives only inside the batch's
 * transaction, then merged with a few UPDATE … FROM statements that write only what changed. New
 * rows skip staging: their references resolve to ids in JS (external-ids.ts) and they are COPY'd
 * straight into their tables. Staging tables carry `ord` (the record's position in the batch) so a
 * row that cannot be merged is reported against the line it came from.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { CopyValue } from '../copy-csv.js';
import type { StoreTransaction } from '../open-store.js';
import type { Database } from '../schema.js';
import { enqueueReplan } from './plan-writes.js';

export interface StageSpec<Row> {
  table: string;
  /** Column definitions, including result columns (ids, flags) the merge fills in. */
  ddl: string;
  /** The columns COPY fills, in order, and how to read each from a row. */
  columns: readonly (readonly [name: string, read: (row: Row) => CopyValue])[];
}

/** Creates (or re-creates: a dry run uses one transaction for every batch) the staging table and loads the rows. */
export async function stageRows<Row>(tx: StoreTransaction, spec: StageSpec<Row>, rows: readonly Row[]): Promise<void> {
  await sql.raw(`drop table if exists ${spec.table}`).execute(tx.db);
  await sql.raw(`create temp table ${spec.table} (${spec.ddl}) on commit drop`).execute(tx.db);
  if (rows.length > 0) {
    await tx.copy([{ table: spec.table, columns: spec.columns.map(([name]) => name), rows: rows.map((row) => spec.columns.map(([, read]) => read(row))) }]);
  }
}

/** How many rows a data-modifying statement (with `returning 1`) touched, without shipping them to JS. */
export async function counted(db: Kysely<Database>, statement: string): Promise<number> {
  const result = await sql.raw<{ n: number }>(`with touched as (${statement}) select count(*)::int as n from touched`).execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/** One merge step's answer: the batch positions it reports. */
export async function ords(db: Kysely<Database>, query: RawBuilder<{ ord: number }>): Promise<number[]> {
  const result = await query.execute(db);
  return result.rows.map((r) => Number(r.ord));
}

/** A row whose reference did not resolve: its batch position, the field and the value given. */
export interface UnresolvedReference {
  ord: number;
  field: string;
  value: string;
}

/** Rows (in batch order) whose optional reference names something the source does not have: imported with it left empty. */
export function unresolvedReferences<Row extends { ord: number }>(
  rows: readonly Row[], field: string, keyOf: (row: Row) => string | null, known: ReadonlyMap<string, number>,
): UnresolvedReference[] {
  const out: UnresolvedReference[] = [];
  for (const row of rows) {
    const key = keyOf(row);
    if (key !== null && !known.has(key)) out.push({ ord: row.ord, field, value: key });
  }
  return out;
}

/** The id a reference resolved to, or null (no reference, or one the source does not have). */
export function idOrNull(known: ReadonlyMap<string, number>, key: string | null): number | null {
  return key === null ? null : (known.get(key) ?? null);
}

export async function unresolved(db: Kysely<Database>, table: string, field: string, externalColumn: string, idColumn: string): Promise<UnresolvedReference[]> {
  const result = await sql
    .raw<{ ord: number; value: string }>(`select ord, ${externalColumn} as value from ${table} where ${externalColumn} is not null and ${idColumn} is null order by ord`)
    .execute(db);
  return result.rows.map((r) => ({ ord: Number(r.ord), field, value: r.value }));
}

/** What one batch did: how many rows it inserted, which positions it updated, references that did not resolve. */
export interface MergeOutcome {
  inserted: number;
  /** Positions of existing rows that changed (a re-import of the same file leaves this empty). */
  updated: number[];
  /** Required references (the patient): those rows were not imported. */
  rejected: UnresolvedReference[];
  /** Optional references (location, provider): imported with the reference left empty. */
  unresolved: UnresolvedReference[];
}

/** A batch's rows split by whether the source already had them. */
export interface SplitBatch<K extends { row: { ord: number }; patientId: number; stored: { patientId: number } }> {
  table: string;
  columns: string[];
  /** New rows, in file order, as COPY values. */
  fresh: CopyValue[][];
  freshPatients: number[];
  /** Rows already stored, with the stored row's id and patient. */
  known: K[];
  /** Updates the known rows whose values differ; returns their batch positions. */
  updateChanged: (known: readonly K[]) => Promise<number[]>;
  rejected: UnresolvedReference[];
  unresolved: UnresolvedReference[];
}

/**
 * The end of a visit or procedure batch: new rows COPYed in file order (ids follow it), stored ones
 * updated where they differ, and every patient whose data changed queued for re-planning — both
 * patients of a row that moved from one to the other.
 */
export async function writeSplitBatch<K extends { row: { ord: number }; patientId: number; stored: { patientId: number } }>(tx: StoreTransaction, batch: SplitBatch<K>): Promise<MergeOutcome> {
  if (batch.fresh.length > 0) await tx.copy([{ table: batch.table, columns: batch.columns, rows: batch.fresh }]);
  const changed = batch.known.length > 0 ? await batch.updateChanged(batch.known) : [];
  const changedOrds = new Set(changed);
  const touched = [...batch.freshPatients, ...batch.known.filter((k) => changedOrds.has(k.row.ord)).flatMap((k) => [k.patientId, k.stored.patientId])];
  await enqueueReplan(tx.db, touched, 'import');
  return { inserted: batch.fresh.length, updated: changed.sort((a, b) => a - b), rejected: batch.rejected, unresolved: batch.unresolved };
}

export interface MergeContext {
  /** external_source of every row of this import. */
  source: string;
  /** ISO instant: the captured_at of consents this import records. */
  now: string;
  /** Written into consent evidence, e.g. `pms import run 12`. */
  evidence: string;
  /**
   * Per table, for this run: whether the source had no rows in it (with an external id) before the
   * run wrote any. A run carries each external id once (the CSV and FHIR readers drop repeats), so
   * no record of such a run can already be stored and the lookup of stored rows is skipped.
   * Filled in by sourceWasEmpty (external-ids.ts); starts empty.
   */
  emptyBeforeRun: Map<string, boolean>;
  /**
   * Procedures without an id, per natural key (patient, code, date, status): how many rows earlier
   * batches of this run already matched or inserted, so the n-th identical row of the file stays
   * the n-th stored one across batch boundaries. Starts empty.
   */
  unkeyedProceduresSeen: Map<string, number>;
}

/** Patients whose data changed go to the planner's queue (it re-plans them and drains the queue). */
export async function queueReplan(db: Kysely<Database>, table: string, reason: string): Promise<void> {
  await sql
    .raw(`insert into replan_queue (patient_id, reason) select distinct patient_id, '${reason.replace(/'/g, "''")}' from ${table} where changed and patient_id is not null on conflict (patient_id) do nothing`)
    .execute(db);
}

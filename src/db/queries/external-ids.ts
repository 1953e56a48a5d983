/**
 * Source ids → Recare ids for one import batch, read once per batch into JS maps, so staged rows are
 * written with their ids already filled in (no UPDATE pass over a staging table to resolve them).
 * Lookups run inside the batch's transaction, so they see what earlier statements of the batch wrote.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { MergeContext } from './import-staging.js';

export type ExternalIdTable = 'patients' | 'locations' | 'providers' | 'appointments';

/** external_id → id for the given keys of one source (unknown keys are simply absent). */
export async function idsByExternalId(db: Kysely<Database>, table: ExternalIdTable, source: string, keys: Iterable<string | null>): Promise<Map<string, number>> {
  const wanted = distinct(keys);
  const found = new Map<string, number>();
  if (wanted.length === 0) return found;
  // One array parameter (not one bind per key): a batch may name more keys than a statement may bind.
  const result = await sql<{ external_id: string; id: number }>`select external_id, id from ${sql.table(table)}
    where external_source = ${source} and external_id = any(${wanted}::text[])`.execute(db);
  for (const r of result.rows) found.set(r.external_id, Number(r.id));
  return found;
}

/** A stored visit or procedure: its id and the patient it belongs to now (both need re-planning when it moves). */
export interface StoredRow {
  id: number;
  patientId: number;
}

/** The stored appointments or procedures of one source with the given external ids. */
export async function storedByExternalId(db: Kysely<Database>, table: 'appointments' | 'procedures', source: string, keys: Iterable<string | null>): Promise<Map<string, StoredRow>> {
  const wanted = distinct(keys);
  const found = new Map<string, StoredRow>();
  if (wanted.length === 0) return found;
  const result = await sql<{ external_id: string; id: number; patient_id: number }>`select external_id, id, patient_id from ${sql.table(table)}
    where external_source = ${source} and external_id = any(${wanted}::text[])`.execute(db);
  for (const r of result.rows) found.set(r.external_id, { id: Number(r.id), patientId: Number(r.patient_id) });
  return found;
}

function distinct(keys: Iterable<string | null>): string[] {
  const set = new Set<string>();
  for (const key of keys) if (key !== null) set.add(key);
  return [...set];
}

/**
 * Whether the source had no rows of the table (with an external id) before this run wrote to it:
 * asked once per run and table, at the run's first batch of that kind, before it writes anything.
 */
export async function sourceWasEmpty(db: Kysely<Database>, context: MergeContext, table: 'patients' | 'appointments' | 'procedures'): Promise<boolean> {
  let empty = context.emptyBeforeRun.get(table);
  if (empty === undefined) {
    // `external_id is not null` lets procedures use their (partial) external-id index.
    const result = await sql<{ found: boolean }>`select exists (select 1 from ${sql.table(table)} where external_source = ${context.source} and external_id is not null) as found`.execute(db);
    empty = result.rows[0]?.found !== true;
    context.emptyBeforeRun.set(table, empty);
  }
  return empty;
}

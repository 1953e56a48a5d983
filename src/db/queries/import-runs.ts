/**
 * Import runs and their problems. A run is created as 'running', its counters advance inside each
 * batch's transaction (so they always match what landed), and it ends 'completed' or 'failed'.
 *
 * `raw_row` holds a small JSON document: the problem's file and severity, and for a rejected CSV
 * row its original cells by column name, so the rejected rows can be written back out to be fixed.
 */
import { sql, type Kysely } from 'kysely';
import type { StoreTransaction } from '../open-store.js';
import type { ImportProblem } from '../../importers/problem.js';
import type { Database } from '../schema.js';

export interface NewImportRun {
  kind: string;
  format: 'csv' | 'fhir';
  sourceName: string;
  preset: string | null;
  dryRun: boolean;
}

export interface RunCounts {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface StoredProblem extends ImportProblem {
  /** Original cells by column name, for a rejected CSV row. */
  cells: Record<string, string> | null;
}

export async function createImportRun(db: Kysely<Database>, run: NewImportRun, counts?: RunCounts, finishedAt?: Date): Promise<number> {
  const row = await db
    .insertInto('import_runs')
    .values({
      kind: run.kind, format: run.format, source_name: run.sourceName, preset: run.preset, dry_run: run.dryRun,
      ...(counts ? countColumns(counts) : {}),
      ...(finishedAt ? { status: 'completed' as const, finished_at: finishedAt } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Adds one batch's counts (call inside the batch's transaction). */
export async function addRunCounts(db: Kysely<Database>, runId: number, counts: RunCounts): Promise<void> {
  await sql`update import_runs set rows_read = rows_read + ${counts.read}, rows_inserted = rows_inserted + ${counts.inserted},
      rows_updated = rows_updated + ${counts.updated}, rows_unchanged = rows_unchanged + ${counts.unchanged}, rows_rejected = rows_rejected + ${counts.rejected}
    where id = ${runId}`.execute(db);
}

export async function finishImportRun(db: Kysely<Database>, runId: number, outcome: { status: 'completed' | 'failed'; at: Date; failure?: string; counts?: RunCounts }): Promise<void> {
  await db
    .updateTable('import_runs')
    .set({ status: outcome.status, finished_at: outcome.at, failure: outcome.failure ?? null, ...(outcome.counts ? countColumns(outcome.counts) : {}) })
    .where('id', '=', runId)
    .execute();
}

/**
 * Earlier runs of the same kind and source that never finished (the process was killed): the run
 * that just completed re-imported their rows idempotently, so they are closed with a pointer to it.
 */
export async function closeInterruptedRuns(db: Kysely<Database>, run: NewImportRun & { id: number }, at: Date): Promise<number> {
  const result = await db
    .updateTable('import_runs')
    .set({ status: 'failed', finished_at: at, failure: `interrupted before it finished; import run ${run.id} of the same kind and source completed after it` })
    .where('status', '=', 'running')
    .where('id', '<', run.id)
    .where('kind', '=', run.kind)
    .where('format', '=', run.format)
    .where('source_name', '=', run.sourceName)
    .where('dry_run', '=', false)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function insertImportProblems(tx: StoreTransaction, runId: number, problems: readonly StoredProblem[]): Promise<void> {
  if (problems.length === 0) return;
  await tx.copy([{
    table: 'import_problems',
    columns: ['import_run_id', 'line', 'column_name', 'value', 'message', 'raw_row'],
    rows: problems.map((p) => [runId, p.line, p.column, p.value, p.message, JSON.stringify({ file: p.file, severity: p.severity, ...(p.cells ? { cells: p.cells } : {}) })]),
  }]);
}

export interface ImportRunRow {
  id: number;
  kind: string;
  format: string;
  sourceName: string;
  preset: string | null;
  dryRun: boolean;
  status: 'running' | 'completed' | 'failed';
  counts: RunCounts;
  startedAt: Date;
  finishedAt: Date | null;
  failure: string | null;
  problemCount: number;
}

export async function findImportRun(db: Kysely<Database>, runId: number): Promise<ImportRunRow | undefined> {
  const run = await db.selectFrom('import_runs').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!run) return undefined;
  const count = await db.selectFrom('import_problems').select((eb) => eb.fn.countAll<number>().as('n')).where('import_run_id', '=', runId).executeTakeFirstOrThrow();
  return {
    id: run.id, kind: run.kind, format: run.format, sourceName: run.source_name, preset: run.preset, dryRun: run.dry_run, status: run.status,
    counts: { read: run.rows_read, inserted: run.rows_inserted, updated: run.rows_updated, unchanged: run.rows_unchanged, rejected: run.rows_rejected },
    startedAt: run.started_at, finishedAt: run.finished_at, failure: run.failure, problemCount: Number(count.n),
  };
}

/** One page of a run's problems in the order they were found (keyset on id). */
export async function listImportProblems(db: Kysely<Database>, runId: number, options: { afterId?: number; limit: number }): Promise<(StoredProblem & { id: number })[]> {
  const rows = await db
    .selectFrom('import_problems')
    .select(['id', 'line', 'column_name', 'value', 'message', 'raw_row'])
    .where('import_run_id', '=', runId)
    .where('id', '>', options.afterId ?? 0)
    .orderBy('id')
    .limit(options.limit)
    .execute();
  return rows.map((r) => {
    const extra = parseRawRow(r.raw_row);
    return { id: r.id, line: r.line, column: r.column_name, value: r.value, message: r.message, file: extra.file, severity: extra.severity, cells: extra.cells };
  });
}

function parseRawRow(raw: string | null): { file: string; severity: 'error' | 'warning'; cells: Record<string, string> | null } {
  try {
    const parsed = raw ? (JSON.parse(raw) as { file?: string; severity?: string; cells?: Record<string, string> }) : {};
    return { file: parsed.file ?? '', severity: parsed.severity === 'warning' ? 'warning' : 'error', cells: parsed.cells ?? null };
  } catch {
    return { file: '', severity: 'error', cells: null };
  }
}

function countColumns(counts: RunCounts) {
  return { rows_read: counts.read, rows_inserted: counts.inserted, rows_updated: counts.updated, rows_unchanged: counts.unchanged, rows_rejected: counts.rejected };
}

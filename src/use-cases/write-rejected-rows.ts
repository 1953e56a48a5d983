/**
 * The rejected rows of a CSV import, written back as CSV: the original columns plus `reason`, so
 * the office can fix them and import the file again (`recare import csv --errors FILE`,
 * GET /api/imports/:id/rejected.csv). Streams page by page; a row that could not be read at all
 * (a truncated line) keeps whatever cells were recovered. The rows hold patients of every office, so
 * a reader limited to some offices is refused (practice-wide-access.ts).
 */
import type { LocationScope } from '../domain/access/index.js';
import { findImportRun, listImportProblems, type StoredProblem } from '../db/queries/import-runs.js';
import { AppError } from '../domain/errors.js';
import { csvLine } from '../importers/index.js';
import type { Deps } from './deps.js';
import { requireAllOffices } from './practice-wide-access.js';

export async function* writeRejectedRows(deps: Pick<Deps, 'store'>, runId: number, options: { scope?: LocationScope } = {}): AsyncGenerator<string> {
  // Scope first: a limited reader gets the same answer whether or not the run exists.
  requireAllOffices(options.scope, `The rejected rows of import run ${runId} can hold patients of every office, so downloading them`, `The run's figures are at GET /api/imports/${runId}.`);
  const run = await findImportRun(deps.store.db, runId);
  if (!run) throw new AppError('not_found', `There is no import run ${runId}.`);
  // Problems of one line are stored next to each other; collect them per line across page edges.
  let columns: string[] | null = null;
  let current: { line: number; cells: Record<string, string> | null; reasons: string[] } | null = null;
  let afterId = 0;
  const flush = function* (): Generator<string> {
    if (!current) return;
    if (columns === null) {
      columns = Object.keys(current.cells ?? {});
      yield csvLine([...columns, 'reason']);
    }
    const cells = current.cells ?? {};
    yield csvLine([...columns.map((c) => cells[c] ?? ''), current.reasons.join('; ')]);
    current = null;
  };
  const pending: { line: number; cells: Record<string, string> | null; reasons: string[] }[] = [];
  for (;;) {
    const page = await listImportProblems(deps.store.db, runId, { afterId, limit: 5000 });
    if (page.length === 0) break;
    afterId = page.at(-1)?.id ?? afterId;
    for (const problem of page) {
      if (!isRejectedRow(problem)) continue;
      const line = problem.line as number;
      const existing = pending.find((p) => p.line === line);
      const reason = problem.column ? `${problem.column}: ${problem.message}` : problem.message;
      if (existing) {
        existing.reasons.push(reason);
        existing.cells ??= problem.cells;
      } else {
        pending.push({ line, cells: problem.cells, reasons: [reason] });
      }
    }
    // Keep only the last few lines open (a later page may add to them); write the rest in line order.
    pending.sort((a, b) => a.line - b.line);
    while (pending.length > 64) {
      current = pending.shift() ?? null;
      yield* flush();
    }
  }
  pending.sort((a, b) => a.line - b.line);
  for (const p of pending) {
    current = p;
    yield* flush();
  }
  if (columns === null) yield csvLine(['reason']);
}

function isRejectedRow(problem: StoredProblem): boolean {
  return problem.severity === 'error' && problem.line !== null && problem.cells !== null;
}

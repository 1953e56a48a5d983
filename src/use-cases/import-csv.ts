/**
 * `recare import csv` and POST /api/imports/csv: one canonical (or preset) CSV of one kind, streamed
 * in batches through staging into the database. See imports/import-session.ts for the guarantees.
 */
import { AppError } from '../domain/errors.js';
import {
  findPreset, importTable, parseColumnOverrides, presets, readCsvTable, tableKinds,
  type ByteSource, type ImportBatch, type ImportProblem, type RecordsByKind, type TableKind,
} from '../importers/index.js';
import type { TableEvent } from '../importers/table-event.js';
import type { LocationScope } from '../domain/access/index.js';
import type { Deps } from './deps.js';
import type { RunCounts } from '../db/queries/import-runs.js';
import { requireAllOfficesToImport } from './practice-wide-access.js';
import { ImportSession, type ImportBatchInput, type ImportSummary } from './imports/import-session.js';

export interface CsvImportRequest {
  kind: string;
  /** The file's bytes: a file stream, an HTTP body, or strings in tests. */
  source: ByteSource;
  /** The name problems cite, e.g. `patients.csv`. */
  file: string;
  preset?: string | null;
  /** `--map "Source Column=field"` flags. */
  map?: readonly string[];
  /** The source system's name: external ids are unique per source (default: the preset's name, or `csv`). */
  sourceName?: string | null;
  dryRun?: boolean;
  batchSize?: number;
  onProgress?: (counts: RunCounts) => void;
  /** The signed-in user's offices (HTTP): imports need all of them (practice-wide-access.ts). */
  scope?: LocationScope;
}

export const defaultBatchSize = 5000;

export async function importCsvRecords(deps: Pick<Deps, 'store' | 'clock' | 'log'>, request: CsvImportRequest): Promise<ImportSummary> {
  requireAllOfficesToImport(request.scope);
  const kind = checkKind(request.kind);
  const preset = request.preset ? findPreset(request.preset) : null;
  if (request.preset && !preset) {
    throw new AppError('invalid_input', `--preset ${JSON.stringify(request.preset)} is not a known preset; use one of ${presets.map((p) => p.name).join(', ')}`, [{ path: 'preset', value: request.preset, message: 'unknown preset' }]);
  }
  if (preset && !preset.tables[kind]) {
    const has = Object.keys(preset.tables).join(', ');
    throw new AppError('invalid_input', `The ${preset.name} preset has no ${kind} table; it maps ${has}. Leave out --preset for a canonical file.`, [{ path: 'preset', value: preset.name, message: `no ${kind} table` }]);
  }
  const { overrides, problems: mapProblems } = parseColumnOverrides(request.map ?? []);
  if (mapProblems.length > 0) {
    throw new AppError('invalid_input', mapProblems.map((p) => p.message).join('; '), mapProblems.map((p) => ({ path: 'map', value: p.value, message: p.message })));
  }
  const sourceName = checkSourceName(request.sourceName ?? preset?.name ?? 'csv');
  const batchSize = request.batchSize ?? defaultBatchSize;

  const tap = new RowTap(readCsvTable(request.source, { file: request.file }));
  const session = new ImportSession(deps, { kind, format: 'csv', sourceName, preset: preset?.name ?? null, dryRun: request.dryRun === true }, {
    cellsOf: (line) => tap.cellsOf(line),
    ...(request.onProgress ? { onProgress: request.onProgress } : {}),
  });
  const batches = importTable(kind, tap.events(), { file: request.file, preset: preset ?? undefined, overrides, batchSize });
  return session.execute(withLines(kind, batches, tap), (batch) => tap.forget((batch as ImportBatchInput & { lastLine: number }).lastLine));
}

function checkKind(kind: string): TableKind {
  if ((tableKinds as readonly string[]).includes(kind)) return kind as TableKind;
  throw new AppError('invalid_input', `--kind ${JSON.stringify(kind)} is not a kind of CSV Recare imports; use one of ${tableKinds.join(', ')}`, [{ path: 'kind', value: kind, message: `must be one of ${tableKinds.join(', ')}` }]);
}

export function checkSourceName(name: string): string {
  const text = name.trim();
  if (/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/.test(text)) return text;
  throw new AppError('invalid_input', `--source ${JSON.stringify(name)} is not a source name; use 1–64 letters, digits, dots, dashes or colons, e.g. opendental or clinic-a`, [{ path: 'source', value: name, message: 'letters, digits, . _ : - only' }]);
}

/** Counts the rows the reader rejected outright (an error on a data line): they are read but produce no record. */
async function* withLines<K extends TableKind>(kind: K, batches: AsyncIterable<ImportBatch<RecordsByKind[K]>>, tap: RowTap): AsyncGenerator<ImportBatchInput & { lastLine: number }> {
  for await (const batch of batches) {
    const recordLines = new Set(batch.records.map((r) => (r as { origin: { line: number | null } }).origin.line));
    const rejectedLines = new Set<number>();
    for (const p of batch.problems) {
      if (p.severity === 'error' && p.line !== null && p.line !== tap.headerLine && !recordLines.has(p.line)) rejectedLines.add(p.line);
    }
    yield { kind, records: batch.records as ImportBatchInput['records'], problems: batch.problems as ImportProblem[], rejectedByReader: rejectedLines.size, lastLine: tap.lastLine };
  }
}

/**
 * Watches the reader's events to keep each data line's original cells until its batch is done, so a
 * rejected row can be written back out exactly as it came in (with a reason column) to be fixed.
 */
class RowTap {
  headerLine: number | null = null;
  lastLine = 0;
  private header: string[] = [];
  private readonly cells = new Map<number, string[]>();
  private readonly unreadable = new Map<number, string>();

  constructor(private readonly source: AsyncIterable<TableEvent>) {}

  async *events(): AsyncGenerator<TableEvent> {
    let sinceYield = 0;
    for await (const event of this.source) {
      // Parsing runs on microtasks only; let the database's answers (worker messages, sockets) in
      // every few hundred rows, so the batch in flight keeps moving while the next one is parsed.
      if (++sinceYield >= 250) {
        sinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (event.type === 'header') {
        this.header = event.columns;
        this.headerLine = event.line;
      } else if (event.type === 'row') {
        this.cells.set(event.line, event.cells);
        this.lastLine = event.line;
      } else if (event.problem.line !== null) {
        if (event.problem.value !== null) this.unreadable.set(event.problem.line, event.problem.value);
        this.lastLine = Math.max(this.lastLine, event.problem.line);
      }
      yield event;
    }
  }

  cellsOf(line: number): Record<string, string> | undefined {
    const cells = this.cells.get(line) ?? this.splitUnreadable(line);
    if (!cells) return undefined;
    const out: Record<string, string> = {};
    this.header.forEach((name, i) => {
      let key = name;
      for (let n = 2; key in out; n += 1) key = `${name} (${n})`;
      out[key] = cells[i] ?? '';
    });
    return out;
  }

  /** A truncated line never became a row: its text, split on the delimiter, is the best we have. */
  private splitUnreadable(line: number): string[] | undefined {
    const text = this.unreadable.get(line);
    if (text === undefined) return undefined;
    const delimiter = text.includes(';') && !text.includes(',') ? ';' : ',';
    return text.split(delimiter);
  }

  forget(upToLine: number): void {
    for (const line of this.cells.keys()) if (line <= upToLine) this.cells.delete(line);
    for (const line of this.unreadable.keys()) if (line <= upToLine) this.unreadable.delete(line);
  }
}

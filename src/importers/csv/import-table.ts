import type { CountryCode } from 'libphonenumber-js';
import type { ImportBatch } from '../import-batch.js';
import type { Preset } from '../presets/preset.js';
import { quoted, type ImportProblem } from '../problem.js';
import type { RecordsByKind, TableKind } from '../records.js';
import type { TableEvent } from '../table-event.js';
import { oversizedCells } from './cell-length.js';
import type { ColumnOverrides } from './column-overrides.js';
import { readCsvTable, type ByteSource } from './read-csv-table.js';
import { resolveColumns, type SourceColumn } from './resolve-columns.js';
import { rowParsers } from './row-parsers.js';
import { RowReader } from './row-reader.js';
import { tableSpecs } from './table-specs.js';

export interface TableImportOptions {
  /** The name problems cite, e.g. `patients.csv`. */
  file: string;
  preset?: Preset | undefined;
  /** From `--map column=field`; see parseColumnOverrides. */
  overrides?: ColumnOverrides | undefined;
  /** Records per batch (default 1000); problems travel with the batch of their row. */
  batchSize?: number;
  /** For phone numbers written without a country code (default US). */
  defaultCountry?: CountryCode;
}

/**
 * Turns a stream of table events (from a CSV file or a JSON array) into batches of canonical records
 * of one kind, with every problem located. Memory is bounded by one batch plus the set of ids seen
 * (needed to report duplicate ids).
 */
export async function* importTable<K extends TableKind>(
  kind: K, events: AsyncIterable<TableEvent>, options: TableImportOptions,
): AsyncGenerator<ImportBatch<RecordsByKind[K]>> {
  const spec = tableSpecs[kind];
  const parser = rowParsers[kind];
  const batchSize = options.batchSize ?? 1000;
  const presetTable = options.preset?.tables[kind];
  const usDates = options.preset?.usDates ?? false;
  const defaultCountry = options.defaultCountry ?? 'US';
  let fields: ReadonlyMap<string, SourceColumn> | null = null;
  let batch: ImportBatch<RecordsByKind[K]> = { records: [], problems: [] };
  const firstLineById = new Map<string, number>();
  const flush = () => {
    const full = batch;
    batch = { records: [], problems: [] };
    return full;
  };

  for await (const event of events) {
    if (event.type === 'problem') {
      batch.problems.push(event.problem);
      continue;
    }
    if (event.type === 'header') {
      const resolution = resolveColumns(event.columns, spec, { file: options.file, line: event.line, preset: options.preset, overrides: options.overrides });
      batch.problems.push(...resolution.problems);
      if (resolution.fatal) break;
      fields = resolution.fields;
      continue;
    }
    if (fields === null) continue;
    const tooLong = oversizedCells(spec, fields, event.cells, { file: options.file, line: event.line });
    const reader = tooLong.length > 0 ? null : new RowReader({ file: options.file, line: event.line, cells: event.cells, fields, presetTable, usDates, defaultCountry });
    const record = reader === null || reader.skipped ? null : parser.parse(reader);
    batch.problems.push(...tooLong, ...(reader?.problems ?? []));
    if (reader !== null && record !== null) {
      const identity = parser.identity?.(record) ?? null;
      const firstLine = identity ? firstLineById.get(identity.key) : undefined;
      if (identity && firstLine !== undefined) {
        batch.problems.push(duplicate(options.file, event.line, reader.columnName(identity.field), identity.label, firstLine));
      } else {
        if (identity) firstLineById.set(identity.key, event.line);
        batch.records.push(record);
      }
    }
    if (batch.records.length >= batchSize || batch.problems.length >= batchSize) yield flush();
  }
  if (batch.records.length > 0 || batch.problems.length > 0) yield flush();
}

function duplicate(file: string, line: number, column: string, label: string, firstLine: number): ImportProblem {
  return {
    file, line, column, value: label, severity: 'error',
    message: `${quoted(label)} appears again (first on line ${firstLine}); ids must be unique in a file, so this row was not imported`,
  };
}

/** A canonical or preset CSV from any byte stream (a file, an HTTP upload). */
export function importCsv<K extends TableKind>(kind: K, source: ByteSource, options: TableImportOptions): AsyncGenerator<ImportBatch<RecordsByKind[K]>> {
  return importTable(kind, readCsvTable(source, { file: options.file }), options);
}

import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { ImportBatch } from '../import-batch.js';
import type { RecordsByKind, TableKind } from '../records.js';
import { importCsv, type TableImportOptions } from './import-table.js';

/** The thin file-opening shell around importCsv: streams from disk, names problems after the file. */
export function importCsvFile<K extends TableKind>(
  kind: K, path: string, options: Omit<TableImportOptions, 'file'> & { file?: string } = {},
): AsyncGenerator<ImportBatch<RecordsByKind[K]>> {
  return importCsv(kind, createReadStream(path, { highWaterMark: 64 * 1024 }), { ...options, file: options.file ?? basename(path) });
}

import type { ImportBatch } from '../import-batch.js';
import { importTable, type TableImportOptions } from '../csv/import-table.js';
import type { RecordsByKind, TableKind } from '../records.js';
import { jsonArrayTable, jsonRecords } from './json-array-table.js';

/** A PMS API JSON page (already parsed) imported as one canonical kind, e.g. athenahealth patients. */
export function importJsonTable<K extends TableKind>(
  kind: K, body: unknown, options: TableImportOptions & { arrayKey?: string },
): AsyncGenerator<ImportBatch<RecordsByKind[K]>> {
  return importTable(kind, jsonArrayTable(jsonRecords(body, options.arrayKey), { file: options.file }), options);
}

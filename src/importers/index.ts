/**
 * The importers' public surface for use-cases and the CLI: bytes or JSON in, canonical records and
 * located problems out. Nothing here touches the database.
 */
export type { ImportProblem } from './problem.js';
export { formatProblem } from './problem.js';
export type { ImportBatch } from './import-batch.js';
export { collectBatches } from './import-batch.js';
export * from './records.js';
export type { LocalDateTime, ResolvedDateTime } from './time/local-date-time.js';
export { parseLocalDateTime, resolveLocalDateTime } from './time/local-date-time.js';
export { timeZoneForZip } from './time/time-zone-for-zip.js';

export type { TableImportOptions } from './csv/import-table.js';
export { importCsv, importTable } from './csv/import-table.js';
export { importCsvFile } from './csv/import-csv-file.js';
export type { ByteSource } from './csv/read-csv-table.js';
export { readCsvTable } from './csv/read-csv-table.js';
export { csvCell, csvLine } from './csv/csv-cell.js';
export type { ColumnOverrides } from './csv/column-overrides.js';
export { parseColumnOverrides } from './csv/column-overrides.js';
export { tableSpecs } from './csv/table-specs.js';
export { importJsonTable } from './json/import-json-table.js';

export type { Preset, PresetTable } from './presets/preset.js';
export { findPreset, presets } from './presets/find-preset.js';

export type { FhirImportOptions, FhirImportResult } from './fhir/import-fhir.js';
export { createFhirImport, importFhir } from './fhir/import-fhir.js';
export type { FhirRecords } from './fhir/draft.js';
export type { FhirEntry, FhirSourceEvent } from './fhir/fhir-entry.js';
export { readFhirJson, fhirEventsFromJson } from './fhir/read-fhir-json.js';
export { readNdjson } from './fhir/read-ndjson.js';
export { readFhirFile, readFhirPath } from './fhir/read-fhir-path.js';

export type { MergeSuggestion, DuplicateReason } from './hygiene/find-duplicate-patients.js';
export { findDuplicatePatients } from './hygiene/find-duplicate-patients.js';
export { normalizePhone } from './hygiene/normalize-phone.js';
export { normalizeEmail } from './hygiene/normalize-email.js';

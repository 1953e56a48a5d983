/**
 * `recare import fhir` and POST /api/imports/fhir: FHIR R4 bundles, single resources or bulk NDJSON,
 * mapped to canonical records (references resolved across files), then merged kind by kind in
 * dependency order — offices, providers, patients, visits, procedures, recalls — in batches.
 */
import { programForProcedure, type ProgramKey } from '../domain/recall/procedure-programs.js';
import { importFhir, type FhirSourceEvent, type RecordsByKind, type TableKind } from '../importers/index.js';
import type { RunCounts } from '../db/queries/import-runs.js';
import type { Deps } from './deps.js';
import type { LocationScope } from '../domain/access/index.js';
import { checkSourceName, defaultBatchSize } from './import-csv.js';
import { requireAllOfficesToImport } from './practice-wide-access.js';
import { ImportSession, type ImportBatchInput, type ImportSummary } from './imports/import-session.js';

export interface FhirImportRequest {
  events: AsyncIterable<FhirSourceEvent> | Iterable<FhirSourceEvent>;
  /** The source system's name (default `fhir`): resource ids are unique per source. */
  sourceName?: string | null;
  dryRun?: boolean;
  batchSize?: number;
  onProgress?: (counts: RunCounts & { total: number }) => void;
  /** The signed-in user's offices (HTTP): imports need all of them (practice-wide-access.ts). */
  scope?: LocationScope;
}

export interface FhirImportSummary extends ImportSummary {
  /** Resources read but not imported because Recare has no use for them, by type. */
  skipped: Record<string, number>;
  /** Imported procedures whose code feeds a recall program, by program. */
  programs: Partial<Record<ProgramKey, number>>;
}

const order: (keyof Omit<RecordsByKind, 'contacts' | 'schedules'>)[] = ['locations', 'providers', 'patients', 'appointments', 'procedures', 'recalls'];

export async function importFhirRecords(deps: Pick<Deps, 'store' | 'clock' | 'log'>, request: FhirImportRequest): Promise<FhirImportSummary> {
  requireAllOfficesToImport(request.scope);
  const sourceName = checkSourceName(request.sourceName ?? 'fhir');
  const result = await importFhir(request.events);
  const batchSize = request.batchSize ?? defaultBatchSize;
  const total = order.reduce((n, k) => n + result.records[k].length, 0);
  const rejectedByReader = result.problems.filter((p) => p.severity === 'error' && p.column !== null).length;
  const session = new ImportSession(deps, { kind: 'fhir', format: 'fhir', sourceName, preset: null, dryRun: request.dryRun === true }, {
    ...(request.onProgress ? { onProgress: (counts: RunCounts) => request.onProgress?.({ ...counts, total: total + rejectedByReader }) } : {}),
  });

  // The reader's problems travel with the first batch (a problem-only batch when nothing mapped).
  async function* batches(): AsyncGenerator<ImportBatchInput> {
    let problems = result.problems;
    let rejected = rejectedByReader;
    for (const kind of order) {
      const records = result.records[kind] as RecordsByKind[TableKind][];
      for (let i = 0; i < records.length; i += batchSize) {
        yield { kind, records: records.slice(i, i + batchSize), problems, rejectedByReader: rejected };
        problems = [];
        rejected = 0;
      }
    }
    if (problems.length > 0 || rejected > 0) yield { kind: 'patients', records: [], problems, rejectedByReader: rejected };
  }

  const summary = await session.execute(batches());
  const programs: Partial<Record<ProgramKey, number>> = {};
  for (const p of result.records.procedures) {
    const program = programForProcedure(p.codeSystem, p.code, p.status);
    if (program) programs[program] = (programs[program] ?? 0) + 1;
  }
  return { ...summary, skipped: result.skipped, programs };
}

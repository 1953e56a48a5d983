/**
 * One import run: batches of canonical records are merged set-based (new rows COPY'd straight into
 * their tables, stored ones compared through staging), one transaction per batch (a batch lands
 * whole or not at all), while the next batch is parsed. The run's counters and problems are written
 * in the same transaction as the batch, so a killed import leaves whole batches and a 'running' run
 * whose figures match the data; re-running the file completes it idempotently. A dry run does
 * everything inside one transaction and rolls it back.
 */
import type { StoreTransaction } from '../../db/open-store.js';
import { type MergeContext, type MergeOutcome, type UnresolvedReference } from '../../db/queries/import-staging.js';
import { endDemoMode } from '../../db/queries/demo-mode.js';
import { addRunCounts, closeInterruptedRuns, createImportRun, finishImportRun, insertImportProblems, type NewImportRun, type RunCounts, type StoredProblem } from '../../db/queries/import-runs.js';
import { upsertAppointments } from '../../db/queries/upsert-appointments.js';
import { insertContactHistory } from '../../db/queries/upsert-contact-history.js';
import { upsertLocations, upsertProviders } from '../../db/queries/upsert-locations.js';
import { linkPendingGuarantors, upsertPatients } from '../../db/queries/upsert-patients.js';
import { upsertProcedures } from '../../db/queries/upsert-procedures.js';
import { upsertRecalls } from '../../db/queries/upsert-recalls.js';
import { replaceSchedules } from '../../db/queries/replace-schedules.js';
import { findDuplicatePatients, type ImportProblem, type RecordOrigin, type RecordsByKind, type TableKind } from '../../importers/index.js';
import type { Deps } from '../deps.js';
import {
  prepareAppointments, prepareContacts, prepareLocations, preparePatients, prepareProcedures, prepareProviders, prepareRecalls, prepareSchedules, recordProblem,
  TimeZones, type Prepared,
} from './stage-records.js';

export interface DuplicateSuggestion {
  /** The two patients, each as its source system and that system's id. */
  patients: [{ source: string; externalId: string }, { source: string; externalId: string }];
  reasons: ('same_name_and_birth_date' | 'same_phone_and_name')[];
}

export interface ImportSummary {
  importRunId: number;
  kind: string;
  format: 'csv' | 'fhir';
  source: string;
  preset: string | null;
  dryRun: boolean;
  status: 'completed' | 'failed';
  counts: RunCounts;
  /** Per record kind (a FHIR import carries several). */
  byKind: Partial<Record<TableKind, RunCounts>>;
  /** The first problems found (all of them are stored with the run). */
  problems: ImportProblem[];
  problemCount: number;
  errorCount: number;
  warningCount: number;
  /** Likely duplicate patients: suggestions for staff, never merged. */
  duplicates: DuplicateSuggestion[];
  duplicateCount: number;
  seconds: number;
  rowsPerSecond: number;
}

export interface ImportBatchInput<K extends TableKind = TableKind> {
  kind: K;
  /** At most one record per external id and kind in a whole run (the readers report and drop repeats). */
  records: RecordsByKind[K][];
  /** Problems the reader found in the rows of this batch (bad values, truncated lines…). */
  problems: ImportProblem[];
  /** How many rows the reader rejected outright (they produced no record). */
  rejectedByReader: number;
}

export interface SessionOptions {
  /** The original cells of a CSV line, for the rejected-rows file; undefined when unknown. */
  cellsOf?: (line: number) => Record<string, string> | undefined;
  onProgress?: (counts: RunCounts) => void;
}

const keptProblems = 1000;
const keptDuplicates = 1000;
const dryRunStoredProblems = 100_000;
const emptyCounts = (): RunCounts => ({ read: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 });

class DryRunRollback extends Error {}

interface PendingGuarantor { externalId: string; guarantorExternalId: string; origin: RecordOrigin; countedUnchanged: boolean }

export class ImportSession {
  private runId = 0;
  private readonly started = performance.now();
  readonly counts = emptyCounts();
  private readonly byKind: Partial<Record<TableKind, RunCounts>> = {};
  private readonly problems: ImportProblem[] = [];
  private problemCount = 0;
  private errorCount = 0;
  private warningCount = 0;
  private readonly dryProblems: StoredProblem[] = [];
  private readonly duplicates = new Map<string, DuplicateSuggestion>();
  private duplicateCount = 0;
  private readonly missingReferences = new Map<string, { origin: RecordOrigin; field: string; value: string; kind: TableKind; count: number }>();
  private readonly pendingGuarantors: PendingGuarantor[] = [];
  private readonly zones: TimeZones;
  private readonly context: MergeContext;
  private demoEnded = false;
  /** Schedule owners (office + provider, or office + chair) whose stored rows this run already replaced. */
  private readonly replacedSchedules = new Set<string>();

  constructor(private readonly deps: Pick<Deps, 'store' | 'clock' | 'log'>, private readonly run: NewImportRun, private readonly options: SessionOptions = {}) {
    this.zones = new TimeZones(run.sourceName);
    this.context = { source: run.sourceName, now: deps.clock.now().toISOString(), evidence: `${run.format} import from ${run.sourceName}`, emptyBeforeRun: new Map(), unkeyedProceduresSeen: new Map() };
  }

  /** Runs every batch; returns the summary. Throws (after marking the run failed) on a database error. */
  async execute(batches: AsyncIterable<ImportBatchInput>, afterEach?: (batch: ImportBatchInput) => void): Promise<ImportSummary> {
    const { store, log } = this.deps;
    if (this.run.dryRun) {
      try {
        await store.transaction(async (tx) => {
          for await (const batch of batches) {
            await this.applyBatch(tx, batch);
            afterEach?.(batch);
          }
          await this.finishGuarantors(tx);
          throw new DryRunRollback();
        });
      } catch (error) {
        if (!(error instanceof DryRunRollback)) throw error;
      }
      // The run itself is recorded (what would have changed, and every problem) so it can be reviewed.
      this.runId = await createImportRun(store.db, this.run, this.counts, this.deps.clock.now());
      this.context.evidence = `${this.context.evidence}, run ${this.runId}`;
      await store.transaction((tx) => insertImportProblems(tx, this.runId, this.takeLateProblems().concat(this.dryProblems)));
      log.info({ importRunId: this.runId, dryRun: true, ...this.counts }, 'import dry run finished');
      return this.summary('completed');
    }

    this.runId = await createImportRun(store.db, this.run);
    this.context.evidence = `${this.context.evidence}, run ${this.runId}`;
    log.info({ importRunId: this.runId, kind: this.run.kind, format: this.run.format }, 'import started');
    try {
      // One batch in the database while the next is parsed: the worker thread (or server) and this thread work at once.
      let inFlight: Promise<void> = Promise.resolve();
      for await (const batch of batches) {
        await inFlight;
        const next = store.transaction((tx) => this.applyBatch(tx, batch)).then(() => {
          log.debug({ importRunId: this.runId, kind: batch.kind, rowsRead: this.counts.read }, 'import batch committed');
          afterEach?.(batch);
        });
        next.catch(() => undefined);
        inFlight = next;
      }
      await inFlight;
      await store.transaction((tx) => this.finishGuarantors(tx));
      const late = this.takeLateProblems();
      await store.transaction((tx) => insertImportProblems(tx, this.runId, late));
      const at = this.deps.clock.now();
      await finishImportRun(store.db, this.runId, { status: 'completed', at, counts: this.counts });
      const closed = await closeInterruptedRuns(store.db, { ...this.run, id: this.runId }, at);
      log.info({ importRunId: this.runId, ...this.counts, interruptedRunsClosed: closed }, 'import finished');
      return this.summary('completed');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await finishImportRun(store.db, this.runId, { status: 'failed', at: this.deps.clock.now(), failure: message }).catch(() => undefined);
      log.error({ importRunId: this.runId, ...this.counts }, 'import failed');
      throw error;
    }
  }

  private async applyBatch(tx: StoreTransaction, batch: ImportBatchInput): Promise<void> {
    const { prepared, outcome } = await this.merge(tx, batch);
    const records = batch.records as { origin: RecordOrigin }[];
    const originOf = (ord: number) => (records[ord] as { origin: RecordOrigin }).origin;
    const problems = [...batch.problems, ...prepared.problems];
    for (const r of outcome.rejected) problems.push(rejectedReference(batch.kind, originOf(r.ord), r, this.run.sourceName));
    // In file order (stable: a row's problems keep their column order); file-level problems first.
    problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    for (const r of outcome.unresolved) this.noteMissing(batch.kind, originOf(r.ord), r);

    const rejected = batch.rejectedByReader + prepared.rejected + outcome.rejected.length;
    const counts: RunCounts = {
      read: batch.records.length + batch.rejectedByReader,
      inserted: outcome.inserted,
      updated: outcome.updated.length,
      unchanged: batch.records.length - prepared.rejected - outcome.rejected.length - outcome.inserted - outcome.updated.length,
      rejected,
    };
    if (batch.kind === 'patients') this.notePatients(batch.records as RecordsByKind['patients'][], outcome as Awaited<ReturnType<typeof upsertPatients>>);

    const stored = this.store(problems);
    if (!this.run.dryRun) {
      await insertImportProblems(tx, this.runId, stored);
      await addRunCounts(tx.db, this.runId, counts);
      // Real data arrives with this batch: a demo database stops offering the demo sign-ins, in the same transaction.
      if (!this.demoEnded && counts.inserted + counts.updated > 0) {
        await endDemoMode(tx.db, this.deps.clock.now(), { actorUserId: null, actorKind: 'system', remoteAddress: null, details: { reason: 'import', importRunId: this.runId } });
        this.demoEnded = true;
      }
    }
    add(this.counts, counts);
    add((this.byKind[batch.kind] ??= emptyCounts()), counts);
    if (batch.kind === 'locations') this.zones.forget();
    this.options.onProgress?.({ ...this.counts });
  }

  private async merge(tx: StoreTransaction, batch: ImportBatchInput): Promise<{ prepared: Prepared<unknown>; outcome: MergeOutcome }> {
    const none: MergeOutcome = { inserted: 0, updated: [], rejected: [], unresolved: [] };
    const run = async <Row extends { ord: number }>(prepared: Prepared<Row>, upsert: (rows: Row[]) => Promise<MergeOutcome>) =>
      ({ prepared, outcome: prepared.rows.length > 0 ? await upsert(prepared.rows) : none });
    const c = this.context;
    switch (batch.kind) {
      case 'locations': return run(prepareLocations(batch.records as RecordsByKind['locations'][]), (rows) => upsertLocations(tx, c, rows));
      case 'providers': return run(prepareProviders(batch.records as RecordsByKind['providers'][]), (rows) => upsertProviders(tx, c, rows));
      case 'patients': return run(preparePatients(batch.records as RecordsByKind['patients'][]), (rows) => upsertPatients(tx, c, rows));
      case 'appointments': return run(await prepareAppointments(tx.db, this.zones, batch.records as RecordsByKind['appointments'][]), (rows) => upsertAppointments(tx, c, rows));
      case 'procedures': return run(prepareProcedures(batch.records as RecordsByKind['procedures'][]), (rows) => upsertProcedures(tx, c, rows));
      case 'recalls': return run(prepareRecalls(batch.records as RecordsByKind['recalls'][]), (rows) => upsertRecalls(tx, c, rows));
      case 'contacts': return run(await prepareContacts(tx.db, this.zones, c.source, batch.records as RecordsByKind['contacts'][]), (rows) => insertContactHistory(tx, c, rows));
      case 'schedules': return run(
        await prepareSchedules(tx.db, c.source, batch.records as RecordsByKind['schedules'][]),
        // A dry run has no run row yet when its batches are applied.
        (rows) => replaceSchedules(tx, rows, this.replacedSchedules, this.runId > 0 ? this.runId : null),
      );
    }
  }

  private notePatients(records: RecordsByKind['patients'][], outcome: Partial<Awaited<ReturnType<typeof upsertPatients>>>): void {
    // A batch with no importable rows skips the upsert, so its outcome has no patient-specific parts.
    for (const p of outcome.pendingGuarantors ?? []) {
      const record = records[p.ord];
      if (record) this.pendingGuarantors.push({ externalId: record.externalId, guarantorExternalId: p.guarantorExternalId, origin: record.origin, countedUnchanged: p.unchanged });
    }
    const source = this.run.sourceName;
    for (const s of findDuplicatePatients(records)) this.noteDuplicate({ source, externalId: s.externalIds[0] }, { source, externalId: s.externalIds[1] }, s.reasons);
    for (const d of outcome.duplicates ?? []) this.noteDuplicate({ source, externalId: d.externalId }, { source: d.otherSource, externalId: d.otherExternalId }, [d.reason]);
  }

  private noteDuplicate(a: { source: string; externalId: string }, b: { source: string; externalId: string }, reasons: DuplicateSuggestion['reasons']): void {
    const pair = [a, b].sort((x, y) => `${x.source}\u0000${x.externalId}`.localeCompare(`${y.source}\u0000${y.externalId}`)) as DuplicateSuggestion['patients'];
    const key = pair.map((p) => `${p.source}\u0000${p.externalId}`).join('\u0001');
    const existing = this.duplicates.get(key);
    if (existing) {
      for (const reason of reasons) if (!existing.reasons.includes(reason)) existing.reasons.push(reason);
      return;
    }
    this.duplicateCount += 1;
    if (this.duplicates.size < keptDuplicates) this.duplicates.set(key, { patients: pair, reasons: [...reasons] });
  }

  /** An optional reference (office, provider, visit) not in the database: one warning per value, with its first line and a count. */
  private noteMissing(kind: TableKind, origin: RecordOrigin, reference: UnresolvedReference): void {
    const key = `${kind}\u0000${reference.field}\u0000${reference.value}`;
    const existing = this.missingReferences.get(key);
    if (existing) existing.count += 1;
    else this.missingReferences.set(key, { origin, field: reference.field, value: reference.value, kind, count: 1 });
  }

  private async finishGuarantors(tx: StoreTransaction): Promise<void> {
    const pending = this.pendingGuarantors.splice(0);
    for (let i = 0; i < pending.length; i += 5000) {
      const slice = pending.slice(i, i + 5000);
      const result = await linkPendingGuarantors(tx, this.context, slice.map((p, ord) => ({ ord, externalId: p.externalId, guarantorExternalId: p.guarantorExternalId })));
      for (const ord of result.linked) {
        if (!slice[ord]?.countedUnchanged) continue;
        this.counts.unchanged -= 1;
        this.counts.updated += 1;
        const patients = this.byKind.patients;
        if (patients) {
          patients.unchanged -= 1;
          patients.updated += 1;
        }
      }
      const missing = result.stillMissing.map((ord) => slice[ord]).filter((p): p is PendingGuarantor => p !== undefined);
      this.lateProblems.push(...missing.map((p) => recordProblem(
        p.origin, 'guarantor_id', p.guarantorExternalId,
        `${JSON.stringify(p.guarantorExternalId)} is not a patient of source ${JSON.stringify(this.run.sourceName)}; the guarantor link was left empty (import the guarantor and run again)`, 'warning',
      )));
    }
  }

  private readonly lateProblems: ImportProblem[] = [];

  /** Problems known only at the end (unresolved references, guarantors), as stored rows. */
  private takeLateProblems(): StoredProblem[] {
    for (const m of this.missingReferences.values()) {
      const what = referenceNames[m.field] ?? m.field;
      const many = m.count > 1 ? ` (${m.count.toLocaleString('en-US')} rows name it${m.origin.line !== null ? `; this is the first` : ''})` : '';
      this.lateProblems.push(recordProblem(m.origin, m.field, m.value, `${JSON.stringify(m.value)} is not ${what} of source ${JSON.stringify(this.run.sourceName)}${many}; left empty (import the ${referenceFiles[m.field] ?? 'referenced'} file first, or fix the id)`, 'warning'));
    }
    this.missingReferences.clear();
    const late = this.lateProblems.splice(0);
    return this.store(late);
  }

  /** Counts and keeps problems; returns them as rows to store (a dry run keeps them until after the rollback). */
  private store(problems: readonly ImportProblem[]): StoredProblem[] {
    const rows: StoredProblem[] = [];
    for (const p of problems) {
      this.problemCount += 1;
      if (p.severity === 'error') this.errorCount += 1;
      else this.warningCount += 1;
      if (this.problems.length < keptProblems) this.problems.push(p);
      const cells = p.severity === 'error' && p.line !== null ? (this.options.cellsOf?.(p.line) ?? null) : null;
      rows.push({ ...p, cells });
    }
    if (this.run.dryRun) {
      const room = Math.max(0, dryRunStoredProblems - this.dryProblems.length);
      this.dryProblems.push(...rows.slice(0, room));
      return [];
    }
    return rows;
  }

  private summary(status: 'completed' | 'failed'): ImportSummary {
    const seconds = (performance.now() - this.started) / 1000;
    return {
      importRunId: this.runId, kind: this.run.kind, format: this.run.format, source: this.run.sourceName, preset: this.run.preset, dryRun: this.run.dryRun, status,
      counts: { ...this.counts }, byKind: this.byKind,
      problems: [...this.problems], problemCount: this.problemCount, errorCount: this.errorCount, warningCount: this.warningCount,
      duplicates: [...this.duplicates.values()], duplicateCount: this.duplicateCount,
      seconds, rowsPerSecond: Math.round(this.counts.read / Math.max(seconds, 0.001)),
    };
  }
}

const referenceNames: Record<string, string> = { location: 'an office', provider: 'a provider', appointment_id: 'an appointment', patient_id: 'a patient' };
const referenceFiles: Record<string, string> = { location: 'locations', provider: 'providers', appointment_id: 'appointments', patient_id: 'patients' };

function rejectedReference(kind: TableKind, origin: RecordOrigin, reference: UnresolvedReference, source: string): ImportProblem {
  return recordProblem(
    origin, reference.field, reference.value,
    `${JSON.stringify(reference.value)} is not a patient of source ${JSON.stringify(source)}; import the patients file first (or fix the id); the ${kind === 'contacts' ? 'contact' : kind.replace(/s$/, '')} was not imported`,
    'error',
  );
}

function add(into: RunCounts, counts: RunCounts): void {
  into.read += counts.read;
  into.inserted += counts.inserted;
  into.updated += counts.updated;
  into.unchanged += counts.unchanged;
  into.rejected += counts.rejected;
}

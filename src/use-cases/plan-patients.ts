/**
 * Plan: programs → due items → one case per patient, for the patients whose data changed (the
 * replan queue) and those whose plan may have changed with time alone (their recheck time, the
 * engine's horizon, has come), or for everyone (`full`). Set-based and batched: each batch reads its patients'
 * histories in a few queries, plans them in memory with the pure planner (domain/cases/plan-batch.ts)
 * and writes what changed with one statement per table, all in one transaction, so a batch is
 * planned completely or not at all and the queue entries it took come back if it fails.
 */
import { planBatch, type BatchPlan } from '../domain/cases/index.js';
import { bundledRules, openChannels } from '../domain/compliance/index.js';
import { loadGateFactsFor } from '../db/queries/gate-facts-bulk.js';
import { AppError } from '../domain/errors.js';
import { completedDetailSince, triggerAppointmentTypes } from '../domain/recall/index.js';
import { loadPlanFacts, type PatientSelection } from '../db/queries/plan-facts.js';
import {
  clearReplanQueue, closeDueItems, dueForRecheck, enqueueReplan, insertCases, nextPatientRange, takeFromReplanQueue, updateCases, upsertDueItems, writeRechecks,
} from '../db/queries/plan-writes.js';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { cryptoRandom } from '../random.js';
import type { Deps } from './deps.js';
import { loadEngineContext } from './shared/engine-context.js';

export interface PlanRequest {
  /** Every patient, not only those queued; also empties the queue. */
  full?: boolean;
  /** Only these patients (internal ids); used by tests and after single-patient edits. */
  patientIds?: readonly number[];
  /** Patients per batch (default 2,000). */
  batchSize?: number;
}

export interface PlanResult {
  mode: 'full' | 'incremental' | 'patients';
  patients: number;
  /** Incremental: of those, patients planned because their recheck time came (not because their data changed). */
  rechecked: number;
  batches: number;
  cases: { opened: number; reopened: number; updated: number; closed: number; unchanged: number };
  dueItems: { written: number; closed: number };
  /** Cases changed by someone else while planned; their patients are queued again. */
  requeued: number;
  ms: number;
}

export async function planPatients(deps: Pick<Deps, 'store' | 'clock' | 'log' | 'random'>, request: PlanRequest = {}): Promise<PlanResult> {
  const started = performance.now();
  const now = deps.clock.now();
  const batchSize = request.batchSize ?? 2000;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 20_000) {
    throw new AppError('invalid_input', `batchSize ${String(request.batchSize)} is out of range; allowed: a whole number from 1 to 20000`);
  }
  // The holdout draws for items recorded for the first time (domain/cases/outreach-group.ts).
  const context = { ...await loadEngineContext(deps), random: deps.random ?? cryptoRandom };
  const mode: PlanResult['mode'] = request.patientIds ? 'patients' : request.full ? 'full' : 'incremental';
  const result: PlanResult = { mode, patients: 0, rechecked: 0, batches: 0, cases: { opened: 0, reopened: 0, updated: 0, closed: 0, unchanged: 0 }, dueItems: { written: 0, closed: 0 }, requeued: 0, ms: 0 };
  const factOptions = { now, completedDetailSince: completedDetailSince(context.enabled, now), appointmentTypes: triggerAppointmentTypes(context.enabled) };

  const runBatch = (select: (db: Kysely<Database>) => Promise<PatientSelection | null>) =>
    deps.store.transaction(async (tx) => {
      const selection = await select(tx.db);
      if (selection === null) return false;
      const facts = await loadPlanFacts(tx.db, selection, factOptions);
      // The gate's facts for the batch, so a new case's first step is on a channel the gate would allow.
      const contacts = await loadGateFactsFor(tx.db, facts.patients.map((p) => p.id), now);
      const batch = planBatch({
        ...facts,
        openChannels: (patientId, touch) => {
          const contact = contacts.get(patientId);
          return contact ? openChannels(contact, { ...touch, automated: false }, context.contactPolicy, bundledRules, now) : [];
        },
      }, context, now);
      await writeBatch(tx.db, batch, now, result);
      result.patients += facts.patients.length;
      result.batches += 1;
      return true;
    });

  if (request.patientIds) {
    const ids = [...new Set(request.patientIds)].sort((a, b) => a - b);
    for (let i = 0; i < ids.length; i += batchSize) {
      const slice = ids.slice(i, i + batchSize);
      await runBatch(async (db) => {
        await clearReplanQueue(db, { kind: 'ids', ids: slice });
        return { kind: 'ids', ids: slice };
      });
    }
  } else if (request.full) {
    let after = 0;
    for (;;) {
      const range = await nextPatientRange(deps.store.db, after, batchSize);
      if (!range) break;
      await runBatch(async (db) => {
        // Taken off the queue before the facts are read: a change committed after this point queues the patient again.
        await clearReplanQueue(db, { kind: 'range', from: range.from, to: range.to });
        return { kind: 'range', from: range.from, to: range.to };
      });
      after = range.to;
    }
  } else {
    // First the patients whose data changed, then those whose plan may have changed with time alone.
    while (await runBatch(async (db) => {
      const ids = await takeFromReplanQueue(db, batchSize);
      return ids.length === 0 ? null : { kind: 'ids', ids };
    }));
    let after = 0;
    while (await runBatch(async (db) => {
      const ids = await dueForRecheck(db, now, after, batchSize);
      if (ids.length === 0) return null;
      after = ids[ids.length - 1] as number;
      result.rechecked += ids.length;
      await clearReplanQueue(db, { kind: 'ids', ids });
      return { kind: 'ids', ids };
    }));
  }
  result.ms = Math.round(performance.now() - started);
  deps.log.info({ mode, patients: result.patients, rechecked: result.rechecked, batches: result.batches, ...result.cases, dueItemsWritten: result.dueItems.written, requeued: result.requeued, ms: result.ms }, 'plan finished');
  return result;
}

async function writeBatch(db: Kysely<Database>, batch: BatchPlan, now: Date, result: PlanResult): Promise<void> {
  const inserted = await insertCases(db, batch.inserts, now);
  const updated = await updateCases(db, batch.updates.map((u) => u.write), now);
  const skipped = new Set<number>();
  for (const { write, kind } of batch.updates) {
    if (write.id !== null && updated.has(write.id)) result.cases[kind] += 1;
    else skipped.add(write.patientId);
  }
  // The case every open item belongs to: the new one, the updated one, or the unchanged current one.
  const caseIdOf = new Map<number, number>([...batch.currentCaseIds, ...inserted]);
  for (const { write } of batch.updates) if (write.id !== null && write.state !== 'closed') caseIdOf.set(write.patientId, write.id);
  const items = batch.items
    .filter((i) => !skipped.has(i.patientId))
    .map((i) => (i.status === 'open' ? { ...i, caseId: caseIdOf.get(i.patientId) ?? null } : i));
  await upsertDueItems(db, items, now);
  await closeDueItems(db, batch.closeIds, 'no_longer_due', now);
  await enqueueReplan(db, [...skipped], 'plan_conflict');
  await writeRechecks(db, batch.rechecks);
  result.cases.opened += batch.counts.opened;
  result.cases.unchanged += batch.counts.unchanged;
  result.requeued += skipped.size;
  result.dueItems.written += items.length;
  result.dueItems.closed += batch.closeIds.length;
}

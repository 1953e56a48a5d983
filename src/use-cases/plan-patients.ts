/**
 * Plan: programs → due items → one case per patient, for the patients whose data changed (the
 * replan queue) and those whose plan may have changed with time alone (their recheck time, the
 * engine's horizon, has come), or for everyone (`full`). Set-based and batched: each batch reads its patients'
 * histories in a few queries, evaluates them in memory with the pure engine (evaluatePatient,
 * mergeIntoCase, priorityOf, nextStep) and writes what changed with one statement per table, all in
 * one transaction, so a batch is planned completely or not at all and the queue entries it took
 * come back if it fails.
 */
import { DateTime } from 'luxon';
import { nextStep, startOfLocalDate } from '../domain/cadence/index.js';
import { callbackPoints, mergeIntoCase, priorityOf, type CasePlan } from '../domain/cases/index.js';
import { AppError } from '../domain/errors.js';
import { evaluatePatientWithHorizon, type CalendarDuration, type DueItem, type RecallProgram } from '../domain/recall/index.js';
import { loadPlanFacts, type PatientSelection, type PlanFacts, type StoredCase, type StoredDueItem } from '../db/queries/plan-facts.js';
import {
  clearReplanQueue, closeDueItems, dueForRecheck, enqueueReplan, insertCases, nextPatientRange, takeFromReplanQueue, updateCases, upsertDueItems, writeRechecks,
  type CaseWrite, type DueItemWrite,
} from '../db/queries/plan-writes.js';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Deps } from './deps.js';
import { loadEngineContext, type EngineContext } from './engine-context.js';

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

/** Close reasons set by case outcomes: the same reasons must not come back on the next plan. */
export const outcomeCloseReasons: ReadonlySet<string> = new Set(['declined', 'wrong_number', 'unreachable', 'opted_out', 'resolved_by_queue']);

const durationDays = (d: CalendarDuration | null | undefined) =>
  d ? Math.abs(d.years ?? 0) * 366 + Math.abs(d.months ?? 0) * 31 + Math.abs(d.weeks ?? 0) * 7 + Math.abs(d.days ?? 0) + Math.ceil(Math.abs(d.hours ?? 0) / 24) : 0;

/** How far back completed procedures must arrive one by one (after-procedure programs look at each day). */
function completedDetailSince(programs: readonly RecallProgram[], now: Date): string | null {
  let horizon = 0;
  for (const p of programs) {
    if (p.trigger.kind !== 'after_procedure') continue;
    if (p.outreach.end === null) return null;
    horizon = Math.max(horizon, durationDays(p.trigger.after) + durationDays(p.outreach.end) + durationDays(p.outreach.start));
  }
  return DateTime.fromJSDate(now, { zone: 'utc' }).minus({ days: horizon + 3 }).toISODate();
}

function appointmentTypesOf(programs: readonly RecallProgram[]): string[] {
  const types = new Set<string>();
  for (const p of programs) {
    if (p.trigger.kind === 'interval' || p.trigger.kind === 'after_procedure') for (const t of p.trigger.appointmentTypes) types.add(t.trim().toLowerCase());
  }
  return [...types];
}

export async function planPatients(deps: Pick<Deps, 'store' | 'clock' | 'log'>, request: PlanRequest = {}): Promise<PlanResult> {
  const started = performance.now();
  const now = deps.clock.now();
  const batchSize = request.batchSize ?? 2000;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 20_000) {
    throw new AppError('invalid_input', `batchSize ${String(request.batchSize)} is out of range; allowed: a whole number from 1 to 20000`);
  }
  const context = await loadEngineContext(deps);
  const mode: PlanResult['mode'] = request.patientIds ? 'patients' : request.full ? 'full' : 'incremental';
  const result: PlanResult = { mode, patients: 0, rechecked: 0, batches: 0, cases: { opened: 0, reopened: 0, updated: 0, closed: 0, unchanged: 0 }, dueItems: { written: 0, closed: 0 }, requeued: 0, ms: 0 };
  const factOptions = { now, completedDetailSince: completedDetailSince(context.enabled, now), appointmentTypes: appointmentTypesOf(context.enabled) };

  const runBatch = (select: (db: Kysely<Database>) => Promise<PatientSelection | null>) =>
    deps.store.transaction(async (tx) => {
      const selection = await select(tx.db);
      if (selection === null) return false;
      const facts = await loadPlanFacts(tx.db, selection, factOptions);
      const batch = planBatch(facts, context, now);
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

type UpdateKind = 'reopened' | 'updated' | 'closed';

interface BatchPlan {
  inserts: CaseWrite[];
  updates: { write: CaseWrite; kind: UpdateKind }[];
  /** Items to write; open ones attach to the patient's (possibly new) case. */
  items: DueItemWrite[];
  closeIds: number[];
  /** Patients whose case stays open without a write: their open items attach to it. */
  currentCaseIds: Map<number, number>;
  /** Patients whose recheck time moved. */
  rechecks: { patientId: number; recheckAt: Date }[];
  counts: { opened: number; unchanged: number };
}

function planBatch(facts: PlanFacts, context: EngineContext, now: Date): BatchPlan {
  const out: BatchPlan = { inserts: [], updates: [], items: [], closeIds: [], currentCaseIds: new Map(), rechecks: [], counts: { opened: 0, unchanged: 0 } };
  for (const patient of facts.patients) {
    const history = facts.histories.get(patient.id);
    if (!history) continue;
    const zone = context.zoneOf(patient.locationId);
    const { items, stableUntil } = evaluatePatientWithHorizon(history, context.enabled, now, {
      timeZone: zone,
      ...(context.settings.reactivationMonths !== undefined ? { reactivationMonths: context.settings.reactivationMonths } : {}),
    });
    const recheckAt = recheckTime(patient.id, items, stableUntil, zone, now);
    if (patient.recheckAt === null || patient.recheckAt.getTime() !== recheckAt.getTime()) out.rechecks.push({ patientId: patient.id, recheckAt });
    const stored = facts.dueItems.get(patient.id) ?? [];
    const outcomeClosed = stored.filter((i) => i.status === 'closed' && i.closedReason !== null && outcomeCloseReasons.has(i.closedReason)).map((i) => i.anchor);
    const current = facts.cases.get(patient.id) ?? null;
    const plan = mergeIntoCase({ patientId: patient.id, items, current, closedAnchors: outcomeClosed, now });
    const write = caseWrite(plan, current, patient.locationId, context, now);
    if (write === null) {
      out.counts.unchanged += 1;
      if (current && current.state !== 'closed') out.currentCaseIds.set(patient.id, current.id);
    } else if (write.id === null) {
      out.inserts.push(write);
      out.counts.opened += 1;
    } else {
      out.updates.push({ write, kind: plan.action === 'reopen' ? 'reopened' : write.state === 'closed' ? 'closed' : 'updated' });
    }
    const caseId = plan.case && plan.case.state !== 'closed' ? plan.case.id : null;
    collectItems(out, items, stored, new Set(outcomeClosed), caseId, context);
  }
  return out;
}

const day = 86_400_000;
/** Even a patient with nothing ahead is looked at again within 4–5 weeks (spread by id, so not all on one day). */
const longestRecheckDays = 28;

/**
 * When to plan this patient again if none of their data changes: the engine's horizon, or the day a
 * stored "due …" in the priority's why turns into "due today" (basePriority counts up to the due day).
 */
function recheckTime(patientId: number, items: readonly DueItem[], stableUntil: Date | null, zone: string, now: Date): Date {
  let at = now.getTime() + (longestRecheckDays + (patientId % 7)) * day;
  if (stableUntil !== null) at = Math.min(at, stableUntil.getTime());
  for (const item of items) {
    const dueStart = startOfLocalDate(item.dueOn, zone).getTime();
    if (dueStart > now.getTime()) at = Math.min(at, dueStart);
  }
  return new Date(at);
}

const sameTime = (a: Date | null, b: Date | null) => (a === null || b === null ? a === b : a.getTime() === b.getTime());
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The row to write for a patient's case, or null when nothing changed. */
function caseWrite(plan: CasePlan, current: StoredCase | null, locationId: number | null, context: EngineContext, now: Date): CaseWrite | null {
  const planned = plan.case;
  if (planned === null) return null;
  if (planned.state === 'closed' && plan.action === 'none') return null;
  const zone = context.zoneOf(locationId);
  const open = plan.openItems;
  const lead = open[0] ?? null;
  const leadProgram = lead ? context.programByKey.get(lead.programKey)?.program : undefined;
  let { nextStep: stepLabel, nextActionAt } = planned;
  let nextChannel = current && plan.action !== 'open' && plan.action !== 'reopen' ? current.nextChannel : null;
  // A fresh, reopened or woken case starts its lead program's cadence: the first touch, at the next office hour.
  if (planned.state === 'open' && stepLabel === null && lead && leadProgram) {
    const step = nextStep({
      cadence: leadProgram.cadence, stepsDone: planned.cadenceStep, lastAttemptAt: null, outreachStartsAt: lead.outreachStartsAt,
      outreachEndsAt: lead.outreachEndsAt, consentedChannels: ['voice', 'sms', 'email'], now, calendar: context.calendarOf(locationId),
    });
    if (step.kind === 'attempt') {
      stepLabel = step.label;
      nextChannel = step.channel;
      nextActionAt = nextActionAt && nextActionAt > step.at ? nextActionAt : step.at;
    } else {
      stepLabel = 'call';
      nextChannel = 'voice';
    }
  }
  const dueOn = open.map((i) => i.dueOn).sort()[0] ?? null;
  const { priority, why } = basePriority(open, planned.nextStep === 'callback' ? planned.nextActionAt : null, zone, now, context);
  const write: CaseWrite = {
    id: planned.id, expectedUpdatedAt: current && planned.id === current.id ? current.updatedAt : null, patientId: planned.patientId, locationId,
    state: planned.state, ownerUserId: planned.ownerUserId, ownerQueue: planned.ownerQueue, nextStep: stepLabel, nextChannel: planned.state === 'closed' ? null : nextChannel,
    nextActionAt, priority, priorityWhy: why, cadenceStep: planned.cadenceStep, closedReason: planned.closedReason, closedAt: planned.closedAt,
    openedAt: planned.openedAt, reasonAnchors: planned.reasonAnchors, programKeys: [...new Set(open.map((i) => i.programKey))],
    leadProgramKey: planned.state === 'closed' ? current?.leadProgramKey ?? null : lead?.programKey ?? null, dueOn: planned.state === 'closed' ? current?.dueOn ?? null : dueOn,
    outreachStartsAt: lead?.outreachStartsAt ?? current?.outreachStartsAt ?? null, outreachEndsAt: lead ? lead.outreachEndsAt : current?.outreachEndsAt ?? null,
  };
  if (plan.action !== 'none' || current === null || planned.id === null) return write;
  const unchanged = current.state === write.state && sameTime(current.nextActionAt, write.nextActionAt) && current.nextStep === write.nextStep
    && current.priority === Math.round(write.priority) && current.priorityWhy === write.priorityWhy && sameList(current.reasonAnchors, write.reasonAnchors)
    && sameList(current.programKeys, write.programKeys) && current.leadProgramKey === write.leadProgramKey && current.dueOn === write.dueOn
    && current.locationId === write.locationId && sameTime(current.outreachStartsAt, write.outreachStartsAt) && sameTime(current.outreachEndsAt, write.outreachEndsAt)
    && current.nextChannel === write.nextChannel;
  return unchanged ? null : write;
}

/**
 * The part of the score that does not move with the clock: urgency, other reasons, planned fee, and a
 * callback. Days overdue are added when the worklist is read (SQL), responsiveness and the gate on
 * the rows shown; the worklist recomputes the full "why" there.
 */
function basePriority(open: readonly DueItem[], callbackAt: Date | null, zone: string, now: Date, context: EngineContext): { priority: number; why: string | null } {
  if (open.length === 0) return { priority: 0, why: null };
  const earliestDue = open.map((i) => i.dueOn).sort()[0] as string;
  const dueStart = startOfLocalDate(earliestDue, zone);
  const p = priorityOf({
    reasons: open.map((i) => ({ programKey: i.programKey, programName: context.programByKey.get(i.programKey)?.program.name ?? i.programKey, urgency: i.urgency, dueOn: i.dueOn, feeCents: i.feeCents })),
    // Counted on the due day itself, the overdue part is 0: the worklist adds it for the day it is read.
    now: dueStart < now ? dueStart : now, timeZone: zone, contactableNow: true,
  });
  return { priority: Math.round(p.score) + (callbackAt ? callbackPoints : 0), why: p.why };
}

function collectItems(out: BatchPlan, items: readonly DueItem[], stored: readonly StoredDueItem[], outcomeClosed: ReadonlySet<string>, caseId: number | null, context: EngineContext): void {
  const existing = new Map(stored.map((s) => [`${s.programId}|${s.anchor}`, s]));
  const seen = new Set<string>();
  for (const item of items) {
    const program = context.programByKey.get(item.programKey);
    if (!program) continue;
    const key = `${program.id}|${item.anchor}`;
    seen.add(key);
    if (outcomeClosed.has(item.anchor)) continue;
    const write: DueItemWrite = {
      patientId: item.patientId, programId: program.id, programKey: item.programKey, caseId: null, source: item.source, anchor: item.anchor, dueOn: item.dueOn,
      windowStart: item.windowStart, windowEnd: item.windowEnd, evidence: item.evidence, status: item.status,
      suppressionCode: item.suppression?.code ?? null, feeCents: item.feeCents, outreachStartsAt: item.outreachStartsAt, outreachEndsAt: item.outreachEndsAt,
    };
    const before = existing.get(key);
    // Unchanged rows are not written again (a second full plan over the same data writes almost nothing).
    if (before && before.status === write.status && before.evidence === write.evidence && before.dueOn === write.dueOn && before.windowStart === write.windowStart
      && before.windowEnd === write.windowEnd && before.suppressionCode === write.suppressionCode && before.feeCents === write.feeCents && before.source === write.source
      && sameTime(before.outreachStartsAt, write.outreachStartsAt) && sameTime(before.outreachEndsAt, write.outreachEndsAt) && before.programKey === write.programKey
      && (write.status === 'suppressed' ? before.caseId === null : caseId !== null && before.caseId === caseId)) continue;
    out.items.push(write);
  }
  for (const s of stored) {
    if ((s.status === 'open' || s.status === 'suppressed') && !seen.has(`${s.programId}|${s.anchor}`)) out.closeIds.push(s.id);
  }
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

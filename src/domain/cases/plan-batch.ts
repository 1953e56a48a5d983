/**
 * Plans one batch of patients in memory: each patient's history through the programs (due items and
 * the horizon until which nothing changes with time alone), the items merged into one case, the case
 * row and the due items to write, and when to look at the patient again. Pure: the facts, the
 * programs and the time come in; what to write goes out, and the caller writes it in one transaction.
 */
import type { AttemptChannel, Purpose } from '../compliance/types.js';
import { evaluatePatientWithHorizon } from '../recall/evaluate-patient.js';
import { dueItemChanges } from '../recall/due-item-changes.js';
import type { DueItemWrite, StoredDueItem } from '../recall/due-item-rows.js';
import type { PatientHistory } from '../recall/patient-history.js';
import { recheckTime } from '../recall/recheck-time.js';
import { addToLocalDate, startOfLocalDate } from '../cadence/zoned-time.js';
import { defaultRankingPolicy } from '../policy/ranking-policy.js';
import { caseWrite, type CaseWrite } from './case-write.js';
import { activeWindowEnd } from './ranking-band.js';
import { mergeIntoCase } from './merge-into-case.js';
import { outcomeCloseReasons } from './outcome-close-reasons.js';
import { drawOutreachGroup } from './outreach-group.js';
import type { PlanningContext } from './planning-context.js';
import type { StoredCase } from './stored-case.js';

export interface PlanningPatient {
  id: number;
  locationId: number | null;
  /** When the stored plan said to look again; null before the first plan. */
  recheckAt: Date | null;
}

/** A batch's patients with their histories, current (or last) cases and stored due items. */
export interface PlanningFacts {
  patients: readonly PlanningPatient[];
  histories: ReadonlyMap<number, PatientHistory>;
  cases: ReadonlyMap<number, StoredCase>;
  dueItems: ReadonlyMap<number, readonly StoredDueItem[]>;
  /**
   * The channels the contact gate would let a touch of this purpose use for this patient at some hour
   * (compliance openChannels over the patient's consents and opt-outs): a new case's first step is
   * chosen among these only, so the planner never plans a touch the gate will refuse.
   */
  openChannels(patientId: number, touch: { purpose: Purpose; programKey: string }): readonly AttemptChannel[];
}

export type CaseUpdateKind = 'reopened' | 'updated' | 'closed';

export interface BatchPlan {
  inserts: CaseWrite[];
  updates: { write: CaseWrite; kind: CaseUpdateKind }[];
  /** Items to write; open ones attach to the patient's (possibly new) case. */
  items: DueItemWrite[];
  closeIds: number[];
  /** Patients whose case stays open without a write: their open items attach to it. */
  currentCaseIds: Map<number, number>;
  /** Patients whose recheck time moved. */
  rechecks: { patientId: number; recheckAt: Date }[];
  counts: { opened: number; unchanged: number };
}

export function planBatch(facts: PlanningFacts, context: PlanningContext, now: Date): BatchPlan {
  const out: BatchPlan = { inserts: [], updates: [], items: [], closeIds: [], currentCaseIds: new Map(), rechecks: [], counts: { opened: 0, unchanged: 0 } };
  const holdout = context.holdout ?? {};
  const random = context.random;
  if (random === undefined && Object.keys(holdout).length > 0) {
    throw new Error(`planning with a holdout (${Object.keys(holdout).join(', ')}) needs a random source in the planning context`);
  }
  for (const patient of facts.patients) {
    const history = facts.histories.get(patient.id);
    if (!history) continue;
    const zone = context.zoneOf(patient.locationId);
    const { items, stableUntil } = evaluatePatientWithHorizon(history, context.enabled, now, {
      timeZone: zone,
      ...(context.settings.reactivationMonths !== undefined ? { reactivationMonths: context.settings.reactivationMonths } : {}),
    });
    // The day after an open item's active window ends, its case is worked as reactivation: plan it again then.
    const ranking = context.ranking ?? defaultRankingPolicy;
    const staleFrom = items.flatMap((i) => {
      const end = i.status === 'open' ? activeWindowEnd(i, ranking) : null;
      return end === null ? [] : [startOfLocalDate(addToLocalDate(end, { days: 1 }), zone)];
    });
    const recheckAt = recheckTime(patient.id, items, stableUntil, zone, now, staleFrom);
    if (patient.recheckAt === null || patient.recheckAt.getTime() !== recheckAt.getTime()) out.rechecks.push({ patientId: patient.id, recheckAt });
    const stored = facts.dueItems.get(patient.id) ?? [];
    const outcomeClosed = stored.filter((i) => i.status === 'closed' && i.closedReason !== null && outcomeCloseReasons.has(i.closedReason)).map((i) => i.anchor);
    const current = facts.cases.get(patient.id) ?? null;
    // Each item's holdout group: the stored one, else drawn now (the item is new), once, in the order the
    // programs produce items, so a seeded source gives the same draws for the same batch.
    const storedGroups = new Map(stored.map((s) => [`${s.programId}|${s.anchor}`, s.outreachGroup ?? null]));
    const drawn = new Map<string, ReturnType<typeof drawOutreachGroup>>();
    const groupOf = (programKey: string, anchor: string) => {
      const programId = context.programByKey.get(programKey)?.id;
      if (programId === undefined) return null;
      const key = `${programId}|${anchor}`;
      if (storedGroups.has(key)) return storedGroups.get(key) ?? null;
      if (!drawn.has(key)) drawn.set(key, random ? drawOutreachGroup(programKey, holdout, random) : null);
      return drawn.get(key) ?? null;
    };
    const heldOutAnchors = items.filter((i) => i.status === 'open' && groupOf(i.programKey, i.anchor) === 'holdout').map((i) => i.anchor);
    const plan = mergeIntoCase({ patientId: patient.id, items, current, closedAnchors: outcomeClosed, heldOutAnchors, now });
    const write = caseWrite(plan, current, patient.locationId, context, now, (touch) => facts.openChannels(patient.id, touch));
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
    const changes = dueItemChanges(items, stored, new Set(outcomeClosed), caseId, context.programByKey);
    out.items.push(...changes.writes.map((w) => {
      const group = storedGroups.has(`${w.programId}|${w.anchor}`) ? null : groupOf(w.programKey, w.anchor);
      return group === null ? w : { ...w, outreachGroup: group };
    }));
    out.closeIds.push(...changes.closeIds);
  }
  return out;
}

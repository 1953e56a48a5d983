/** Planning a batch of patients in memory: what the planner would write, with no database. */
import { describe, expect, it } from 'vitest';
import { planBatch, type PlanningFacts, type StoredCase } from '../../../src/domain/cases/index.js';
import { attemptChannels } from '../../../src/domain/compliance/index.js';
import type { PatientHistory, StoredDueItem } from '../../../src/domain/recall/index.js';
import { completed, history, planned } from '../recall/recall-fixtures.js';
import { now, planningContext, storedCase } from './planning-fixtures.js';

const context = planningContext();
const cleanedInMarch = (id: number): PatientHistory => history({ patient: { id, status: 'active', doNotContact: false }, procedures: [completed('D1110', '2026-03-02')] });

interface Patient { id: number; history?: PatientHistory; current?: StoredCase; stored?: StoredDueItem[]; recheckAt?: Date | null }

function facts(patients: Patient[]): PlanningFacts {
  return {
    patients: patients.map((p) => ({ id: p.id, locationId: 1, recheckAt: p.recheckAt ?? null })),
    histories: new Map(patients.filter((p) => p.history).map((p) => [p.id, p.history as PatientHistory])),
    cases: new Map(patients.filter((p) => p.current).map((p) => [p.id, p.current as StoredCase])),
    dueItems: new Map(patients.map((p) => [p.id, p.stored ?? []])),
    openChannels: () => attemptChannels,
  };
}

const declinedCleaning: StoredDueItem = {
  id: 700, patientId: 10, programId: 1, programKey: 'hygiene', caseId: 60, anchor: 'hygiene@2026-03-02', source: 'computed', dueOn: '2026-09-02', windowStart: '2026-08-19',
  windowEnd: null, evidence: 'last D1110 on 2026-03-02 + 6 months', status: 'closed', closedReason: 'declined', suppressionCode: null, feeCents: null,
  outreachStartsAt: new Date('2026-08-19T04:00:00Z'), outreachEndsAt: null,
};

describe('planBatch', () => {
  it.each([
    { name: 'a patient with a cleaning due gets a new case and its due item', patient: { id: 7, history: cleanedInMarch(7) }, inserts: [7], updates: [], unchanged: 0, items: ['hygiene@2026-03-02'], closeIds: [], rechecks: [7] },
    { name: 'a patient without a history is skipped', patient: { id: 8 }, inserts: [], updates: [], unchanged: 0, items: [], closeIds: [], rechecks: [] },
    {
      name: 'a reason an outcome closed does not come back', patient: { id: 10, history: cleanedInMarch(10), stored: [declinedCleaning], current: storedCase({ id: 60, patientId: 10, state: 'closed', closedReason: 'declined', nextActionAt: null }) },
      inserts: [], updates: [], unchanged: 1, items: [], closeIds: [], rechecks: [10],
    },
    {
      name: 'an open case whose reason is gone closes, and its due item with it',
      patient: { id: 11, history: history({ patient: { id: 11, status: 'active', doNotContact: false } }), stored: [{ ...declinedCleaning, id: 701, patientId: 11, status: 'open' as const, closedReason: null }], current: storedCase({ id: 61, patientId: 11, reasonAnchors: ['hygiene@2026-03-02'] }) },
      inserts: [], updates: [{ patientId: 11, kind: 'closed' }], unchanged: 0, items: [], closeIds: [701], rechecks: [11],
    },
  ])('$name', ({ patient, inserts, updates, unchanged, items, closeIds, rechecks }) => {
    const plan = planBatch(facts([patient]), context, now);
    expect(plan.inserts.map((w) => w.patientId)).toEqual(inserts);
    expect(plan.updates.map((u) => ({ patientId: u.write.patientId, kind: u.kind }))).toEqual(updates);
    expect(plan.counts).toEqual({ opened: inserts.length, unchanged });
    expect(plan.items.map((i) => i.anchor)).toEqual(items);
    expect(plan.closeIds).toEqual(closeIds);
    expect(plan.rechecks.map((r) => r.patientId)).toEqual(rechecks);
  });

  it('planning again over what it would have stored writes nothing, and the open case keeps its items', () => {
    const first = planBatch(facts([{ id: 7, history: cleanedInMarch(7) }]), context, now);
    const write = first.inserts[0] as NonNullable<typeof first.inserts[0]>;
    const current = storedCase({ ...write, id: 55, ownerQueue: null, closedReason: null, nextChannel: write.nextChannel, priorityWhy: write.priorityWhy });
    const stored = first.items.map((i, n) => ({ ...i, id: 800 + n, caseId: 55, closedReason: null }));
    const again = planBatch(facts([{ id: 7, history: cleanedInMarch(7), current, stored, recheckAt: first.rechecks[0]?.recheckAt ?? null }]), context, now);
    expect(again).toEqual({ inserts: [], updates: [], items: [], closeIds: [], currentCaseIds: new Map([[7, 55]]), rechecks: [], counts: { opened: 0, unchanged: 1 } });
  });
});

describe('planBatch: active windows', () => {
  it('given treatment presented 60 days ago, then the patient is planned again the day after its 90-day window ends, when it turns to reactivation', () => {
    // Presented Friday 2026-07-18; the window's last fresh day is 2026-10-16, so the case is looked at again at 00:00 on 2026-10-17 in New York.
    const patient = { id: 12, history: history({ patient: { id: 12, status: 'active', doNotContact: false }, procedures: [planned('D2740', '2026-07-18', 120_000)] }) };
    const plan = planBatch(facts([patient]), context, now);
    expect(plan.inserts).toMatchObject([{ patientId: 12, leadProgramKey: 'unscheduled_treatment' }]);
    expect(plan.rechecks).toEqual([{ patientId: 12, recheckAt: new Date('2026-10-17T04:00:00Z') }]);
    const later = planBatch(facts([patient]), context, new Date('2026-10-17T14:00:00Z'));
    expect(later.inserts).toMatchObject([{ patientId: 12, leadProgramKey: 'reactivation', nextStep: 'gentle call' }]);
  });
});

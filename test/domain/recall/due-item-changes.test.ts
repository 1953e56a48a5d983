/** Which due items a plan writes and which it closes, against what is stored. */
import { describe, expect, it } from 'vitest';
import { dueItemChanges, type DueItem, type StoredDueItem } from '../../../src/domain/recall/index.js';
import { item } from '../cases/case-fixtures.js';

const programByKey = new Map([['hygiene', { id: 1 }], ['periodic_exam', { id: 3 }]]);
const hygiene = item('hygiene');

/** The stored row exactly as the planner wrote `i`, on case `caseId`. */
function stored(i: DueItem, over: Partial<StoredDueItem> = {}): StoredDueItem {
  return {
    id: 900, patientId: i.patientId, programId: programByKey.get(i.programKey)?.id ?? 0, programKey: i.programKey, caseId: 51, anchor: i.anchor, source: i.source,
    dueOn: i.dueOn, windowStart: i.windowStart, windowEnd: i.windowEnd, evidence: i.evidence, status: i.status, closedReason: null,
    suppressionCode: i.suppression?.code ?? null, feeCents: i.feeCents, outreachStartsAt: i.outreachStartsAt, outreachEndsAt: i.outreachEndsAt, ...over,
  };
}

describe('dueItemChanges', () => {
  it.each([
    { name: 'a new item is written, not yet on a case', items: [hygiene], before: [], caseId: 51, written: ['hygiene@2026-03-02'], closeIds: [] },
    { name: 'an item stored as it is, on the same case, is not written again', items: [hygiene], before: [stored(hygiene)], caseId: 51, written: [], closeIds: [] },
    { name: 'the same item moving to another case is written', items: [hygiene], before: [stored(hygiene)], caseId: 52, written: ['hygiene@2026-03-02'], closeIds: [] },
    { name: 'an open item with no case to attach to is written', items: [hygiene], before: [stored(hygiene)], caseId: null, written: ['hygiene@2026-03-02'], closeIds: [] },
    { name: 'changed evidence is written', items: [hygiene], before: [stored(hygiene, { evidence: 'older evidence' })], caseId: 51, written: ['hygiene@2026-03-02'], closeIds: [] },
    {
      name: 'a suppressed item stored without a case is not written again',
      items: [item('hygiene', { status: 'suppressed', suppression: { code: 'future_appointment', message: 'covered' } })],
      before: [stored(item('hygiene', { status: 'suppressed', suppression: { code: 'future_appointment', message: 'covered' } }), { caseId: null })],
      caseId: null, written: [], closeIds: [],
    },
    { name: 'a stored open item no program produces any more is closed', items: [], before: [stored(hygiene, { id: 901 })], caseId: null, written: [], closeIds: [901] },
    { name: 'a stored closed item is left alone', items: [], before: [stored(hygiene, { id: 902, status: 'closed', closedReason: 'no_longer_due' })], caseId: null, written: [], closeIds: [] },
    {
      name: 'an item an outcome closed is neither written nor closed again', items: [hygiene], outcomeClosed: ['hygiene@2026-03-02'],
      before: [stored(hygiene, { id: 903, status: 'closed', closedReason: 'declined' })], caseId: null, written: [], closeIds: [],
    },
    { name: 'an item of a program that is not stored is skipped', items: [item('reactivation')], before: [], caseId: 51, written: [], closeIds: [] },
  ])('$name', ({ items, before, outcomeClosed, caseId, written, closeIds }) => {
    const changes = dueItemChanges(items, before, new Set(outcomeClosed ?? []), caseId, programByKey);
    expect(changes.writes.map((w) => w.anchor)).toEqual(written);
    expect(changes.closeIds).toEqual(closeIds);
  });

  it('a write carries the program id and no case yet (the caller attaches open items to the case it writes)', () => {
    expect(dueItemChanges([hygiene], [], new Set(), 51, programByKey).writes[0]).toEqual({
      patientId: 7, programId: 1, programKey: 'hygiene', caseId: null, source: 'computed', anchor: 'hygiene@2026-03-02', dueOn: '2026-09-02',
      windowStart: '2026-08-19', windowEnd: null, evidence: 'hygiene evidence', status: 'open', suppressionCode: null, feeCents: null,
      outreachStartsAt: new Date('2026-08-19T04:00:00Z'), outreachEndsAt: null,
    });
  });
});

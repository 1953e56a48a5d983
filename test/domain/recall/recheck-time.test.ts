/** When a patient whose data does not change is planned again. */
import { describe, expect, it } from 'vitest';
import { recheckTime } from '../../../src/domain/recall/index.js';
import { item } from '../cases/case-fixtures.js';
import { zone } from './recall-fixtures.js';

const now = new Date('2026-09-16T14:00:00Z');
const days = (n: number) => new Date(now.getTime() + n * 86_400_000);

describe('recheckTime', () => {
  it.each([
    { name: 'nothing ahead: 28 days, spread by id (7 % 7 = 0)', patientId: 7, items: [], stableUntil: null, at: days(28) },
    { name: 'nothing ahead: 28 days, spread by id (10 % 7 = 3)', patientId: 10, items: [], stableUntil: null, at: days(31) },
    { name: 'the engine\'s horizon comes first', patientId: 7, items: [], stableUntil: days(3), at: days(3) },
    { name: 'a due date ahead: its local midnight, when "due …" turns into "due today"', patientId: 7, items: [item('hygiene', { dueOn: '2026-09-20' })], stableUntil: days(10), at: new Date('2026-09-20T04:00:00Z') },
    { name: 'a due date already past does not bring the recheck forward', patientId: 7, items: [item('hygiene', { dueOn: '2026-09-02' })], stableUntil: null, at: days(28) },
  ])('$name', ({ patientId, items, stableUntil, at }) => {
    expect(recheckTime(patientId, items, stableUntil, zone, now)).toEqual(at);
  });
});

/** The parts of the priority formula the planner, the outcome rules and the worklist's SQL share. */
import { describe, expect, it } from 'vitest';
import { callbackPoints, daysOverdue, overduePoints, storedPriorityWithCallback } from '../../../src/domain/cases/index.js';

describe('overduePoints', () => {
  it.each([
    { days: -3, points: 0 }, { days: 0, points: 0 }, { days: 1, points: 0.5 }, { days: 16, points: 8 }, { days: 90, points: 45 }, { days: 400, points: 45 },
  ])('$days days overdue → $points points', ({ days, points }) => {
    expect(overduePoints(days)).toBe(points);
  });
});

describe('daysOverdue, in the office\'s own "today"', () => {
  it.each([
    { at: '2026-11-24T05:30:00Z', dueOn: '2026-11-23', zone: 'America/New_York', days: 1 },
    { at: '2026-11-24T05:30:00Z', dueOn: '2026-11-23', zone: 'America/Chicago', days: 0 },
    { at: '2026-11-24T05:30:00Z', dueOn: '2026-11-30', zone: 'America/New_York', days: -6 },
    // The day the clocks go back is still one day.
    { at: '2026-11-02T12:00:00Z', dueOn: '2026-10-31', zone: 'America/New_York', days: 2 },
  ])('$at, due $dueOn in $zone → $days', ({ at, dueOn, zone, days }) => {
    expect(daysOverdue(new Date(at), dueOn, zone)).toBe(days);
  });
});

describe('storedPriorityWithCallback', () => {
  it.each([
    { name: 'a callback set adds the band', stored: 400, callback: true, result: 400 + callbackPoints },
    { name: 'a callback kept keeps the band once', stored: 400 + callbackPoints, callback: true, result: 400 + callbackPoints },
    { name: 'a callback done removes the band', stored: 400 + callbackPoints, callback: false, result: 400 },
    { name: 'no callback either way', stored: 685, callback: false, result: 685 },
    { name: 'a fraction is rounded as stored (integer column)', stored: 400.5, callback: false, result: 401 },
  ])('$name', ({ stored, callback, result }) => {
    expect(storedPriorityWithCallback(stored, callback)).toBe(result);
  });
});

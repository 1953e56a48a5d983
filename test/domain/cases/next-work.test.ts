/**
 * Given each office's first upcoming instant, when the worklist is empty, then "what is next" names the
 * office day that work falls on (a closed day's cases count on the next business day), in the office's
 * own zone, and one sentence says it.
 */
import { describe, expect, it } from 'vitest';
import { businessCalendarFor } from '../../../src/domain/cadence/index.js';
import { describeNextWork, nextWorkWindows } from '../../../src/domain/cases/index.js';

const tampa = businessCalendarFor({ timeZone: 'America/New_York', state: 'FL' });
const austin = businessCalendarFor({ timeZone: 'America/Chicago', state: 'TX' });
const calendarOf = (id: number | null) => (id === 2 ? austin : tampa);

describe('what is next on an empty worklist', () => {
  it('given work at Wednesday\'s opening, the window runs to the end of Wednesday in the office\'s zone', () => {
    const [w] = nextWorkWindows([{ locationId: 1, firstAt: new Date('2026-11-18T13:00:00Z') }], calendarOf);
    expect(w).toEqual({ locationId: 1, from: new Date('2026-11-18T13:00:00Z'), until: new Date('2026-11-19T05:00:00Z'), timeZone: 'America/New_York' });
  });

  it('given a case left on Thanksgiving, its office day is the Monday after (Thursday and Friday are Florida holidays)', () => {
    const [w] = nextWorkWindows([{ locationId: 1, firstAt: new Date('2026-11-26T15:00:00Z') }], calendarOf);
    expect(w?.until).toEqual(new Date('2026-12-01T05:00:00Z'));
  });

  it('given a case at Saturday noon, its office day is Monday', () => {
    const [w] = nextWorkWindows([{ locationId: 2, firstAt: new Date('2026-11-21T18:00:00Z') }], calendarOf);
    expect(w?.until).toEqual(new Date('2026-11-24T06:00:00Z'));
  });

  it('says each office with work, earliest first, in its own time; offices with none are left out; a far day gets its date', () => {
    const now = new Date('2026-11-18T01:30:00Z');
    const next = describeNextWork([
      { locationId: 2, from: new Date('2026-11-18T14:00:00Z'), until: new Date('2026-11-19T06:00:00Z'), timeZone: 'America/Chicago', name: 'Austin', count: 1 },
      { locationId: 1, from: new Date('2026-11-18T13:00:00Z'), until: new Date('2026-11-19T05:00:00Z'), timeZone: 'America/New_York', name: 'Tampa', count: 202 },
      { locationId: 3, from: new Date('2026-11-18T15:00:00Z'), until: new Date('2026-11-19T07:00:00Z'), timeZone: 'America/Phoenix', name: 'Phoenix', count: 0 },
    ], now);
    expect(next?.sentence).toBe('Next: 202 cases from Wed 08:00 (Tampa); 1 case from Wed 08:00 (Austin)');
    expect(next?.at).toEqual(new Date('2026-11-18T13:00:00Z'));
    expect(next?.total).toBe(203);
    expect(describeNextWork([{ locationId: 1, from: new Date('2026-11-30T13:00:00Z'), until: new Date('2026-12-01T05:00:00Z'), timeZone: 'America/New_York', name: 'Tampa', count: 3 }], now)?.sentence)
      .toBe('Next: 3 cases from Mon 30 Nov 08:00 (Tampa)');
    expect(describeNextWork([], now)).toBeNull();
  });
});

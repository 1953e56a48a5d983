/**
 * What a patient may ask for on their page, with a fixed clock: call days are the office's open days
 * only (no weekend it does not work, no closure), call hours lie inside that day's hours, and a
 * proposal matches free times by weekday and day part in the office's zone.
 */
import { describe, expect, it } from 'vitest';
import { callDays, callHoursOn, callInstant, matchesProposal } from '../../../src/domain/booking/booking-choices.js';
import { businessCalendarFor } from '../../../src/domain/cadence/index.js';
import { calendarOfHours, defaultOfficeHours } from '../../../src/domain/locations/location-settings.js';

const tampa = {
  ...businessCalendarFor({ timeZone: 'America/New_York', state: 'FL' }, calendarOfHours(defaultOfficeHours)),
  closedDates: ['2026-09-22'],
  weeklyHours: { 1: { opensAt: '08:00', closesAt: '17:00' }, 2: { opensAt: '08:00', closesAt: '17:00' }, 3: { opensAt: '08:00', closesAt: '17:00' }, 4: { opensAt: '08:00', closesAt: '17:00' }, 5: { opensAt: '08:00', closesAt: '13:00' } },
};

describe('call days and hours', () => {
  it('given Friday 2026-09-18 at 10:00, then the seven days offered skip the weekend and the closure on Tuesday 09-22', () => {
    expect(callDays(new Date('2026-09-18T14:00:00Z'), tampa)).toEqual(['2026-09-18', '2026-09-21', '2026-09-23', '2026-09-24', '2026-09-25', '2026-09-28', '2026-09-29']);
  });

  it('given Friday after the office closed at 13:00, then today is not offered', () => {
    expect(callDays(new Date('2026-09-18T18:30:00Z'), tampa)[0]).toBe('2026-09-21');
  });

  it('offers only hours with a whole hour of the office still open that day', () => {
    expect(callHoursOn(tampa, '2026-09-18')).toEqual([8, 9, 10, 11, 12]);
    expect(callHoursOn(tampa, '2026-09-21')).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 16]);
  });

  it('refuses a call on a closed day, after hours or in the past, and gives the office-time instant otherwise', () => {
    const now = new Date('2026-09-18T14:00:00Z');
    expect(callInstant('2026-09-19', 10, now, tampa)).toBeNull(); // Saturday
    expect(callInstant('2026-09-22', 10, now, tampa)).toBeNull(); // the closure
    expect(callInstant('2026-09-18', 15, now, tampa)).toBeNull(); // Friday closes at 13:00
    expect(callInstant('2026-09-18', 9, now, tampa)).toBeNull(); // already past
    expect(callInstant('2026-09-21', 16, now, tampa)?.toISOString()).toBe('2026-09-21T20:00:00.000Z');
  });
});

describe('a proposal', () => {
  it('matches a free time on a proposed weekday and day part, and nothing else', () => {
    expect(matchesProposal({ localDate: '2026-09-22', half: 'morning' }, ['tue', 'thu'], ['morning'])).toBe(true);
    expect(matchesProposal({ localDate: '2026-09-22', half: 'afternoon' }, ['tue', 'thu'], ['morning'])).toBe(false);
    expect(matchesProposal({ localDate: '2026-09-23', half: 'morning' }, ['tue', 'thu'], ['morning', 'afternoon'])).toBe(false);
  });
});

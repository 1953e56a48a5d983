import { describe, expect, it } from 'vitest';
import {
  addBusinessDays, atLocalTime, businessCalendarFor, holidayOn, isBusinessDay, nextBusinessDay, nextOpenInstant, type BusinessCalendar,
} from '../../../src/domain/cadence/index.js';

const tampa: BusinessCalendar = businessCalendarFor({ timeZone: 'America/New_York', state: 'FL' });
const austin: BusinessCalendar = businessCalendarFor({ timeZone: 'America/Chicago', state: 'TX' });
const phoenix: BusinessCalendar = businessCalendarFor({ timeZone: 'America/Phoenix', state: 'AZ' });

describe('business days per location', () => {
  it('weekends are not business days; Friday + 1 business day is Monday', () => {
    expect(isBusinessDay(tampa, '2026-03-14')).toBe(false);
    expect(addBusinessDays(tampa, '2026-03-13', 1)).toBe('2026-03-16');
    expect(addBusinessDays(tampa, '2026-03-14', 0)).toBe('2026-03-16');
  });

  it('the state\'s public holidays close the office (observed Independence Day on Friday 2026-07-03)', () => {
    expect(holidayOn(tampa, '2026-07-03')).toBe('Independence Day (substitute day)');
    expect(addBusinessDays(tampa, '2026-07-02', 1)).toBe('2026-07-06');
    expect(nextBusinessDay(tampa, '2026-11-25')).toBe('2026-11-30'); // Thanksgiving and the day after
  });

  it('state holidays differ: Texas closes the day after Christmas 2026 (a Saturday) — and Cesar Chavez Day is no Texas holiday', () => {
    expect(holidayOn(austin, '2026-12-24')).toBe('Christmas Eve');
    expect(holidayOn(tampa, '2026-12-24')).toBeNull();
  });

  it('a practice may keep only some holidays, add closed dates and open on a holiday', () => {
    const lean = { ...tampa, holidayNames: ['Christmas', 'Thanksgiving'], closedDates: ['2026-03-18'], openDates: ['2026-11-27'] };
    expect(isBusinessDay(lean, '2026-11-11')).toBe(true); // Veterans Day not kept
    expect(isBusinessDay(lean, '2026-11-26')).toBe(false);
    expect(isBusinessDay(lean, '2026-11-27')).toBe(true);
    expect(isBusinessDay(lean, '2026-03-18')).toBe(false);
  });

  it('holidaysRegion "US-TX" wins over the address state', () => {
    expect(businessCalendarFor({ timeZone: 'America/Chicago', state: 'FL', holidaysRegion: 'US-TX' }).state).toBe('TX');
  });
});

describe('local times across DST', () => {
  it('09:30 local is 14:30Z before spring-forward and 13:30Z after (New York)', () => {
    expect(atLocalTime(tampa, '2026-03-06', '09:30')).toEqual(new Date('2026-03-06T14:30:00Z'));
    expect(atLocalTime(tampa, '2026-03-09', '09:30')).toEqual(new Date('2026-03-09T13:30:00Z'));
  });

  it('Phoenix keeps no DST: 09:30 is 16:30Z all year', () => {
    expect(atLocalTime(phoenix, '2026-01-15', '09:30')).toEqual(new Date('2026-01-15T16:30:00Z'));
    expect(atLocalTime(phoenix, '2026-07-15', '09:30')).toEqual(new Date('2026-07-15T16:30:00Z'));
  });

  it('after closing on the Friday before the fall-back weekend, the next opening is Monday 08:00 EST', () => {
    expect(nextOpenInstant(tampa, new Date('2026-10-30T22:00:00Z'))).toEqual(new Date('2026-11-02T13:00:00Z'));
  });

  it('an instant during open hours stays; before opening moves to opening', () => {
    const open = new Date('2026-03-11T15:00:00Z');
    expect(nextOpenInstant(tampa, open)).toEqual(open);
    expect(nextOpenInstant(tampa, new Date('2026-03-11T10:00:00Z'))).toEqual(new Date('2026-03-11T12:00:00Z'));
  });
});

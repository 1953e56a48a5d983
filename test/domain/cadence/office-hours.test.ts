/**
 * Office hours per weekday (issue 14): each weekday has its own hours or is closed, closures close an
 * office on named dates, and a remote call team's extended hours count as open for staff touches
 * only. Given/when/then with fixed instants; November 2026 is EST (UTC−5) in Tampa.
 */
import { describe, expect, it } from 'vitest';
import {
  businessCalendarFor, closingTime, holidayOn, isBusinessDay, nextOpenInstant, nextStep, openingTime, type BusinessCalendar, type NextStepInput,
} from '../../../src/domain/cadence/index.js';
import { calendarOfHours, defaultOfficeHours, type OfficeHours } from '../../../src/domain/locations/location-settings.js';
import { defaultProgram } from '../../../src/domain/recall/index.js';

const tampaWith = (hours: Partial<OfficeHours>): BusinessCalendar =>
  businessCalendarFor({ timeZone: 'America/New_York', state: 'FL' }, calendarOfHours({ ...defaultOfficeHours, ...hours }));
const day = (opensAt: string, closesAt: string, extendedUntil: string | null = null) => ({ opensAt, closesAt, extendedUntil });

// Mon–Thu 08:00–17:00, Friday a short day, Saturday mornings, Sunday closed.
const shortFriday = tampaWith({
  week: { mon: day('08:00', '17:00'), tue: day('08:00', '17:00'), wed: day('08:00', '17:00'), thu: day('08:00', '17:00'), fri: day('08:00', '13:00'), sat: day('09:00', '12:00'), sun: null },
});
const hygiene = defaultProgram('hygiene').cadence;
const firstTouch = (calendar: BusinessCalendar, now: string, over: Partial<NextStepInput> = {}) => nextStep({
  cadence: hygiene, stepsDone: 0, lastAttemptAt: null, outreachStartsAt: new Date('2026-11-01T05:00:00Z'),
  consentedChannels: ['voice', 'sms', 'email'], now: new Date(now), calendar, ...over,
});

describe('hours per weekday', () => {
  it('given a short Friday, when a touch falls at Friday 14:00, then it moves to Saturday\'s 09:00 opening', () => {
    expect(nextOpenInstant(shortFriday, new Date('2026-11-20T19:00:00Z'))).toEqual(new Date('2026-11-21T14:00:00Z'));
    expect(firstTouch(shortFriday, '2026-11-20T19:00:00Z')).toMatchObject({ kind: 'attempt', channel: 'voice', at: new Date('2026-11-21T14:00:00Z') });
  });

  it('given Saturday mornings only, when a touch falls at Saturday 12:30, then it waits for Monday 08:00 (Sunday is closed)', () => {
    expect(isBusinessDay(shortFriday, '2026-11-21')).toBe(true);
    expect(isBusinessDay(shortFriday, '2026-11-22')).toBe(false);
    expect(nextOpenInstant(shortFriday, new Date('2026-11-21T17:30:00Z'))).toEqual(new Date('2026-11-23T13:00:00Z'));
  });

  it('given each weekday\'s own hours, then opening and closing are read per date', () => {
    expect([openingTime(shortFriday, '2026-11-20'), closingTime(shortFriday, '2026-11-20')]).toEqual(['08:00', '13:00']);
    expect([openingTime(shortFriday, '2026-11-21'), closingTime(shortFriday, '2026-11-21')]).toEqual(['09:00', '12:00']);
  });

  it('given a Tuesday that opens at 10:00, when the first call is planned at 07:00, then it goes out at 10:00, not at 08:00', () => {
    const late = tampaWith({ week: { ...defaultOfficeHours.week, tue: day('10:00', '17:00') } });
    expect(firstTouch(late, '2026-11-24T12:00:00Z')).toMatchObject({ at: new Date('2026-11-24T15:00:00Z') });
    expect(firstTouch(tampaWith({}), '2026-11-24T12:00:00Z')).toMatchObject({ at: new Date('2026-11-24T13:00:00Z') });
  });
});

describe('closures', () => {
  const training = tampaWith({ closures: [{ date: '2026-11-24', name: 'Staff training' }] });

  it('given a closure on Tuesday, when the next touch would be Tuesday 08:00, then it moves to Wednesday 08:00 and the closure is named', () => {
    expect(holidayOn(training, '2026-11-24')).toBe('Staff training');
    expect(firstTouch(training, '2026-11-24T12:00:00Z')).toMatchObject({ at: new Date('2026-11-25T13:00:00Z') });
  });

  it('given an office that keeps its own holidays instead of the state\'s, then Veterans Day is open and its closure is closed', () => {
    const own = tampaWith({ observeStateHolidays: false, closures: [{ date: '2026-12-24', name: null }] });
    expect(isBusinessDay(tampaWith({}), '2026-11-11')).toBe(false);
    expect(isBusinessDay(own, '2026-11-11')).toBe(true);
    expect(holidayOn(own, '2026-12-24')).toBe('office closed (closure)');
  });

  it('the older calendar fields keep their meaning: closed dates, a holiday filter and special open dates', () => {
    const legacy = { ...businessCalendarFor({ timeZone: 'America/New_York', state: 'FL' }), holidayNames: ['Thanksgiving'], closedDates: ['2026-11-24'], openDates: ['2026-11-27'] };
    expect(isBusinessDay(legacy, '2026-11-24')).toBe(false);
    expect(isBusinessDay(legacy, '2026-11-26')).toBe(false);
    expect(isBusinessDay(legacy, '2026-11-27')).toBe(true);
    expect(isBusinessDay(legacy, '2026-11-11')).toBe(true);
  });
});

describe('extended hours for a remote call team', () => {
  const evenings = tampaWith({ week: { ...defaultOfficeHours.week, tue: day('08:00', '17:00', '21:00') } });
  const tuesday1930 = '2026-11-25T00:30:00Z';

  it('given Tuesday extended until 21:00, when a call is planned at 19:30, then it stays at 19:30', () => {
    expect(firstTouch(evenings, tuesday1930)).toMatchObject({ channel: 'voice', at: new Date(tuesday1930) });
    expect(nextOpenInstant(evenings, new Date(tuesday1930), 'staff')).toEqual(new Date(tuesday1930));
    expect(closingTime(evenings, '2026-11-24', 'staff')).toBe('21:00');
  });

  it('given the same hours, an automated text at 19:30 waits for Wednesday\'s opening: extended hours are for staff', () => {
    expect(nextOpenInstant(evenings, new Date(tuesday1930), 'office')).toEqual(new Date('2026-11-25T13:00:00Z'));
    expect(firstTouch(evenings, tuesday1930, { consentedChannels: ['sms'] })).toMatchObject({ channel: 'sms', at: new Date('2026-11-25T13:00:00Z') });
  });

  it('given no extended hours, the same call waits for Wednesday 08:00; after 21:00 even the remote team is closed', () => {
    expect(firstTouch(tampaWith({}), tuesday1930)).toMatchObject({ at: new Date('2026-11-25T13:00:00Z') });
    expect(nextOpenInstant(evenings, new Date('2026-11-25T02:00:00Z'), 'staff')).toEqual(new Date('2026-11-25T13:00:00Z'));
  });
});

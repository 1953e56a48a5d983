/**
 * Location settings (issue 14): validation says what is wrong, what was given and what is allowed;
 * one reader turns either stored shape of locations.hours into the business calendar; and after an
 * hours change, the open cases whose next action falls outside the new hours move to the next open
 * instant (a callback keeps the patient's time; work already due stays).
 */
import { describe, expect, it } from 'vitest';
import { businessCalendarFor } from '../../../src/domain/cadence/index.js';
import {
  calendarOfHours, calendarSettingsOf, defaultOfficeHours, parseLocationChange, readOfficeHours,
} from '../../../src/domain/locations/location-settings.js';
import { moveIntoHours } from '../../../src/domain/locations/move-into-hours.js';

const week = defaultOfficeHours.week;

describe('validating a location change', () => {
  it('accepts hours per weekday, closures, extended hours, a zone, phones and a sender identity', () => {
    const parsed = parseLocationChange({
      name: ' Sunrise Dental – Tampa ', timeZone: 'America/New_York', phone: '+18132740100', callerId: '+18132740199', senderName: 'Sunrise Dental', senderEmail: 'tampa@sunrise.example',
      hours: { week: { ...week, tue: { opensAt: '10:00', closesAt: '17:00', extendedUntil: '21:00' } }, closures: [{ date: '2026-12-24', name: 'Christmas Eve' }] },
    });
    expect(parsed).toMatchObject({ ok: true, change: { name: 'Sunrise Dental – Tampa', hours: { observeStateHolidays: true, week: { tue: { opensAt: '10:00', extendedUntil: '21:00' }, sat: null } } } });
  });

  it('reports every problem with its path, the value given and what is allowed', () => {
    const parsed = parseLocationChange({
      timeZone: 'Mars/Olympus', phone: '813-555-0100', senderEmail: 'not an address',
      hours: { week: { ...week, mon: { opensAt: '8am', closesAt: '17:00' }, tue: { opensAt: '10:00', closesAt: '09:00' }, wed: { opensAt: '08:00', closesAt: '17:00', extendedUntil: '16:00' } }, closures: [{ date: '2026-02-30' }] },
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues).toEqual(expect.arrayContaining([
      { path: 'timeZone', value: 'Mars/Olympus', message: 'is not an IANA time zone; use e.g. "America/New_York", "America/Chicago" or "America/Phoenix"' },
      { path: 'phone', value: '813-555-0100', message: 'is not an E.164 phone number; use + and the country code with digits only, e.g. "+18135550100"' },
      { path: 'senderEmail', value: 'not an address', message: 'is not an email address; use one plain address such as "tampa@smile-dental.example"' },
      { path: 'hours.week.mon.opensAt', value: '8am', message: 'is not a time of day; use HH:mm on a 24-hour clock, from "00:00" to "23:59", e.g. "08:00" or "17:30"' },
      { path: 'hours.week.tue.closesAt', value: '09:00', message: 'must be after the opening time 10:00; an office day opens and closes on the same day' },
      { path: 'hours.week.wed.extendedUntil', value: '16:00', message: 'must be after the closing time 17:00 (extended hours run on after the office closes), or null for none' },
      { path: 'hours.closures.0.date', value: '2026-02-30', message: 'is not a calendar date; use YYYY-MM-DD, e.g. "2026-12-24"' },
    ]));
    expect(parsed.issues).toHaveLength(7);
  });

  it('refuses an empty change and a field it does not know', () => {
    expect(parseLocationChange({})).toEqual({ ok: false, issues: [{ path: '(body)', message: expect.stringMatching(/^changes nothing; give at least one of name, address1, .*senderEmail$/) }] });
    const unknown = parseLocationChange({ colour: 'blue' });
    expect(unknown.ok).toBe(false);
    expect(!unknown.ok && unknown.issues[0]?.message).toMatch(/colour/);
  });
});

describe('reading stored hours, either shape', () => {
  it('the original { opensAt, closesAt, workingDays } still builds the calendar and reads as per-weekday hours', () => {
    const stored = { opensAt: '07:30', closesAt: '16:00', workingDays: [1, 2, 3, 4], closedDates: ['2026-12-24'] };
    expect(calendarSettingsOf(stored)).toEqual({ opensAt: '07:30', closesAt: '16:00', workingDays: [1, 2, 3, 4], closedDates: ['2026-12-24'] });
    expect(readOfficeHours(stored)).toEqual({
      week: { mon: { opensAt: '07:30', closesAt: '16:00', extendedUntil: null }, tue: { opensAt: '07:30', closesAt: '16:00', extendedUntil: null }, wed: { opensAt: '07:30', closesAt: '16:00', extendedUntil: null }, thu: { opensAt: '07:30', closesAt: '16:00', extendedUntil: null }, fri: null, sat: null, sun: null },
      closures: [{ date: '2026-12-24', name: null }], observeStateHolidays: true,
    });
    expect(readOfficeHours({})).toEqual(defaultOfficeHours);
  });

  it('the new shape builds per-weekday hours, extended hours and named closures', () => {
    const hours = { week: { ...week, tue: { opensAt: '10:00', closesAt: '17:00', extendedUntil: '21:00' } }, closures: [{ date: '2026-12-24', name: 'Christmas Eve' }], observeStateHolidays: false };
    expect(calendarSettingsOf(hours)).toEqual({
      weeklyHours: { 1: { opensAt: '08:00', closesAt: '17:00' }, 2: { opensAt: '10:00', closesAt: '17:00' }, 3: { opensAt: '08:00', closesAt: '17:00' }, 4: { opensAt: '08:00', closesAt: '17:00' }, 5: { opensAt: '08:00', closesAt: '17:00' }, 6: null, 7: null },
      extendedUntil: { 2: '21:00' }, closures: [{ date: '2026-12-24', name: 'Christmas Eve' }], holidayNames: [],
    });
    expect(readOfficeHours(hours)).toEqual(hours);
  });
});

describe('moving planned work into new hours', () => {
  // Tuesday 2026-11-24 now opens at 10:00 instead of 08:00 in Tampa (EST); it is 07:00 there.
  const calendar = businessCalendarFor({ timeZone: 'America/New_York', state: 'FL' }, calendarOfHours({ ...defaultOfficeHours, week: { ...week, tue: { opensAt: '10:00', closesAt: '17:00', extendedUntil: '20:00' } } }));
  const now = new Date('2026-11-24T12:00:00Z');
  const tue0800 = new Date('2026-11-24T13:00:00Z');
  const tue1000 = new Date('2026-11-24T15:00:00Z');

  it('given a call at 08:00, when Tuesday opens at 10:00, then it moves to 10:00; a call inside the hours stays', () => {
    expect(moveIntoHours([
      { caseId: 1, nextActionAt: tue0800, nextStep: 'call', nextChannel: 'voice' },
      { caseId: 2, nextActionAt: new Date('2026-11-24T16:00:00Z'), nextStep: 'call', nextChannel: 'voice' },
    ], calendar, now)).toEqual([{ caseId: 1, from: tue0800, to: tue1000 }]);
  });

  it('a call at 19:00 stays inside the remote team\'s extended hours; an automated text at 19:00 moves to Wednesday 08:00', () => {
    const tue1900 = new Date('2026-11-25T00:00:00Z');
    expect(moveIntoHours([
      { caseId: 3, nextActionAt: tue1900, nextStep: 'call', nextChannel: 'voice' },
      { caseId: 4, nextActionAt: tue1900, nextStep: 'text message', nextChannel: 'sms' },
    ], calendar, now)).toEqual([{ caseId: 4, from: tue1900, to: new Date('2026-11-25T13:00:00Z') }]);
  });

  it('a callback keeps the time the patient asked for, and work already due is not moved', () => {
    expect(moveIntoHours([
      { caseId: 5, nextActionAt: tue0800, nextStep: 'callback', nextChannel: 'voice' },
      { caseId: 6, nextActionAt: new Date('2026-11-23T12:00:00Z'), nextStep: 'call', nextChannel: 'voice' },
    ], calendar, now)).toEqual([]);
  });
});

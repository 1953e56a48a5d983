/**
 * Free times for booking links (issue 17), computed from the office's calendar, the provider and
 * chair schedules and the busy appointments, with a fixed "now": across both New York DST changes,
 * in Arizona (no DST), on a closure day, around a double-booked chair, and spread over days and
 * halves of the day as the rule in free-times.ts says.
 */
import { describe, expect, it } from 'vitest';
import { appointmentTypeFor } from '../../../src/domain/booking/appointment-types.js';
import { freeTimeAt, freeTimes, freeTimesOn, isStillFree, type FreeTimeQuery, type ScheduleBlock } from '../../../src/domain/booking/free-times.js';
import { offerLabel } from '../../../src/domain/booking/offer-label.js';
import { businessCalendarFor, type BusinessCalendar } from '../../../src/domain/cadence/index.js';
import { calendarOfHours, defaultOfficeHours } from '../../../src/domain/locations/location-settings.js';

const newYork = businessCalendarFor({ timeZone: 'America/New_York', state: 'NY' }, calendarOfHours(defaultOfficeHours));
const phoenix = businessCalendarFor({ timeZone: 'America/Phoenix', state: 'AZ' }, calendarOfHours(defaultOfficeHours));

/** Weekday rows Monday–Friday for one provider and chair. */
function weekdays(providerId: number | null, chair: string | null, start = '08:00', end = '17:00', days = [1, 2, 3, 4, 5]): ScheduleBlock[] {
  return days.map((weekday) => ({ providerId, providerRole: 'hygienist', chair, weekday, date: null, start, end }));
}

function query(calendar: BusinessCalendar, now: string, rest: Partial<FreeTimeQuery> = {}): FreeTimeQuery {
  return { calendar, schedules: weekdays(1, 'Op 1'), busy: [], durationMinutes: 60, now: new Date(now), ...rest };
}

const iso = (times: { startsAt: Date }[]) => times.map((t) => t.startsAt.toISOString());
const local = (times: { localDate: string; localTime: string }[]) => times.map((t) => `${t.localDate} ${t.localTime}`);

describe('free times across a DST change (America/New_York)', () => {
  it('given the fall-back weekend of 2026-11-01, when Friday and Monday are searched, then 08:00 is 12:00Z before and 13:00Z after the change', () => {
    const q = query(newYork, '2026-10-29T12:00:00Z'); // Thursday 08:00 EDT
    expect(iso(freeTimesOn(q, '2026-10-30').slice(0, 1))).toEqual(['2026-10-30T12:00:00.000Z']);
    expect(iso(freeTimesOn(q, '2026-11-02').slice(0, 1))).toEqual(['2026-11-02T13:00:00.000Z']);
    expect(freeTimesOn(q, '2026-11-01')).toEqual([]); // Sunday: the office is closed
  });

  it('given a visit booked at 08:00 EST on the Monday after the change, then that Monday starts at 09:00 local, not an hour off', () => {
    const q = query(newYork, '2026-10-29T12:00:00Z', { busy: [{ startsAt: new Date('2026-11-02T13:00:00Z'), durationMinutes: 60, providerId: 1, chair: 'Op 1' }] });
    const monday = freeTimesOn(q, '2026-11-02');
    expect(local(monday.slice(0, 2))).toEqual(['2026-11-02 09:00', '2026-11-02 09:15']);
    expect(monday[0]?.startsAt.toISOString()).toBe('2026-11-02T14:00:00.000Z');
  });

  it('given the spring-forward Sunday 2027-03-14, when a clinic works through the night, then no time in the missing hour and no visit across it is offered', () => {
    const night: ScheduleBlock = { providerId: 1, providerRole: null, chair: 'Op 1', weekday: 7, date: null, start: '00:00', end: '05:00' };
    const allWeek = { ...newYork, weeklyHours: Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, { opensAt: '00:00', closesAt: '17:00' }])) };
    const q = query(allWeek, '2027-03-13T12:00:00Z', { schedules: [night], durationMinutes: 30, stepMinutes: 30 });
    // 01:30 would end at 02:00, which does not exist; 02:00 and 02:30 do not exist.
    expect(local(freeTimesOn(q, '2027-03-14'))).toEqual(['2027-03-14 00:00', '2027-03-14 00:30', '2027-03-14 01:00', '2027-03-14 03:00', '2027-03-14 03:30', '2027-03-14 04:00', '2027-03-14 04:30']);
    expect(iso(freeTimesOn(q, '2027-03-14')).slice(2, 4)).toEqual(['2027-03-14T06:00:00.000Z', '2027-03-14T07:00:00.000Z']);
  });

  it('given the week of the spring change, then 08:00 on Friday is 13:00Z and on Monday 12:00Z', () => {
    const q = query(newYork, '2027-03-11T12:00:00Z');
    expect(iso(freeTimesOn(q, '2027-03-12').slice(0, 1))).toEqual(['2027-03-12T13:00:00.000Z']);
    expect(iso(freeTimesOn(q, '2027-03-15').slice(0, 1))).toEqual(['2027-03-15T12:00:00.000Z']);
  });
});

describe('free times in Arizona (no DST)', () => {
  it('given an office in Phoenix, then 08:00 is 15:00Z on both sides of the New York spring change', () => {
    const q = query(phoenix, '2027-03-11T15:00:00Z');
    expect(iso(freeTimesOn(q, '2027-03-12').slice(0, 1))).toEqual(['2027-03-12T15:00:00.000Z']);
    expect(iso(freeTimesOn(q, '2027-03-15').slice(0, 1))).toEqual(['2027-03-15T15:00:00.000Z']);
    expect(offerLabel(new Date('2027-03-15T15:00:00Z'), 'America/Phoenix')).toBe('Mon, Mar 15 · 8:00 AM');
  });
});

describe('free times never on a closure day, outside hours, in the past or within the lead time', () => {
  it('given a named closure on Wednesday, then Wednesday has no time and Tuesday and Thursday do', () => {
    const closed = { ...newYork, closures: [{ date: '2026-09-16', name: 'Staff training' }] };
    const q = query(closed, '2026-09-14T11:00:00Z');
    expect(freeTimesOn(q, '2026-09-16')).toEqual([]);
    expect(freeTimesOn(q, '2026-09-15').length).toBeGreaterThan(0);
    expect(freeTimes({ ...q, max: 14 }).map((t) => t.localDate)).not.toContain('2026-09-16');
  });

  it('given a schedule longer than the office day, then times keep inside the office hours', () => {
    const q = query(newYork, '2026-09-14T11:00:00Z', { schedules: weekdays(1, 'Op 1', '06:00', '20:00') });
    const tuesday = freeTimesOn(q, '2026-09-15');
    expect(tuesday[0]?.localTime).toBe('08:00');
    expect(tuesday.at(-1)?.localTime).toBe('16:00'); // a 60-minute visit ends at 17:00
  });

  it('given now is Monday 10:10, then Monday starts two hours later on the 15-minute grid', () => {
    const q = query(newYork, '2026-09-14T14:10:00Z'); // 10:10 EDT
    expect(freeTimesOn(q, '2026-09-14')[0]?.localTime).toBe('12:15');
  });

  it('given a date row, then it replaces the weekday pattern that day, and a date row without hours means off', () => {
    const schedules = [
      ...weekdays(1, 'Op 1'),
      { providerId: 1, providerRole: 'hygienist' as const, chair: 'Op 1', weekday: null, date: '2026-09-15', start: '13:00', end: '15:00' },
      { providerId: 1, providerRole: 'hygienist' as const, chair: null, weekday: null, date: '2026-09-17', start: null, end: null },
    ];
    const q = query(newYork, '2026-09-14T11:00:00Z', { schedules });
    expect(local(freeTimesOn(q, '2026-09-15'))).toEqual(['2026-09-15 13:00', '2026-09-15 13:15', '2026-09-15 13:30', '2026-09-15 13:45', '2026-09-15 14:00']);
    expect(freeTimesOn(q, '2026-09-17')).toEqual([]);
  });
});

describe('a double-booked chair', () => {
  const twoChairs = [...weekdays(7, 'Op 1'), ...weekdays(7, 'Op 2')];

  it('given chair Op 1 holds another provider\'s visit at 09:00, then 09:00 is offered in Op 2 with the same provider', () => {
    const busy = [{ startsAt: new Date('2026-09-15T13:00:00Z'), durationMinutes: 60, providerId: 8, chair: 'Op 1' }];
    const q = query(newYork, '2026-09-14T11:00:00Z', { schedules: twoChairs, busy });
    const nine = freeTimesOn(q, '2026-09-15').find((t) => t.localTime === '09:00');
    expect(nine).toMatchObject({ providerId: 7, chair: 'Op 2' });
    expect(freeTimesOn(q, '2026-09-15').find((t) => t.localTime === '11:00')).toMatchObject({ providerId: 7, chair: 'Op 1' });
  });

  it('given both chairs are booked at 09:00, then nothing overlapping 09:00–10:00 is offered', () => {
    const busy = ['Op 1', 'Op 2'].map((chair) => ({ startsAt: new Date('2026-09-15T13:00:00Z'), durationMinutes: 60, providerId: null, chair }));
    const times = local(freeTimesOn(query(newYork, '2026-09-14T11:00:00Z', { schedules: twoChairs, busy }), '2026-09-15'));
    expect(times).toContain('2026-09-15 10:00');
    expect(times.filter((t) => t > '2026-09-15 08:00' && t < '2026-09-15 10:00')).toEqual([]);
  });

  it('given the provider is busy elsewhere (no chair known), then neither chair is offered then', () => {
    const busy = [{ startsAt: new Date('2026-09-15T13:00:00Z'), durationMinutes: 30, providerId: 7, chair: null }];
    const times = local(freeTimesOn(query(newYork, '2026-09-14T11:00:00Z', { schedules: twoChairs, busy }), '2026-09-15'));
    // 08:00–09:00 ends as the other visit starts; nothing from 08:15 to 09:15 fits before 09:30.
    expect(times.slice(0, 3)).toEqual(['2026-09-15 08:00', '2026-09-15 09:30', '2026-09-15 09:45']);
  });
});

describe('who may see the patient', () => {
  it('given hygiene (hygienists), then a dentist\'s chair is not offered but a provider of unknown role is', () => {
    const schedules: ScheduleBlock[] = [
      { providerId: 2, providerRole: 'dentist', chair: 'Op 3', weekday: 2, date: null, start: '08:00', end: '12:00' },
      { providerId: 3, providerRole: 'other', chair: 'Op 4', weekday: 2, date: null, start: '13:00', end: '17:00' },
    ];
    const hygiene = appointmentTypeFor('hygiene');
    const q = query(newYork, '2026-09-14T11:00:00Z', { schedules, roles: hygiene.roles, durationMinutes: hygiene.minutes });
    expect(new Set(freeTimesOn(q, '2026-09-15').map((t) => t.chair))).toEqual(new Set(['Op 4']));
  });

  it('reads the durations from data: hygiene 60, perio 60, exam 30, treatment 60 or the plan\'s, post-op 15, others 30', () => {
    expect(['hygiene', 'perio_maintenance', 'periodic_exam', 'unscheduled_treatment', 'post_op', 'missed_visit', 'reactivation', null].map((k) => appointmentTypeFor(k).minutes))
      .toEqual([60, 60, 30, 60, 15, 30, 30, 30]);
    expect(appointmentTypeFor('unscheduled_treatment', { plannedMinutes: 90 }).minutes).toBe(90);
    expect(appointmentTypeFor('hygiene', { plannedMinutes: 90 }).minutes).toBe(60);
  });
});

describe('spreading the offer over days and halves of the day', () => {
  it('given ten open weekdays, then six times on evenly spaced days alternate morning and afternoon', () => {
    const q = query(newYork, '2026-09-14T11:00:00Z'); // Monday 07:00 EDT
    const times = freeTimes(q);
    expect(local(times)).toEqual([
      '2026-09-14 09:00', '2026-09-16 12:00', '2026-09-18 08:00', '2026-09-21 12:00', '2026-09-23 08:00', '2026-09-25 12:00',
    ]);
    expect(times.map((t) => offerLabel(t.startsAt, 'America/New_York'))[1]).toBe('Wed, Sep 16 · 12:00 PM');
  });

  it('given only four open days (Tuesdays and Thursdays), then each day gets one time, then the other half of the earliest days, then times two hours apart', () => {
    const q = query(newYork, '2026-09-14T11:00:00Z', { schedules: weekdays(1, 'Op 1', '08:00', '17:00', [2, 4]) });
    expect(local(freeTimes(q))).toEqual([
      '2026-09-15 08:00', '2026-09-15 12:00', '2026-09-17 08:00', '2026-09-17 12:00', '2026-09-22 08:00', '2026-09-24 12:00',
    ]);
    const more = local(freeTimes({ ...q, max: 10 }));
    expect(more).toHaveLength(10);
    expect(more.slice(0, 3)).toEqual(['2026-09-15 08:00', '2026-09-15 10:00', '2026-09-15 12:00']);
  });

  it('given days with mornings only, then the afternoon turn falls back to the morning', () => {
    const q = query(newYork, '2026-09-14T11:00:00Z', { schedules: weekdays(1, 'Op 1', '08:00', '11:00', [3, 4]), max: 2, horizonDays: 7 });
    expect(local(freeTimes(q))).toEqual(['2026-09-16 08:00', '2026-09-17 08:00']);
  });

  it('given no schedules, then nothing is offered', () => {
    expect(freeTimes(query(newYork, '2026-09-14T11:00:00Z', { schedules: [] }))).toEqual([]);
  });
});

describe('re-checking one time', () => {
  const q = query(newYork, '2026-09-14T11:00:00Z', { schedules: [...weekdays(7, 'Op 1'), ...weekdays(7, 'Op 2')] });
  const nine = new Date('2026-09-15T13:00:00Z');

  it('given a free time, then it is still free, in the chair the patient was offered when that one is free', () => {
    expect(isStillFree(q, nine)).toBe(true);
    expect(freeTimeAt(q, nine, { providerId: 7, chair: 'Op 2' })).toMatchObject({ chair: 'Op 2', localTime: '09:00' });
  });

  it('given its chair was taken since, then another chair of the provider takes it; given the provider was taken, then it is gone', () => {
    const chairTaken = { ...q, busy: [{ startsAt: nine, durationMinutes: 60, providerId: null, chair: 'Op 2' }] };
    expect(freeTimeAt(chairTaken, nine, { providerId: 7, chair: 'Op 2' })).toMatchObject({ chair: 'Op 1' });
    const providerTaken = { ...q, busy: [{ startsAt: new Date('2026-09-15T13:30:00Z'), durationMinutes: 15, providerId: 7, chair: null }] };
    expect(isStillFree(providerTaken, nine)).toBe(false);
  });

  it('given a time off the grid, in the past, on a weekend or past the horizon, then it is not free', () => {
    expect(isStillFree(q, new Date('2026-09-15T13:05:00Z'))).toBe(false);
    expect(isStillFree(q, new Date('2026-09-14T10:00:00Z'))).toBe(false);
    expect(isStillFree(q, new Date('2026-09-19T13:00:00Z'))).toBe(false);
    expect(isStillFree(q, new Date('2026-09-29T13:00:00Z'))).toBe(false);
  });
});

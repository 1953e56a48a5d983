/**
 * zoned-time.ts promises "exactly what luxon gives", only faster: the contact gate and the planner
 * rely on it. Each function is checked against its luxon definition over random instants, with
 * extra weight on the hours around every US DST change of 2025–2028 (gaps and overlaps).
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addToInstantIn, atLocalTimeIn, localDateIn, localFieldsAt, localMinutesIn, startOfLocalDate,
} from '../../../src/domain/cadence/zoned-time.js';

const zones = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage',
  'Pacific/Honolulu', 'America/Indiana/Knox', 'America/Puerto_Rico', 'UTC', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kolkata'];
const hour = 3_600_000;
// Second Sunday of March and first Sunday of November, 06:00–10:00 UTC covers every US zone's change.
const dstDays = [2025, 2026, 2027, 2028].flatMap((y) => {
  const nthSunday = (month: number, n: number) => {
    const first = DateTime.utc(y, month, 1);
    return first.plus({ days: ((7 - first.weekday) % 7) + (n - 1) * 7 });
  };
  return [nthSunday(3, 2), nthSunday(11, 1)].map((d) => d.toMillis());
});
const instant = fc.oneof(
  fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2029, 0, 1) }),
  fc.tuple(fc.constantFrom(...dstDays), fc.integer({ min: 0, max: 16 * hour })).map(([day, offset]) => day + offset),
);
const zone = fc.constantFrom(...zones);

describe('zoned time equals luxon', () => {
  it('localFieldsAt gives luxon\'s date, weekday, year, time and minute of day', () => {
    fc.assert(fc.property(instant, zone, (ms, z) => {
      const dt = DateTime.fromMillis(ms, { zone: z });
      const f = localFieldsAt(ms, z);
      expect({ date: f.date, weekday: f.weekday, year: f.year, time: f.time, minuteOfDay: f.minuteOfDay }).toEqual({
        date: dt.toISODate(), weekday: dt.weekday, year: dt.year, time: dt.toFormat('HH:mm'),
        minuteOfDay: dt.hour * 60 + dt.minute + dt.second / 60 + dt.millisecond / 60000,
      });
      expect(localDateIn(new Date(ms), z)).toBe(dt.toISODate());
      expect(localMinutesIn(new Date(ms), z)).toBe(dt.hour * 60 + dt.minute);
    }), { numRuns: 3000 });
  });

  it('startOfLocalDate, atLocalTimeIn and addToInstantIn give luxon\'s instants, also for wall times a DST change skips or repeats', () => {
    fc.assert(fc.property(instant, zone, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: -40, max: 40 }), fc.integer({ min: -6, max: 6 }), (ms, z, h, m, days, months) => {
      const date = DateTime.fromMillis(ms, { zone: z }).toISODate() as string;
      expect(startOfLocalDate(date, z).getTime()).toBe(DateTime.fromISO(date, { zone: z }).toMillis());
      expect(atLocalTimeIn(date, h, m, z).getTime()).toBe(DateTime.fromISO(date, { zone: z }).set({ hour: h, minute: m, second: 0, millisecond: 0 }).toMillis());
      expect(addToInstantIn(new Date(ms), { months, days }, z).getTime()).toBe(DateTime.fromMillis(ms, { zone: z }).plus({ months, days }).toMillis());
    }), { numRuns: 3000 });
  });

  it('names the spring-forward gap the way luxon does: 02:30 on 2026-03-08 in New York is 03:30 EDT', () => {
    expect(atLocalTimeIn('2026-03-08', 2, 30, 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(localFieldsAt(Date.parse('2026-11-01T05:30:00Z'), 'America/New_York')).toMatchObject({ date: '2026-11-01', time: '01:30', weekday: 7 });
    expect(localFieldsAt(Date.parse('2026-11-01T06:30:00Z'), 'America/New_York')).toMatchObject({ date: '2026-11-01', time: '01:30', weekday: 7 });
  });
});

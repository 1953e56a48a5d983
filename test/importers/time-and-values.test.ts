import { describe, expect, it } from 'vitest';
import { parseLocalDateTime, resolveLocalDateTime } from '../../src/importers/time/local-date-time.js';
import { timeZoneForZip } from '../../src/importers/time/time-zone-for-zip.js';
import { parseCalendarDate } from '../../src/importers/values/calendar-date.js';
import { normalizeLanguage } from '../../src/importers/values/language.js';
import { parseMoneyCents } from '../../src/importers/values/money.js';
import { parseRecallInterval } from '../../src/importers/values/recall-interval.js';
import { parseYesNo } from '../../src/importers/values/yes-no.js';

describe('parseLocalDateTime', () => {
  it.each([
    ['2026-05-04T09:30', { local: '2026-05-04T09:30:00', offset: null }],
    ['2026-05-04 09:30:15', { local: '2026-05-04T09:30:15', offset: null }],
    ['2026-05-04T09:30:00.000Z', { local: '2026-05-04T09:30:00', offset: 'Z' }],
    ['2026-05-04T09:30-0500', { local: '2026-05-04T09:30:00', offset: '-05:00' }],
  ])('keeps the wall time and any offset of %s', (raw, value) => {
    expect(parseLocalDateTime(raw)).toEqual({ ok: true, value });
  });

  it('reads US dates with 12-hour times only when the source writes them', () => {
    expect(parseLocalDateTime('05/04/2026 12:15 AM', { usDates: true })).toEqual({ ok: true, value: { local: '2026-05-04T00:15:00', offset: null } });
    expect(parseLocalDateTime('5/4/2026 1:05 PM', { usDates: true })).toEqual({ ok: true, value: { local: '2026-05-04T13:05:00', offset: null } });
    expect(parseLocalDateTime('05/04/2026 09:30')).toMatchObject({ ok: false, message: expect.stringMatching(/^is not a date-time; use an ISO date-time/) });
  });

  it('requires a time unless date-only is allowed, and rejects impossible times', () => {
    expect(parseLocalDateTime('2026-05-04')).toMatchObject({ ok: false, message: expect.stringMatching(/^has no time of day/) });
    expect(parseLocalDateTime('2026-05-04', { allowDateOnly: true })).toEqual({ ok: true, value: { local: '2026-05-04T00:00:00', offset: null } });
    expect(parseLocalDateTime('2026-05-04T25:00')).toMatchObject({ ok: false, message: expect.stringMatching(/^is not a real date and time/) });
  });
});

describe('resolveLocalDateTime', () => {
  it('reads a wall time in the location zone, across standard and daylight time', () => {
    expect(resolveLocalDateTime({ local: '2026-01-15T09:00:00', offset: null }, 'America/Chicago')).toEqual({ ok: true, instant: '2026-01-15T15:00:00.000Z', ambiguous: false });
    expect(resolveLocalDateTime({ local: '2026-07-15T09:00:00', offset: null }, 'America/Chicago')).toEqual({ ok: true, instant: '2026-07-15T14:00:00.000Z', ambiguous: false });
  });

  it('reports a time in the spring-forward gap instead of shifting the appointment', () => {
    expect(resolveLocalDateTime({ local: '2026-03-08T02:15:00', offset: null }, 'America/New_York')).toMatchObject({ ok: false, reason: 'nonexistent_local_time' });
  });

  it('takes the first of the two fall-back times and says it was ambiguous', () => {
    expect(resolveLocalDateTime({ local: '2026-11-01T01:30:00', offset: null }, 'America/Chicago')).toEqual({ ok: true, instant: '2026-11-01T06:30:00.000Z', ambiguous: true });
  });

  it('lets an explicit offset win over the zone, and rejects a zone that is not IANA', () => {
    expect(resolveLocalDateTime({ local: '2026-03-08T02:15:00', offset: '+01:00' }, 'America/New_York')).toEqual({ ok: true, instant: '2026-03-08T01:15:00.000Z', ambiguous: false });
    expect(resolveLocalDateTime({ local: '2026-05-04T09:00:00', offset: null }, 'Central')).toMatchObject({ ok: false, reason: 'invalid_time_zone' });
  });

  it('finds a US location zone from its ZIP (ZIP+4 too)', () => {
    expect(timeZoneForZip('60610')).toBe('America/Chicago');
    expect(timeZoneForZip('900291087')).toBe('America/Los_Angeles');
    expect(timeZoneForZip('1234')).toBeNull();
  });
});

describe('value parsers', () => {
  it('dates: ISO always, US only when allowed, 0001-01-01 means none', () => {
    expect(parseCalendarDate('1984-03-21')).toEqual({ ok: true, value: '1984-03-21' });
    expect(parseCalendarDate('3/21/1984', { usDates: true })).toEqual({ ok: true, value: '1984-03-21' });
    expect(parseCalendarDate('0001-01-01')).toEqual({ ok: true, value: null });
    expect(parseCalendarDate('21.03.1984')).toEqual({ ok: false, message: 'is not a date; use YYYY-MM-DD, e.g. 1984-03-21' });
  });

  it('recall intervals: text forms and Open Dental packed ints', () => {
    expect(parseRecallInterval('6m1d')).toEqual({ ok: true, value: '6m1d' });
    expect(parseRecallInterval('6 months +1 day')).toEqual({ ok: true, value: '6m1d' });
    expect(parseRecallInterval('393217')).toEqual({ ok: true, value: '6m1d' });
    expect(parseRecallInterval(String((1 << 24) >>> 0))).toEqual({ ok: true, value: '1y' });
    expect(parseRecallInterval('soon')).toEqual({ ok: false, message: 'is not an interval; use e.g. 6m, 6m1d or 1y' });
  });

  it('money into integer cents', () => {
    expect(parseMoneyCents('$1,250.5')).toEqual({ ok: true, value: 125050 });
    expect(parseMoneyCents('110')).toEqual({ ok: true, value: 11000 });
    expect(parseMoneyCents('1.234')).toMatchObject({ ok: false });
  });

  it('yes/no keeps blank distinct from no', () => {
    expect([parseYesNo('Y'), parseYesNo('false'), parseYesNo(' ')]).toEqual([{ ok: true, value: true }, { ok: true, value: false }, { ok: true, value: null }]);
  });

  it('languages become ISO 639-1 where known', () => {
    expect(['eng', 'Spanish', 'es-MX', 'klingon', ''].map(normalizeLanguage)).toEqual(['en', 'es', 'es', 'klingon', null]);
  });
});

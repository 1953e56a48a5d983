/** The report's pure definitions: the period in local dates, rates with null for nothing counted, the median, the cost per booked visit. */
import { describe, expect, it } from 'vitest';
import { defaultReportingPolicy } from '../../../src/domain/policy/index.js';
import { costPerBookedVisitCents, defaultPeriod, median, parseReportPeriod, periodInstants, rate } from '../../../src/domain/reporting/index.js';

describe('the report period', () => {
  it('defaults to the last 30 local days with today included', () => {
    expect(defaultPeriod('2026-11-24')).toEqual({ from: '2026-10-26', to: '2026-11-25' });
    expect(parseReportPeriod({}, '2026-11-24')).toEqual({ from: '2026-10-26', to: '2026-11-25' });
    expect(parseReportPeriod({ to: '2026-11-01' }, '2026-11-24')).toEqual({ from: '2026-10-02', to: '2026-11-01' });
  });

  it('starts and ends at local midnight in each office, across the end of daylight saving time', () => {
    expect(periodInstants({ from: '2026-10-01', to: '2026-11-02' }, 'America/New_York')).toEqual({ startsAt: new Date('2026-10-01T04:00:00Z'), endsAt: new Date('2026-11-02T05:00:00Z') });
    expect(periodInstants({ from: '2026-10-01', to: '2026-11-02' }, 'America/Phoenix')).toEqual({ startsAt: new Date('2026-10-01T07:00:00Z'), endsAt: new Date('2026-11-02T07:00:00Z') });
  });

  it.each([
    [{ from: '2026-11-05', to: '2026-11-05' }, 'The period is empty: from 2026-11-05 is not before to 2026-11-05; the period is [from, to), so to must be a later date (e.g. from 2026-11-05 to 2026-11-06 is one day).'],
    [{ from: '2026-1-5' }, 'from is "2026-1-5", which is not a date; use YYYY-MM-DD, e.g. 2026-11-24'],
    [{ from: '2025-01-01', to: '2026-11-01' }, 'The period from 2025-01-01 to 2026-11-01 is 669 days; a report covers at most 400 days.'],
  ])('refuses %j, saying what is allowed', (given, message) => {
    expect(() => parseReportPeriod(given, '2026-11-24')).toThrow(expect.objectContaining({ code: 'invalid_input', message }));
  });
});

describe('rates and costs', () => {
  it('states a rate as a fraction, or null when nothing was counted', () => {
    expect(rate(1, 4)).toBe(0.25);
    expect(rate(0, 0)).toBeNull();
  });

  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([71, 28, 35])).toBe(35);
    expect(median([1, 4, 2, 10])).toBe(3);
    expect(median([])).toBeNull();
  });

  it('costs staff time plus messages per scheduled patient, and says null without an hourly cost', () => {
    const volume = { staffCalls: 9, touchesByChannel: { sms: 4, email: 1, letter: 1, voice: 9 } };
    expect(costPerBookedVisitCents(volume, 3, { ...defaultReportingPolicy, hourlyStaffCostCents: 3_000 })).toBe(Math.round((9 * 4 * 50 + 4 * 1 + 70) / 3));
    expect(costPerBookedVisitCents(volume, 3, defaultReportingPolicy)).toBeNull();
    expect(costPerBookedVisitCents(volume, 0, { ...defaultReportingPolicy, hourlyStaffCostCents: 3_000 })).toBeNull();
  });
});

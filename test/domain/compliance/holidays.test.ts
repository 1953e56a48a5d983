import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { bundledRules, decide, easterSunday, findHoliday, holidayDate, strictPolicy } from '../../../src/domain/compliance/index.js';
import { input, patient, phone, reviewedPolicy } from './gate-fixtures.js';

const rules = bundledRules!;
const cal = (id: string) => rules.holidayCalendars[id]!;

describe('holiday rule grammar', () => {
  it.each([
    ['easter:+0', 2025, '2025-04-20'], ['easter:+0', 2026, '2026-04-05'], ['easter:+0', 2027, '2027-03-28'],
    ['easter:-2', 2026, '2026-04-03'], ['easter:-47', 2026, '2026-02-17'], ['nth:01:3:mon', 2026, '2026-01-19'],
    ['nth:04:4:mon', 2026, '2026-04-27'], ['last:05:mon', 2026, '2026-05-25'], ['nth:11:4:thu', 2026, '2026-11-26'],
    ['special:us-election-day', 2026, '2026-11-03'], ['special:us-election-day', 2027, '2027-11-02'], ['fixed:07-04', 2026, '2026-07-04'],
  ])('%s in %i is %s', (rule, year, expected) => {
    expect(holidayDate(rule, year)?.toISODate()).toBe(expected);
  });

  it('easterSunday matches known dates', () => {
    expect(['2024', '2028', '2030'].map((y) => easterSunday(Number(y)).toISODate())).toEqual(['2024-03-31', '2028-04-16', '2030-04-21']);
  });
});

describe('observed dates', () => {
  it.each([
    // [calendar, local date, holiday name fragment, observed?]
    ['US-FEDERAL', '2026-07-03', 'Independence Day', true], // Sat Jul 4 → Fri
    ['US-FEDERAL', '2027-12-24', 'Christmas', true], // Sat Dec 25 2027 → Fri
    ['US-FEDERAL', '2027-12-31', "New Year's Day", true], // Sat Jan 1 2028 → Fri Dec 31 2027 (year boundary)
    ['US-FEDERAL', '2026-06-19', 'Juneteenth', false],
    ['RI', '2026-07-06', 'Independence Day', true], // RI: sat/sun → Monday
    ['RI', '2026-08-10', 'Victory Day', false],
    ['RI', '2026-05-04', 'Rhode Island Independence Day', false],
    ['UT', '2026-06-15', 'Juneteenth', true], // Fri Jun 19 → preceding Monday
    ['UT', '2026-07-24', 'Pioneer Day', false],
    ['UT', '2027-07-23', 'Pioneer Day', true], // Sat → Fri
    ['AL', '2026-06-01', 'Jefferson Davis', false],
    ['AL', '2026-04-27', 'Confederate Memorial Day', false],
    ['LA', '2026-01-08', 'Battle of New Orleans', false],
    ['PA', '2026-06-15', 'Flag Day', true], // Sun Jun 14 → Mon by the default shift (PA states none)
    ['PA', '2026-11-03', 'Election Day', false],
    ['PA', '2026-04-03', 'Good Friday', false],
  ])('%s %s is %s (observed: %s)', (id, date, name, observed) => {
    const hit = findHoliday(cal(id), date, { defaultObservedShift: strictPolicy.defaultObservedShift });
    expect(hit?.name).toContain(name);
    expect(hit?.observed).toBe(observed);
  });

  it.each([['US-FEDERAL', '2026-07-06'], ['UT', '2026-06-16'], ['PA', '2026-06-16'], ['AL', '2026-03-11']])('%s %s is an ordinary day', (id, date) => {
    expect(findHoliday(cal(id), date, { defaultObservedShift: strictPolicy.defaultObservedShift })).toBeNull();
  });

  it('without the default shift, PA blocks only the statutory date', () => {
    expect(findHoliday(cal('PA'), '2026-06-15', { defaultObservedShift: null })).toBeNull();
  });

  it('Alabama Mardi Gras is county-scoped: blocked statewide when the county is unknown', () => {
    expect(findHoliday(cal('AL'), '2026-02-17', {})?.name).toBe('Mardi Gras');
    expect(findHoliday(cal('AL'), '2026-02-17', { county: 'Mobile' })?.name).toBe('Mardi Gras');
    expect(findHoliday(cal('AL'), '2026-02-17', { county: 'Jefferson' })).toBeNull();
  });

  it('operator-loaded proclamation days block', () => {
    expect(findHoliday(cal('LA'), '2026-12-24', { proclamationDays: ['2026-12-24'] })?.name).toMatch(/proclaimed/);
  });
});

describe('holiday bans in decide()', () => {
  const local = (date: string, zone: string) => DateTime.fromISO(`${date}T13:00`, { zone }).toJSDate();
  it.each([
    ['AL', '35203', '205', 'America/Chicago', '2026-07-03'],
    ['LA', '70112', '504', 'America/Chicago', '2026-02-17'],
    ['PA', '19103', '215', 'America/New_York', '2026-11-03'],
    ['RI', '02903', '401', 'America/New_York', '2026-11-26'], // federal Thanksgiving via RI's US-FEDERAL calendar
    ['UT', '84101', '801', 'America/Denver', '2026-07-24'],
  ])('%s: no automated touch on the holiday, next allowed a later day', (state, zip, npa, zone, date) => {
    const d = decide(input({ channel: 'sms' }, patient({ state, zip }), phone(`+1${npa}5550123`)), reviewedPolicy, rules, local(date, zone));
    expect(d.reasons).toContainEqual(expect.objectContaining({ code: 'holiday', ruleId: state }));
    expect(DateTime.fromJSDate(d.nextAllowedAt!, { zone }).toISODate()! > date).toBe(true);
  });

  it('a staff call in Alabama is not under the PSC rule (automated calls only), so the holiday does not block it', () => {
    const d = decide(input({ channel: 'voice', automated: false }, patient({ state: 'AL', zip: '35203' }), phone('+12055550123')), reviewedPolicy, rules, local('2026-07-03', 'America/Chicago'));
    expect(d.allowed).toBe(true);
  });

  it('INV-15: an unreviewed calendar fails closed by default, and names the switch', () => {
    const d = decide(input({ channel: 'sms' }, patient({ state: 'UT', zip: '84101' }), phone('+18015550123')), strictPolicy, rules, local('2026-03-11', 'America/Denver'));
    expect(d.allowed).toBe(false);
    expect(d.reasons).toEqual([expect.objectContaining({ code: 'holiday_calendar_unreviewed', ruleId: 'UT' })]);
    expect(d.reasons[0]!.message).toContain('not reviewed for 2026');
    expect(d.nextAllowedAt).toBeNull();
  });

  it('a review for 2026 only: late December is allowed until the 2027 calendar is due, then the gate blocks', () => {
    const policy = { ...strictPolicy, holidayCalendarReviews: { UT: [2026] } };
    const p = patient({ state: 'UT', zip: '84101' });
    const cp = phone('+18015550123');
    expect(decide(input({ channel: 'sms' }, p, cp), policy, rules, local('2026-12-30', 'America/Denver')).allowed).toBe(true);
    const jan = decide(input({ channel: 'sms' }, p, cp), policy, rules, local('2027-01-04', 'America/Denver'));
    expect(jan.reasons).toContainEqual(expect.objectContaining({ code: 'holiday_calendar_unreviewed' }));
  });

  it("the 'apply_listed_dates' switch enforces listed holidays without a review", () => {
    const policy = { ...strictPolicy, unreviewedHolidayCalendars: 'apply_listed_dates' as const };
    const p = patient({ state: 'UT', zip: '84101' });
    const cp = phone('+18015550123');
    expect(decide(input({ channel: 'sms' }, p, cp), policy, rules, local('2026-03-11', 'America/Denver')).allowed).toBe(true);
    expect(decide(input({ channel: 'sms' }, p, cp), policy, rules, local('2026-07-24', 'America/Denver')).reasons).toContainEqual(expect.objectContaining({ code: 'holiday' }));
  });

  it('the holiday is judged on the local date of every candidate zone', () => {
    // 23:30 Eastern on Jul 23 is 21:30 Mountain: UT patient with an Eastern override is blocked by Utah's window anyway,
    // but 00:30 Eastern Jul 24 with an 801 number is 22:30 Mountain Jul 23 — the Eastern date is Pioneer Day.
    const p = patient({ state: 'UT', timeZoneOverride: 'America/New_York' });
    const d = decide(input({ channel: 'voice', automated: true }, p, phone('+18015550123')), reviewedPolicy, rules, new Date('2026-07-24T04:30:00Z'));
    expect(d.reasons).toContainEqual(expect.objectContaining({ code: 'holiday', timeZone: 'America/New_York' }));
  });
});

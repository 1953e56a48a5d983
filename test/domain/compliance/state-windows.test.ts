/**
 * Table-driven over every state entry and adopted unverified lead in the rules JSON: each entry's own
 * window start and end, and its banned days, decide in the recipient's zone.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import rulesJson from '../../../src/domain/compliance/data/us-calling-rules.json' with { type: 'json' };
import { bundledRules, decide, type WindowRule } from '../../../src/domain/compliance/index.js';
import { input, patient, phone, reviewedPolicy } from './gate-fixtures.js';

const rules = bundledRules!;

/** A single-zone city per state: ZIP, area code and zone. */
const places: Record<string, { zip: string; npa: string; zone: string }> = {
  AL: { zip: '35203', npa: '205', zone: 'America/Chicago' },
  CT: { zip: '06103', npa: '860', zone: 'America/New_York' },
  FL: { zip: '33101', npa: '305', zone: 'America/New_York' },
  LA: { zip: '70112', npa: '504', zone: 'America/Chicago' },
  MD: { zip: '21201', npa: '410', zone: 'America/New_York' },
  MA: { zip: '02108', npa: '617', zone: 'America/New_York' },
  MS: { zip: '39201', npa: '601', zone: 'America/Chicago' },
  NV: { zip: '89101', npa: '702', zone: 'America/Los_Angeles' },
  OK: { zip: '73102', npa: '405', zone: 'America/Chicago' },
  PA: { zip: '19103', npa: '215', zone: 'America/New_York' },
  RI: { zip: '02903', npa: '401', zone: 'America/New_York' },
  TX: { zip: '75201', npa: '214', zone: 'America/Chicago' },
  UT: { zip: '84101', npa: '801', zone: 'America/Denver' },
  WA: { zip: '98101', npa: '206', zone: 'America/Los_Angeles' },
  KY: { zip: '40202', npa: '502', zone: 'America/Kentucky/Louisville' },
  IL: { zip: '60601', npa: '312', zone: 'America/Chicago' },
  MI: { zip: '48226', npa: '313', zone: 'America/Detroit' },
  MN: { zip: '55401', npa: '612', zone: 'America/Chicago' },
  NM: { zip: '87102', npa: '505', zone: 'America/Denver' },
  WV: { zip: '25301', npa: '304', zone: 'America/New_York' },
};

// A week with no holiday in any calendar: Wed 2026-03-11, Sat 03-14, Sun 03-15 (after DST began).
const days = { mon: '2026-03-09', tue: '2026-03-10', wed: '2026-03-11', thu: '2026-03-12', fri: '2026-03-13', sat: '2026-03-14', sun: '2026-03-15' } as const;

function at(date: string, minutes: number, zone: string): Date {
  return DateTime.fromISO(date, { zone }).set({ hour: Math.floor(minutes / 60), minute: minutes % 60 }).toJSDate();
}

function hhmm(m: number): string {
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** voice_live entries are tested with a staff call, the rest with an automated (prerecorded) call. */
function touchFor(rule: WindowRule): { channel: 'voice'; automated: boolean } {
  return { channel: 'voice', automated: rule.channelScope.includes('voice_prerecorded') };
}

const entries: WindowRule[] = [...rules.states, ...rules.unverifiedLeads];

describe('the rules JSON is read as written', () => {
  it('has a place for every state entry and every adopted lead', () => {
    const jsonStates = [...rulesJson.states.map((s) => s.state), ...rulesJson.unverifiedLeads.filter((l) => 'suggestedPolicyIfAdoptedAnyway' in l).map((l) => l.state)];
    for (const s of jsonStates) expect(places[s], s).toBeDefined();
    expect(entries.length).toBe(jsonStates.length);
  });
});

describe.each(entries.map((r) => [r.id, r] as const))('state entry %s', (_id, rule) => {
  const place = places[rule.state!]!;
  const p = patient({ state: rule.state, zip: place.zip });
  const cp = phone(`+1${place.npa}5550123`);
  const decideAt = (when: Date) => decide(input({ ...touchFor(rule), purpose: 'recall_due' }, p, cp), reviewedPolicy, rules, when);

  for (const [day, date] of Object.entries(days) as [keyof typeof days, string][]) {
    const window = rule.hours[day];
    if (window === null) {
      it(`${day}: bars every hour (${rule.id})`, () => {
        const d = decideAt(at(date, 13 * 60, place.zone));
        expect(d.allowed).toBe(false);
        expect(d.reasons).toContainEqual(expect.objectContaining({ code: day === 'sun' ? 'state_sunday_ban' : 'day_not_allowed', ruleId: rule.id }));
        expect(d.nextAllowedAt).not.toBeNull();
      });
      continue;
    }
    it(`${day}: ${hhmm(window.start)}–${hhmm(window.end)} in ${place.zone}`, () => {
      const before = decideAt(at(date, window.start - 1, place.zone));
      expect(before.allowed).toBe(false);
      expect(before.reasons).toContainEqual(expect.objectContaining({ code: 'outside_calling_window', ruleId: rule.id, timeZone: place.zone }));
      const atEnd = decideAt(at(date, window.end, place.zone));
      expect(atEnd.allowed).toBe(false);
      expect(atEnd.reasons).toContainEqual(expect.objectContaining({ code: 'outside_calling_window', ruleId: rule.id }));
      expect(atEnd.reasons.find((r) => r.ruleId === rule.id)?.message).toContain(`${hhmm(window.end)} limit`);
      // Inside this entry's window, the entry itself never objects (other entries may be stricter).
      for (const m of [window.start, window.end - 1]) {
        const inside = decideAt(at(date, m, place.zone));
        expect(inside.reasons.filter((r) => r.ruleId === rule.id)).toEqual([]);
      }
    });
  }

  if (rule.maxAttemptsPer24h !== null) {
    it(`caps calls and texts at ${rule.maxAttemptsPer24h} per rolling 24 h, staff calls included`, () => {
      const when = at(days.wed, 14 * 60, place.zone);
      const history = Array.from({ length: rule.maxAttemptsPer24h! }, (_, i) => ({
        occurredAt: new Date(when.getTime() - (23 - i) * 3_600_000), channel: 'voice' as const, actorKind: 'staff' as const,
        programKeys: [], purpose: 'recall_due', contactPointId: cp.id,
      }));
      const d = decide(input({ channel: 'voice', automated: false }, p, cp, { history }), reviewedPolicy, rules, when);
      expect(d.reasons).toContainEqual(expect.objectContaining({ code: 'state_24h_cap', ruleId: rule.id }));
      // The oldest counted call leaves the 24 h window 24 h after it was made.
      expect(d.nextAllowedAt?.getTime()).toBe(history[0]!.occurredAt.getTime() + 24 * 3_600_000);
      const fewer = decide(input({ channel: 'voice', automated: false }, p, cp, { history: history.slice(1) }), reviewedPolicy, rules, when);
      expect(fewer.reasons.map((r) => r.code)).not.toContain('state_24h_cap');
    });
  }
});

describe('statutes that name their own zone', () => {
  it('Texas is also evaluated in America/Chicago: 08:30 in El Paso (Mountain) is 09:30 Central, but 08:30 local is before 09:00', () => {
    const p = patient({ state: 'TX', zip: '79901' });
    const d = decide(input({ channel: 'sms' }, p, phone('+19155550123')), reviewedPolicy, rules, at(days.wed, 8 * 60 + 30, 'America/Denver'));
    expect(d.allowed).toBe(false);
    expect(d.reasons).toContainEqual(expect.objectContaining({ code: 'outside_calling_window', ruleId: 'TX', timeZone: 'America/Denver' }));
  });

  it('Texas Sunday: 11:59 blocked, 12:00 allowed in Dallas', () => {
    const p = patient({ state: 'TX', zip: '75201' });
    const cp = phone('+12145550123');
    const early = decide(input({ channel: 'voice' }, p, cp), reviewedPolicy, rules, at(days.sun, 11 * 60 + 59, 'America/Chicago'));
    expect(early.reasons).toContainEqual(expect.objectContaining({ code: 'outside_calling_window', ruleId: 'TX' }));
    expect(early.nextAllowedAt).toEqual(at(days.sun, 12 * 60, 'America/Chicago'));
    expect(decide(input({ channel: 'voice' }, p, cp), reviewedPolicy, rules, at(days.sun, 12 * 60, 'America/Chicago')).allowed).toBe(true);
  });

  it('Mississippi is also evaluated in America/Chicago: 08:30 for an Eastern patient is 07:30 Central', () => {
    const p = patient({ state: 'MS' });
    const d = decide(input({ channel: 'voice' }, p, phone('+12125550123')), reviewedPolicy, rules, at(days.wed, 8 * 60 + 30, 'America/New_York'));
    expect(d.timeZones).toEqual(['America/New_York']);
    expect(d.reasons).toEqual([expect.objectContaining({ ruleId: 'MS', timeZone: 'America/Chicago', code: 'outside_calling_window' })]);
    expect(d.nextAllowedAt).toEqual(at(days.wed, 9 * 60, 'America/New_York'));
  });
});

describe('Sundays', () => {
  it.each(['AL', 'LA', 'MS', 'UT', 'RI'])('%s bans automated touches all Sunday, and nextAllowedAt is Monday morning', (state) => {
    const place = places[state]!;
    const d = decide(input({ channel: 'sms' }, patient({ state, zip: place.zip }), phone(`+1${place.npa}5550123`)), reviewedPolicy, rules, at(days.sun, 14 * 60, place.zone));
    expect(d.reasons).toContainEqual(expect.objectContaining({ code: 'state_sunday_ban', ruleId: state }));
    const next = DateTime.fromJSDate(d.nextAllowedAt!, { zone: place.zone });
    expect(next.weekday).toBe(1);
    expect(next.toFormat('HH:mm')).toBe(rules.states.find((s) => s.id === state)!.hours.mon!.start === 540 ? '09:00' : '08:00');
  });

  it('counsel-approved policy lifts Sunday bans for appointment reminders only, never the time of day', () => {
    const policy = { ...reviewedPolicy, sundayHolidayBansForAppointmentReminders: { apply: false as const, approvedBy: 'J. Counsel' } };
    const place = places.AL!;
    const p = patient({ state: 'AL', zip: place.zip });
    const cp = phone(`+1${place.npa}5550123`);
    expect(decide(input({ channel: 'sms', purpose: 'appointment_reminder' }, p, cp), policy, rules, at(days.sun, 14 * 60, place.zone)).allowed).toBe(true);
    expect(decide(input({ channel: 'sms', purpose: 'recall_due' }, p, cp), policy, rules, at(days.sun, 14 * 60, place.zone)).allowed).toBe(false);
    const late = decide(input({ channel: 'sms', purpose: 'appointment_reminder' }, p, cp), policy, rules, at(days.sun, 21 * 60, place.zone));
    expect(late.reasons).toContainEqual(expect.objectContaining({ code: 'outside_calling_window', ruleId: 'US-FED' }));
  });
});

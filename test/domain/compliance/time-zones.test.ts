import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { applicableStates, bundledRules, candidateTimeZones, decide, strictPolicy } from '../../../src/domain/compliance/index.js';
import { email, input, patient, phone, reviewedPolicy } from './gate-fixtures.js';

const rules = bundledRules!;

describe('candidate time zones', () => {
  it('Phoenix: ZIP, area code and practice all say America/Phoenix (no DST)', () => {
    const p = patient({ state: 'AZ', zip: '85004', homeLocation: { timeZone: 'America/Phoenix', state: 'AZ' } });
    expect(candidateTimeZones(p, phone('+16025550123')).zones).toEqual(['America/Phoenix']);
  });

  it('Honolulu: Pacific/Honolulu only', () => {
    expect(candidateTimeZones(patient({ state: 'HI', zip: '96813' }), phone('+18085550123')).zones).toEqual(['Pacific/Honolulu']);
  });

  it.each([
    ['850', ['America/New_York', 'America/Chicago']],
    ['270', ['America/Chicago', 'America/New_York']],
    ['812', ['America/Chicago']],
    ['906', ['America/Detroit', 'America/Menominee']],
    ['931', ['America/Chicago', 'America/New_York']],
  ])('split area code %s yields every zone it spans', (npa, expected) => {
    const zones = candidateTimeZones(patient(), phone(`+1${npa}5550123`)).zones;
    expect(zones).toEqual(expect.arrayContaining(expected));
    const offsets = new Set(zones.map((z) => DateTime.fromISO('2026-01-15T12:00Z').setZone(z).offset));
    expect(offsets.size).toBeGreaterThanOrEqual(2);
  });

  it('ranks the sources: override, ZIP table, ZIP centroid, practice, area code; the union is kept', () => {
    const p = patient({ zip: '97914', timeZoneOverride: 'America/Denver', homeLocation: { timeZone: 'America/Los_Angeles', state: 'OR' } });
    const c = candidateTimeZones(p, phone('+15415550123'));
    expect(c.candidates.map((x) => x.source).slice(0, 5)).toEqual(['patient_override', 'zip_table', 'zip_centroid', 'practice_location', 'area_code']);
    // 97914 Ontario OR: the ZIP table says Pacific, the centroid says Mountain (README 7.4): both count.
    expect(c.zones).toEqual(['America/Denver', 'America/Los_Angeles', 'America/Boise']);
  });

  it('ignores a zone name that is not IANA, and a ZIP+4 is read as its ZIP', () => {
    const c = candidateTimeZones(patient({ zip: '33101-1234', timeZoneOverride: 'EST5EDT-ish' }), null);
    expect(c.rejected).toEqual([{ source: 'patient_override', value: 'EST5EDT-ish' }]);
    expect(c.zones).toEqual(['America/New_York']);
  });

  it('fails closed when no zone can be determined', () => {
    const d = decide(input({ channel: 'sms' }, patient(), phone('+18005550123')), strictPolicy, rules, new Date('2026-03-11T17:00:00Z'));
    expect(d.allowed).toBe(false);
    expect(d.timeZones).toEqual([]);
    expect(d.reasons).toContainEqual(expect.objectContaining({ code: 'no_time_zone' }));
    expect(d.nextAllowedAt).toBeNull();
    const mail = decide(input({ channel: 'email' }, patient(), email()), strictPolicy, rules, new Date('2026-03-11T17:00:00Z'));
    expect(mail.reasons.map((r) => r.code)).toEqual(['no_time_zone']);
  });
});

describe('applicable states', () => {
  it('a Florida area code at a Georgia address brings Florida law: 20:30 Eastern is blocked by Florida only', () => {
    const p = patient({ state: 'GA', zip: '30303' });
    const cp = phone('+13055550123');
    expect(applicableStates(p, cp, strictPolicy)).toEqual({ states: ['GA', 'FL'], sources: { GA: ['address'], FL: ['area_code'] } });
    const d = decide(input({ channel: 'voice' }, p, cp), reviewedPolicy, rules, new Date('2026-03-12T00:30:00Z'));
    expect(d.reasons).toEqual([expect.objectContaining({ code: 'outside_calling_window', ruleId: 'FL' })]);
    expect(d.reasons[0]!.message).toContain("20:30 in America/New_York is after Florida's 20:00 limit");
  });

  it('the practice state applies when policy says so', () => {
    const p = patient({ state: 'GA', zip: '30303', homeLocation: { timeZone: 'America/New_York', state: 'fl' } });
    expect(applicableStates(p, phone('+14045550123'), strictPolicy).states).toEqual(['GA', 'FL']);
    expect(applicableStates(p, phone('+14045550123'), { applyPracticeStateRules: false }).states).toEqual(['GA']);
  });

  // README 7.2 says ET∩PT is 11:00–17:00 PT; from the windows it is 08:00–18:00 PT (21:00 ET = 18:00 PT).
  it('a patient who moved away keeps both zones: Eastern phone, Pacific address → the federal overlap 08:00–18:00 Pacific', () => {
    const p = patient({ state: 'CA', zip: '90012' });
    const cp = phone('+12125550123');
    const at = (h: number, m = 0) => DateTime.fromISO('2026-03-11', { zone: 'America/Los_Angeles' }).set({ hour: h, minute: m }).toJSDate();
    expect(decide(input({ channel: 'voice' }, p, cp), reviewedPolicy, rules, at(7, 59)).allowed).toBe(false);
    expect(decide(input({ channel: 'voice' }, p, cp), reviewedPolicy, rules, at(8)).allowed).toBe(true);
    expect(decide(input({ channel: 'voice' }, p, cp), reviewedPolicy, rules, at(17, 59)).allowed).toBe(true);
    const late = decide(input({ channel: 'voice' }, p, cp), reviewedPolicy, rules, at(18));
    expect(late.reasons).toEqual([expect.objectContaining({ ruleId: 'US-FED', timeZone: 'America/New_York' })]);
    expect(late.nextAllowedAt).toEqual(DateTime.fromISO('2026-03-12T08:00', { zone: 'America/Los_Angeles' }).toJSDate());
  });
});

/** A reference that works from UTC instants and IANA offsets via Intl, not luxon (INV-18). */
function referenceLocalMinutes(at: Date, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return get('hour') * 60 + get('minute');
}

describe('DST transition days in every US zone (INV-18)', () => {
  const zones = [
    ['America/New_York', '212'], ['America/Chicago', '312'], ['America/Denver', '303'], ['America/Los_Angeles', '213'],
    ['America/Anchorage', '907'], ['America/Phoenix', '602'], ['Pacific/Honolulu', '808'],
  ] as const;
  const policy = { ...reviewedPolicy, adoptUnverifiedLeads: false };
  for (const [zone, npa] of zones) {
    for (const day of ['2026-03-08', '2026-11-01']) {
      it(`${zone} on ${day}: every 10 minutes agrees with the Intl reference, and 08:00/21:00 local are the boundaries`, () => {
        const start = DateTime.fromISO(day, { zone }).startOf('day').toMillis();
        const end = DateTime.fromISO(day, { zone }).endOf('day').toMillis();
        const p = patient({ timeZoneOverride: zone });
        const cp = phone(`+1${npa}5550123`);
        let allowedCount = 0;
        for (let t = start; t <= end; t += 10 * 60_000) {
          const d = decide(input({ channel: 'voice', automated: false }, p, cp), policy, rules, t);
          const expected = d.timeZones.every((z) => {
            const m = referenceLocalMinutes(new Date(t), z);
            return m >= 480 && m < 1260;
          });
          expect(d.allowed, `${new Date(t).toISOString()} in ${d.timeZones.join(',')}`).toBe(expected);
          if (d.allowed) allowedCount += 1;
        }
        expect(allowedCount).toBeGreaterThan(0);
        const eight = DateTime.fromISO(`${day}T08:00`, { zone }).toMillis();
        const single = patient({ timeZoneOverride: zone });
        if (zone !== 'America/Anchorage') {
          expect(decide(input({ channel: 'voice', automated: false }, single, cp), policy, rules, eight).allowed).toBe(true);
          expect(decide(input({ channel: 'voice', automated: false }, single, cp), policy, rules, eight - 60_000).nextAllowedAt?.getTime()).toBe(eight);
          const nine = DateTime.fromISO(`${day}T21:00`, { zone }).toMillis();
          expect(decide(input({ channel: 'voice', automated: false }, single, cp), policy, rules, nine).allowed).toBe(false);
        }
      });
    }
  }

  it('08:00 in New York is 12:00Z after spring-forward and 13:00Z after fall-back; Phoenix stays 15:00Z', () => {
    const ny = patient({ timeZoneOverride: 'America/New_York' });
    const nyPhone = phone('+12125550123');
    const check = (iso: string) => decide(input({ channel: 'voice', automated: false }, ny, nyPhone), reviewedPolicy, rules, new Date(iso)).allowed;
    expect([check('2026-03-08T11:59:00Z'), check('2026-03-08T12:00:00Z')]).toEqual([false, true]);
    expect([check('2026-11-01T12:59:00Z'), check('2026-11-01T13:00:00Z')]).toEqual([false, true]);
    const phx = patient({ timeZoneOverride: 'America/Phoenix' });
    const phxPhone = phone('+16025550123');
    for (const day of ['2026-03-08', '2026-11-01']) {
      expect(decide(input({ channel: 'voice', automated: false }, phx, phxPhone), reviewedPolicy, rules, new Date(`${day}T14:59:00Z`)).allowed).toBe(false);
      expect(decide(input({ channel: 'voice', automated: false }, phx, phxPhone), reviewedPolicy, rules, new Date(`${day}T15:00:00Z`)).allowed).toBe(true);
    }
  });
});

/**
 * Property tests over random patients, times and histories: no allowed decision ever violates
 * INV-01..INV-12 (checked here from the raw rules JSON and Intl, not from the engine's helpers where
 * that is practical), and nextAllowedAt, when given, is itself allowed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import rulesJson from '../../../src/domain/compliance/data/us-calling-rules.json' with { type: 'json' };
import {
  bundledRules, decide, findHoliday, lookupAreaCode, areaCodeOf, parseInboundKeyword, purposes, strictPolicy,
  type AttemptRecord, type Channel, type CommunicationPreference, type ConsentRecord, type ContactDecision, type GateInput, type OptOutRecord,
} from '../../../src/domain/compliance/index.js';
import { reviewedPolicy } from './gate-fixtures.js';

const rules = bundledRules!;
const day = 24 * 3_600_000;
const telephone: Channel[] = ['voice', 'voicemail', 'sms'];

const places = [
  { state: 'FL', zip: '33101' }, { state: 'FL', zip: '32501' }, { state: 'AL', zip: '35203' }, { state: 'TX', zip: '79901' },
  { state: 'RI', zip: '02903' }, { state: 'UT', zip: '84101' }, { state: 'PA', zip: '19103' }, { state: 'LA', zip: '70112' },
  { state: 'MS', zip: '39201' }, { state: 'CT', zip: '06103' }, { state: 'NY', zip: '10001' }, { state: 'AZ', zip: '85004' },
  { state: 'HI', zip: '96813' }, { state: 'KY', zip: '42101' }, { state: 'OR', zip: '97914' }, { state: null, zip: null },
];
const npas = ['305', '850', '205', '214', '915', '401', '801', '215', '504', '601', '203', '212', '213', '602', '808', '270', '812', '906', '931', '907', '410', '405'];
const zones = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'Pacific/Honolulu', 'America/Anchorage'];

const start = Date.parse('2026-01-01T00:00:00Z');
const end = Date.parse('2026-12-17T00:00:00Z');

const channelArb = fc.constantFrom<Channel>('voice', 'voicemail', 'sms', 'email', 'letter');
const arbInput = fc.record({
  now: fc.integer({ min: start, max: end }),
  place: fc.constantFrom(...places),
  npa: fc.constantFrom(...npas),
  override: fc.option(fc.constantFrom(...zones), { nil: null }),
  practice: fc.option(fc.record({ timeZone: fc.constantFrom(...zones), state: fc.constantFrom('FL', 'NY', 'TX', 'UT', 'CA') }), { nil: null }),
  channel: channelArb,
  purpose: fc.constantFrom(...purposes),
  automated: fc.boolean(),
  programKey: fc.option(fc.constantFrom('hygiene', 'perio', 'post-op'), { nil: null }),
  lineType: fc.constantFrom('wireless', 'landline', 'voip', 'unknown' as const),
  status: fc.constantFrom('active', 'active', 'active', 'inactive', 'deceased' as const),
  doNotContact: fc.constantFrom(false, false, false, false, true),
  consents: fc.array(fc.record({
    channel: channelArb, purposeClass: fc.constantFrom('care', 'marketing' as const), kind: fc.constantFrom('pec', 'pewc' as const),
    granted: fc.constantFrom(true, true, true, false), onOtherPoint: fc.constantFrom(false, false, false, false, true), daysAgo: fc.integer({ min: -5, max: 400 }),
  }), { maxLength: 6 }),
  optOuts: fc.array(fc.record({
    cp: fc.constantFrom<number | null>(10, 11, null), channel: fc.option(channelArb, { nil: null }),
    purposeClass: fc.option(fc.constantFrom('care', 'marketing' as const), { nil: null }), daysAgo: fc.integer({ min: 0, max: 60 }),
    revokedDaysAgo: fc.option(fc.integer({ min: -3, max: 60 }), { nil: null }),
  }), { maxLength: 2 }),
  preferences: fc.array(fc.constantFrom<CommunicationPreference>(
    { kind: 'no_voicemail', alternateContactPointId: null }, { kind: 'no_sms', alternateContactPointId: null },
    { kind: 'no_voice', alternateContactPointId: null }, { kind: 'use_alternate_contact', alternateContactPointId: 11 },
    { kind: 'use_alternate_contact', alternateContactPointId: 10 }, { kind: 'no_email', alternateContactPointId: null },
  ), { maxLength: 2 }),
  history: fc.array(fc.record({
    minutesAgo: fc.integer({ min: 1, max: 10 * 24 * 60 }), channel: channelArb, actorKind: fc.constantFrom('staff', 'automation', 'import' as const),
    programKeys: fc.subarray(['hygiene', 'perio', 'post-op']), direction: fc.constantFrom('out', 'out', 'in' as const),
  }), { maxLength: 6 }),
  reviewed: fc.boolean(),
});

type Arb = typeof arbInput extends fc.Arbitrary<infer T> ? T : never;

function build(a: Arb): GateInput {
  const now = a.now;
  const cpIsEmail = a.channel === 'email';
  const cp = a.channel === 'letter' ? null : cpIsEmail
    ? { id: 10, patientId: 1, kind: 'email' as const, use: 'home' as const, value: 'p@example.com', lineType: 'unknown' as const, isValid: true }
    : { id: 10, patientId: 1, kind: 'phone' as const, use: 'mobile' as const, value: `+1${a.npa}5550123`, lineType: a.lineType, isValid: true };
  return {
    touch: { channel: a.channel, purpose: a.purpose, automated: a.automated, programKey: a.programKey },
    patient: { id: 1, status: a.status, doNotContact: a.doNotContact, state: a.place.state, zip: a.place.zip, timeZoneOverride: a.override, homeLocation: a.practice },
    contactPoint: cp,
    consents: a.consents.map((c, i): ConsentRecord => ({
      id: i, contactPointId: c.onOtherPoint ? 11 : 10, channel: c.channel, purposeClass: c.purposeClass, kind: c.kind, granted: c.granted,
      source: 'patient_provided', capturedAt: new Date(now - c.daysAgo * day),
    })),
    optOuts: a.optOuts.map((o): OptOutRecord => ({
      contactPointId: o.cp, channel: o.channel, purposeClass: o.purposeClass, receivedAt: new Date(now - o.daysAgo * day),
      revokedAt: o.revokedDaysAgo === null ? null : new Date(now - o.revokedDaysAgo * day),
    })),
    preferences: a.preferences,
    history: a.history.map((h): AttemptRecord => ({
      occurredAt: new Date(now - h.minutesAgo * 60_000), channel: h.channel, actorKind: h.actorKind, programKeys: h.programKeys,
      purpose: 'recall_due', contactPointId: 10, direction: h.direction,
    })),
  };
}

function localParts(at: number, zone: string): { minutes: number; weekday: string; date: string; year: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23', weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(at));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return { minutes: Number(get('hour')) * 60 + Number(get('minute')), weekday: get('weekday').toLowerCase(), date: `${get('year')}-${get('month')}-${get('day')}`, year: Number(get('year')) };
}

/** Checks INV-01..12 for an allowed decision at `at`. Returns the first violation, or null. */
function violation(i: GateInput, d: ContactDecision, at: number, policy: typeof strictPolicy): string | null {
  const { touch, patient, contactPoint: cp } = i;
  if (!d.allowed) return null;
  if (patient.doNotContact || patient.status !== 'active') return 'allowed a do-not-contact or non-active patient';
  const isPhone = telephone.includes(touch.channel);
  // Independent expectations: the override and practice zones are candidates; the address and area-code states apply.
  if (patient.timeZoneOverride && !d.timeZones.includes(patient.timeZoneOverride)) return 'override zone missing';
  if (patient.homeLocation?.timeZone && !d.timeZones.includes(patient.homeLocation.timeZone)) return 'practice zone missing';
  const npa = cp?.kind === 'phone' ? areaCodeOf(cp.value) : null;
  const expectStates = [patient.state, ...(npa ? lookupAreaCode(npa)?.states ?? [] : [])].filter((s): s is string => !!s);
  for (const s of expectStates) if (!d.states.includes(s)) return `state ${s} missing`;
  if (isPhone) {
    if (d.timeZones.length === 0) return 'allowed a phone touch with no time zone (INV-15)';
    const scope = touch.channel === 'sms' ? 'sms' : touch.automated ? 'voice_prerecorded' : 'voice_live';
    const entries = [
      { id: 'US-FED', hours: rulesJson.federal.hours as Record<string, string[] | null>, scope: rulesJson.federal.channelScope as string[], holidays: null as string | null, extra: [] as string[] },
      ...rulesJson.states.filter((s) => d.states.includes(s.state)).map((s) => ({
        id: s.id, hours: s.hours as Record<string, string[] | null>, scope: s.channelScope as string[], holidays: s.noCallsOnHolidays ? s.holidays : null,
        extra: 'timeBasis' in s && typeof s.timeBasis === 'string' && s.timeBasis.includes('America/Chicago') ? ['America/Chicago'] : [],
      })),
    ].filter((e) => e.scope.includes('all_telephone') || e.scope.includes(scope));
    for (const e of entries) {
      for (const zone of new Set([...d.timeZones, ...e.extra])) {
        const local = localParts(at, zone);
        const w = e.hours[local.weekday];
        const exempt = touch.purpose === 'appointment_reminder' && !policy.sundayHolidayBansForAppointmentReminders.apply;
        if (w === null || w === undefined) { if (!exempt) return `INV-02: ${e.id} bans ${local.weekday} (${zone})`; continue; }
        const [sh, sm] = (w[0] ?? '').split(':').map(Number); const [eh, em] = (w[1] ?? '').split(':').map(Number);
        if (local.minutes < sh! * 60 + sm! || local.minutes >= eh! * 60 + em!) return `INV-01: ${local.minutes} outside ${e.id} ${w.join('-')} in ${zone}`;
        if (touch.channel === 'sms' && local.minutes >= eh! * 60 + em! - policy.smsHandoffCutoffMinutes) return 'SMS inside the hand-off cutoff';
        if (e.holidays && !exempt) {
          for (const calId of e.holidays.split('+')) {
            const cal = rules.holidayCalendars[calId]!;
            if (!policy.holidayCalendarReviews[calId]?.includes(local.year) && policy.unreviewedHolidayCalendars === 'block') return `INV-15: ${calId} unreviewed`;
            if (findHoliday(cal, local.date, { defaultObservedShift: policy.defaultObservedShift })) return `INV-03: ${local.date} is a ${calId} holiday`;
          }
        }
      }
    }
  }
  const out = i.history.filter((h) => (h.direction ?? 'out') === 'out' && h.occurredAt.getTime() <= at);
  if (touch.automated) {
    const auto = out.filter((h) => h.actorKind === 'automation');
    for (const zone of d.timeZones) {
      const today = localParts(at, zone).date;
      if (auto.filter((h) => localParts(h.occurredAt.getTime(), zone).date === today).length >= 1) return `INV-04: second automated touch on ${today} in ${zone}`;
    }
    if (auto.filter((h) => h.occurredAt.getTime() > at - 7 * day).length >= 3) return 'INV-05: fourth automated touch in 7 days';
  }
  if (isPhone && d.states.some((s) => ['FL', 'OK', 'MD'].includes(s))) {
    if (out.filter((h) => telephone.includes(h.channel) && h.occurredAt.getTime() > at - day).length >= 3) return 'INV-06: fourth call or text in 24 h';
  }
  if (touch.automated && isPhone) {
    if (!d.consentBasis) return 'INV-07: no consent basis';
    if (touch.purpose === 'promotion' && d.consentBasis.kind !== 'pewc') return 'INV-07: promotion on PEC';
  }
  for (const o of i.optOuts) {
    if (o.revokedAt && o.revokedAt.getTime() <= at) continue;
    if (o.contactPointId !== null && o.contactPointId !== cp?.id) continue;
    const sameNumberPhone = o.contactPointId !== null && cp?.kind === 'phone' && o.channel !== null && telephone.includes(o.channel) && isPhone;
    if (o.channel === null || o.channel === touch.channel || sameNumberPhone || (o.channel === 'voice' && touch.channel === 'voicemail')) return 'INV-08: opted out';
  }
  const kinds = i.preferences.map((p) => p.kind);
  if (touch.channel === 'voicemail' && (kinds.includes('no_voicemail') || kinds.includes('no_voice'))) return 'INV-12: voicemail left';
  if (touch.channel === 'sms' && kinds.includes('no_sms')) return 'INV-12: text sent';
  if (touch.channel === 'email' && kinds.includes('no_email')) return 'INV-12: email sent';
  const alternates = i.preferences.filter((p) => p.kind === 'use_alternate_contact').map((p) => p.alternateContactPointId);
  if (touch.channel !== 'letter' && alternates.length > 0 && !alternates.includes(cp?.id ?? -1)) return 'INV-12: not the alternate contact point';
  return null;
}

describe('gate properties', () => {
  it('no allowed decision violates INV-01..12, and nextAllowedAt is itself allowed', () => {
    let allowedSeen = 0;
    let nextSeen = 0;
    fc.assert(fc.property(arbInput, (a) => {
      const policy = a.reviewed ? reviewedPolicy : strictPolicy;
      const i = build(a);
      const d = decide(i, policy, rules, a.now);
      expect(violation(i, d, a.now, policy)).toBeNull();
      expect(d.allowed).toBe(d.reasons.length === 0);
      if (d.allowed) {
        allowedSeen += 1;
        expect(d.nextAllowedAt?.getTime()).toBe(a.now);
      } else if (d.nextAllowedAt) {
        nextSeen += 1;
        const t = d.nextAllowedAt.getTime();
        expect(t).toBeGreaterThan(a.now);
        expect(t).toBeLessThanOrEqual(a.now + 14 * day);
        const later = decide(i, policy, rules, t);
        expect(later.allowed, JSON.stringify(later.reasons)).toBe(true);
        expect(violation(i, later, t, policy)).toBeNull();
        // Nothing earlier on the minute grid before it was allowed (spot-check one minute before).
        expect(decide(i, policy, rules, t - 60_000).allowed).toBe(false);
      }
    }), { numRuns: 600, seed: 20261124 });
    expect(allowedSeen).toBeGreaterThan(10);
    expect(nextSeen).toBeGreaterThan(10);
  });

  it('whatever blocks a staff touch for a reason other than time also blocks the automated touch', () => {
    fc.assert(fc.property(arbInput, (a) => {
      const auto = decide(build({ ...a, automated: true, history: [] }), reviewedPolicy, rules, a.now);
      const staff = decide(build({ ...a, automated: false, history: [] }), reviewedPolicy, rules, a.now);
      // Automated prerecorded calls fall under more state entries (AL, NV/OK dialer rules) and PEWC rules, never fewer.
      if (staff.allowed === false && staff.reasons.every((r) => !['outside_calling_window', 'state_sunday_ban', 'holiday', 'holiday_calendar_unreviewed'].includes(r.code))) {
        expect(auto.allowed).toBe(false);
      }
    }), { numRuns: 300, seed: 7 });
  });
});

describe('inbound keyword properties (INV-09)', () => {
  it('any casing, surrounding spaces and punctuation of an opt-out keyword sets the opt-out', () => {
    const keywords = ['STOP', 'STOPALL', 'STOP ALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT', 'OPT OUT', 'OPT-OUT'];
    fc.assert(fc.property(
      fc.constantFrom(...keywords), fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), fc.constantFrom('', ' ', '  ', '\n'), fc.constantFrom('', '.', '!', '!!', '?', '"'),
      (kw, upper, pad, punct) => {
        const text = `${pad}${[...kw].map((c, i) => (upper[i % upper.length] ? c.toUpperCase() : c.toLowerCase())).join('')}${punct}${pad}`;
        const r = parseInboundKeyword(text);
        expect(r.intent).toBe('opt_out');
        expect(r.suppressAutomatedContact).toBe(true);
      },
    ), { numRuns: 500 });
  });
});

/**
 * A clinic built by hand, row by row, where every figure of the report is known in advance and
 * asserted exactly (docs/reporting.md). The period is November 2026 [2026-11-01, 2026-12-01), local
 * to each office: Tampa (America/New_York, UTC−5 after 1 November) and Phoenix (UTC−7).
 *
 *   P1  hygiene, called (callback requested) 11-03; a visit first seen on day 14 → credited; completed, fees 120 + 60 $
 *   P2  hygiene, texted 11-02; a visit first seen on day 15 → NOT credited
 *   P3  treatment ($900 planned), staff "Scheduled" 11-05 15:00; the practice system's copy first seen an hour before → credited; no-show
 *   P4  hygiene, a "Declined" call (reason: cost) undone (voided), then a visit first seen → counted nowhere (not attempted, visit not credited, no reason)
 *   P5  hygiene, an email that hard-bounced (and marked the address invalid: one data problem), a text and a reply
 *   P6  reactivation, a wrong number (a data problem), then "Declined" on the home phone (reason: cost), and a "Declined" call from the
 *       practice system's contact log (imported: no user, no reason; a staff call, in byOutcome but in nobody's byStaff)
 *   P7  hygiene, a text answered STOP: a reply and an opt-out
 *   P8  treatment ($500 planned), escalated to clinical and to insurance
 *   P9  hygiene, Spanish, escalated to language; a manager escalation
 *   P10 reactivation ($200 planned), a letter; booked through the booking link (a web reply), completed with no fees recorded
 *   P11 hygiene, two unanswered calls, the case closed as unreachable
 *   P12 hygiene at Phoenix, texted 30 November 22:30 local (1 December in UTC): inside Phoenix's period
 *   P13 hygiene, called 1 December 00:30 Tampa time (outside), and a text the provider refused: not attempted
 *   P14 an item whose outreach ended before the period (and a suppressed one): not eligible, its call (Declined, reason: moved) counts nowhere
 *   P15 no due item, a no-show in the period: the "other" no-show rate only
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { loadPrograms } from '../../src/db/queries/recall-programs.js';
import { updatePolicy } from '../../src/use-cases/manage-policy.js';
import { readReportSummary } from '../../src/use-cases/reports/read-report-summary.js';
import type { ReportSummary } from '../../src/domain/reporting/index.js';
import { barrierReasons, outcomeKeys, type OutcomeKey } from '../../src/domain/outcomes/index.js';

const log = pino({ level: 'silent' });
const now = '2026-12-05T15:00:00.000Z';
const period = { from: '2026-11-01', to: '2026-12-01' };

type Db = TestStore['store']['db'];

interface Fixture {
  users: { ana: number; ben: number };
  names: Record<string, string>;
}

async function buildClinic(db: Db): Promise<Fixture> {
  const programs = new Map((await loadPrograms(db)).map((p) => [p.program.key, p]));
  const programIds = new Map((await db.selectFrom('recall_programs').select(['id', 'key']).execute()).map((r) => [r.key, r.id]));
  const tpa = (await db.insertInto('locations').values({ external_id: 'TPA', name: 'Tampa', time_zone: 'America/New_York', state: 'FL', hours: '{}' }).returning('id').executeTakeFirstOrThrow()).id;
  const phx = (await db.insertInto('locations').values({ external_id: 'PHX', name: 'Phoenix', time_zone: 'America/Phoenix', state: 'AZ', hours: '{}' }).returning('id').executeTakeFirstOrThrow()).id;
  const user = async (name: string) => (await db.insertInto('users').values({ email: `${name}@clinic.example`, display_name: name, role: 'front_desk' }).returning('id').executeTakeFirstOrThrow()).id;
  const ana = await user('ana');
  const ben = await user('ben');

  interface Patient { id: number; caseId: number; mobile: number; home: number; email: number }
  const patient = async (n: number, options: { location?: number; language?: string; items: { program: string; due: string; fee?: number; endsAt?: string; status?: 'open' | 'suppressed' }[]; closedUnreachableAt?: string }): Promise<Patient> => {
    const location = options.location ?? tpa;
    const id = (await db.insertInto('patients').values({ external_id: `P${n}`, first_name: 'Test', last_name: `P${n}`, home_location_id: location, language: options.language ?? 'en' }).returning('id').executeTakeFirstOrThrow()).id;
    const point = async (kind: 'phone' | 'email', use: 'mobile' | 'home' | 'other', value: string) =>
      (await db.insertInto('contact_points').values({ patient_id: id, kind, use, value, raw_value: value, is_primary: use === 'mobile' }).returning('id').executeTakeFirstOrThrow()).id;
    const mobile = await point('phone', 'mobile', `+1813555${String(1000 + n)}`);
    const home = await point('phone', 'home', `+1813556${String(1000 + n)}`);
    const email = await point('email', 'other', `p${n}@example.com`);
    const caseId = (await db.insertInto('cases').values({
      patient_id: id, location_id: location, state: options.closedUnreachableAt ? 'closed' : 'open', opened_at: new Date('2026-09-01T12:00:00Z'),
      closed_reason: options.closedUnreachableAt ? 'unreachable' : null, closed_at: options.closedUnreachableAt ?? null,
    }).returning('id').executeTakeFirstOrThrow()).id;
    for (const [i, item] of options.items.entries()) {
      await db.insertInto('due_items').values({
        patient_id: id, program_id: programIds.get(item.program)!, program_key: item.program, case_id: caseId, source: 'computed', anchor: `a${i}`, due_on: item.due,
        window_start: item.due, window_end: null, evidence: 'fixture', status: item.status ?? 'open', opened_at: new Date('2026-09-01T12:00:00Z'),
        outreach_starts_at: new Date(`${item.due}T12:00:00Z`), outreach_ends_at: item.endsAt ? new Date(item.endsAt) : null, fee_cents: item.fee ?? null,
      }).execute();
    }
    return { id, caseId, mobile, home, email };
  };

  const attempt = async (p: Patient, at: string, a: { channel?: 'voice' | 'sms' | 'email' | 'letter'; actor?: 'staff' | 'automation' | 'import'; user?: number; outcome?: string; reason?: string; point?: number }) =>
    (await db.insertInto('attempts').values({
      case_id: p.caseId, patient_id: p.id, contact_point_id: a.point ?? p.mobile, channel: a.channel ?? 'voice', direction: 'out', actor_kind: a.actor ?? 'staff',
      actor_user_id: a.user ?? null, outcome: a.outcome ?? null, reason: a.reason ?? null, occurred_at: at,
    }).returning('id').executeTakeFirstOrThrow()).id;
  let outboxKey = 0;
  /** A message: its attempt (recorded at hand-off) and its outbox entry, handed to the provider (sent) or refused. */
  const message = async (p: Patient, at: string, channel: 'sms' | 'email' | 'letter', options: { sent?: boolean; user?: number; point?: number } = {}) => {
    const attemptId = await attempt(p, at, { channel, actor: channel === 'letter' ? 'staff' : 'automation', ...(options.user ? { user: options.user } : {}), point: options.point ?? (channel === 'email' ? p.email : p.mobile) });
    const sent = options.sent ?? true;
    await db.insertInto('outbox').values({
      key: `fixture-${++outboxKey}`, origin: 'cadence', channel, patient_id: p.id, case_id: p.caseId, purpose: 'recall_due', due_at: at, next_try_at: at,
      state: sent ? 'sent' : 'failed', attempt_id: attemptId, sent_at: sent ? at : null, created_at: at, updated_at: at,
    }).execute();
    if (channel !== 'letter' && sent) await db.insertInto('attempt_events').values({ attempt_id: attemptId, status: 'sent', detail: null, occurred_at: at }).execute();
    return attemptId;
  };
  const visit = async (p: Patient, v: { firstSeen: string; startsAt: string; status: 'scheduled' | 'completed' | 'no_show'; source?: string }) =>
    (await db.insertInto('appointments').values({
      external_source: v.source ?? 'pms', external_id: `V${p.id}-${v.startsAt}`, patient_id: p.id, location_id: null, starts_at: v.startsAt, status: v.status, type: null, first_seen_at: v.firstSeen,
    }).returning('id').executeTakeFirstOrThrow()).id;
  const reply = (p: Patient, at: string, channel: 'sms' | 'email' | 'web', intent: 'other' | 'opt_out' = 'other') =>
    db.insertInto('inbound_messages').values({
      provider: 'fixture', provider_message_id: `in-${p.id}-${at}`, channel, from_address: 'patient', to_address: 'office', body: 'fixture reply', patient_ids: [p.id], case_id: p.caseId, intent, received_at: at,
    }).execute();
  const escalate = (p: Patient, queue: 'clinical' | 'insurance' | 'language' | 'manager', at: string) =>
    db.insertInto('escalations').values({ case_id: p.caseId, patient_id: p.id, queue, reason: 'fixture', due_at: at, created_at: at }).execute();

  const p1 = await patient(1, { items: [{ program: 'hygiene', due: '2026-10-20' }] });
  await attempt(p1, '2026-11-03T14:00:00Z', { user: ana, outcome: 'callback_requested' });
  const a1 = await visit(p1, { firstSeen: '2026-11-17T15:00:00Z', startsAt: '2026-11-20T14:00:00Z', status: 'completed' });
  await db.insertInto('procedures').values([
    { patient_id: p1.id, code: 'D1110', status: 'completed', performed_on: '2026-11-20', fee_cents: 12_000, appointment_id: a1 },
    { patient_id: p1.id, code: 'D0120', status: 'completed', performed_on: '2026-11-20', fee_cents: 6_000, appointment_id: null },
    // Another day's work is not this visit's production.
    { patient_id: p1.id, code: 'D0274', status: 'completed', performed_on: '2026-11-21', fee_cents: 9_000, appointment_id: null },
  ]).execute();

  const p2 = await patient(2, { items: [{ program: 'hygiene', due: '2026-11-10' }] });
  await message(p2, '2026-11-02T15:00:00Z', 'sms');
  await visit(p2, { firstSeen: '2026-11-17T16:00:00Z', startsAt: '2026-12-10T15:00:00Z', status: 'scheduled' });

  const p3 = await patient(3, { items: [{ program: 'unscheduled_treatment', due: '2026-10-01', fee: 90_000 }] });
  await visit(p3, { firstSeen: '2026-11-05T19:00:00Z', startsAt: '2026-11-12T15:00:00Z', status: 'no_show' });
  await attempt(p3, '2026-11-05T20:00:00Z', { user: ana, outcome: 'scheduled' });

  const p4 = await patient(4, { items: [{ program: 'hygiene', due: '2026-11-15' }] });
  const undone = await attempt(p4, '2026-11-06T15:00:00Z', { user: ana, outcome: 'declined', reason: 'cost' });
  await db.insertInto('attempt_events').values({ attempt_id: undone, status: 'voided', detail: 'undone', occurred_at: '2026-11-06T15:00:05Z' }).execute();
  await visit(p4, { firstSeen: '2026-11-08T15:00:00Z', startsAt: '2026-11-25T15:00:00Z', status: 'completed' });

  const p5 = await patient(5, { items: [{ program: 'hygiene', due: '2026-11-01' }] });
  const bounced = await message(p5, '2026-11-09T14:00:00Z', 'email');
  await db.insertInto('attempt_events').values({ attempt_id: bounced, status: 'bounced', detail: '5.1.1', occurred_at: '2026-11-09T14:05:00Z' }).execute();
  await db.updateTable('contact_points').set({ is_valid: false, invalid_reason: 'hard bounce', invalid_at: '2026-11-09T14:05:00Z' }).where('id', '=', p5.email).execute();
  await message(p5, '2026-11-10T15:00:00Z', 'sms');
  await reply(p5, '2026-11-10T18:00:00Z', 'sms');

  const p6 = await patient(6, { items: [{ program: 'reactivation', due: '2025-06-01' }] });
  await attempt(p6, '2026-11-12T15:00:00Z', { user: ana, outcome: 'wrong_number' });
  await db.updateTable('contact_points').set({ is_valid: false, invalid_reason: 'wrong number', invalid_at: '2026-11-12T15:00:00Z' }).where('id', '=', p6.mobile).execute();
  await attempt(p6, '2026-11-13T15:00:00Z', { user: ana, outcome: 'declined', reason: 'cost', point: p6.home });
  await attempt(p6, '2026-11-16T14:00:00Z', { actor: 'import', outcome: 'declined', point: p6.home });

  const p7 = await patient(7, { items: [{ program: 'hygiene', due: '2026-11-20' }] });
  await message(p7, '2026-11-14T15:00:00Z', 'sms');
  await reply(p7, '2026-11-14T16:00:00Z', 'sms', 'opt_out');
  await db.insertInto('opt_outs').values({ patient_id: p7.id, contact_point_id: p7.mobile, channel: null, purpose_class: null, received_via: 'sms_keyword', received_at: '2026-11-14T16:00:00Z' }).execute();

  const p8 = await patient(8, { items: [{ program: 'unscheduled_treatment', due: '2026-10-15', fee: 50_000 }] });
  await attempt(p8, '2026-11-16T15:00:00Z', { user: ana, outcome: 'needs_clinical_answer' });
  await escalate(p8, 'clinical', '2026-11-16T15:00:00Z');
  await attempt(p8, '2026-11-18T15:00:00Z', { user: ana, outcome: 'needs_insurance_review' });
  await escalate(p8, 'insurance', '2026-11-18T15:00:00Z');

  const p9 = await patient(9, { language: 'es', items: [{ program: 'hygiene', due: '2026-11-05' }] });
  await attempt(p9, '2026-11-19T15:00:00Z', { user: ben, outcome: 'language_support_needed' });
  await escalate(p9, 'language', '2026-11-19T15:00:00Z');
  await escalate(p9, 'manager', '2026-11-20T15:00:00Z');

  const p10 = await patient(10, { items: [{ program: 'reactivation', due: '2026-09-01', fee: 20_000 }] });
  await message(p10, '2026-11-04T17:00:00Z', 'letter', { user: ben });
  await reply(p10, '2026-11-11T16:00:00Z', 'web');
  // Booked on the patient's page: Recare's own row stays "scheduled"; the practice system's copy, imported two
  // days later, is the one marked completed after the visit.
  await visit(p10, { firstSeen: '2026-11-11T16:00:00Z', startsAt: '2026-11-21T15:00:00Z', status: 'scheduled', source: 'recare' });
  await visit(p10, { firstSeen: '2026-11-13T16:00:00Z', startsAt: '2026-11-21T15:00:00Z', status: 'completed' });

  const p11 = await patient(11, { items: [{ program: 'hygiene', due: '2026-10-10' }], closedUnreachableAt: '2026-11-23T16:00:00Z' });
  await attempt(p11, '2026-11-20T15:00:00Z', { user: ben, outcome: 'no_answer' });
  await attempt(p11, '2026-11-23T15:00:00Z', { user: ben, outcome: 'no_answer' });

  const p12 = await patient(12, { location: phx, items: [{ program: 'hygiene', due: '2026-11-30' }] });
  await message(p12, '2026-12-01T05:30:00Z', 'sms');

  const p13 = await patient(13, { items: [{ program: 'hygiene', due: '2026-11-25' }] });
  await attempt(p13, '2026-12-01T05:30:00Z', { user: ana, outcome: 'callback_requested' });
  await message(p13, '2026-11-20T15:00:00Z', 'sms', { sent: false });

  const p14 = await patient(14, { items: [{ program: 'hygiene', due: '2026-08-01', endsAt: '2026-10-15T12:00:00Z' }, { program: 'periodic_exam', due: '2026-11-02', status: 'suppressed' }] });
  await attempt(p14, '2026-11-20T15:00:00Z', { user: ana, outcome: 'declined', reason: 'moved' });

  const p15 = await patient(15, { items: [] });
  await visit(p15, { firstSeen: '2026-10-01T15:00:00Z', startsAt: '2026-11-10T15:00:00Z', status: 'no_show' });

  return { users: { ana, ben }, names: Object.fromEntries([...programs].map(([key, p]) => [key, p.program.name])) };
}

const noOutcomes = Object.fromEntries(outcomeKeys.map((k) => [k, 0])) as Record<OutcomeKey, number>;
/** Every reason, zeros included, with the touches given per outcome. */
const reasonRows = (given: Partial<Record<string, Partial<Record<'declined' | 'not_ready' | 'opted_out', number>>>>) =>
  [...barrierReasons.map((r) => [r.key, r.label] as const), ['not_given', 'Not given'] as const].map(([reason, label]) => {
    const byOutcome = { declined: 0, not_ready: 0, opted_out: 0, ...given[reason] };
    return { reason, label, touches: byOutcome.declined + byOutcome.not_ready + byOutcome.opted_out, byOutcome };
  });

const group = (figures: Partial<Record<string, number | null>>) => ({
  eligible: 0, attempted: 0, reached: 0, scheduled: 0, attended: 0, declined: 0, unreachable: 0, optedOut: 0, escalated: 0, recoveredProductionCents: 0, ...figures,
});

describe.each(backends)('the fixture clinic on %s', (backend) => {
  let t: TestStore;
  let fixture: Fixture;
  const deps = () => ({ store: t.store, clock: fixedClock(now), log });

  beforeAll(async () => {
    t = await openTestStore(backend);
    fixture = await buildClinic(t.store.db);
    await updatePolicy(deps(), { changes: { reporting: { hourlyStaffCostCents: 3_000, unitCostCents: { sms: 2, email: 1, letter: 80 } } }, actorUserId: null });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('states every figure of November exactly', async () => {
    const summary = await readReportSummary(deps(), period);
    const expected: ReportSummary = {
      period,
      eligible: 13,
      attempted: 11,
      reached: 8,
      scheduled: 3,
      attended: 2,
      declined: 1,
      unreachable: 1,
      optedOut: 1,
      escalated: { clinical: 1, insurance: 1, language: 1, manager: 1 },
      dataProblems: 2,
      // P1 28 days (10-20 → 11-17), P3 35 (10-01 → 11-05), P10 71 (09-01 → 11-11).
      daysDueToScheduled: { mean: (28 + 35 + 71) / 3, median: 35 },
      // Credited: P1 completed, P10 completed, P3 no-show; the rest: P4 completed, P15 no-show.
      noShowRate: { attributed: 1 / 3, other: 1 / 2 },
      // voice: P1 P3 P6 P8 P9 reached of P1 P3 P6 P8 P9 P11; sms: P5 P7 replied of P2 P5 P7 P12.
      responseRate: { sms: 2 / 4, email: 0, letter: 0, voice: 5 / 6 },
      // 10 staff calls (one imported), 7 reached (P1, P3, P6 declined twice, P8 twice, P9).
      connectRate: 7 / 10,
      optOutRate: 1 / 11,
      // P6 and P10 attempted with a reactivation item; P10 attended.
      reactivationRate: 1 / 2,
      treatmentAcceptance: 90_000 / 140_000,
      // P1: the visit's fees (120 $ linked, 60 $ the same day); P10: no fees recorded, so its planned 200 $.
      recoveredProductionCents: 18_000 + 20_000,
      // (10 calls × 4 min × 30 $/h = 20 $, 4 texts × 2 ¢, 1 email × 1 ¢, 1 letter × 80 ¢) ÷ 3 scheduled = 696.33 ¢.
      costPerBookedVisitCents: 696,
      byProgram: [
        { program: 'hygiene', name: fixture.names.hygiene!, ...group({ eligible: 9, attempted: 7, reached: 4, scheduled: 1, attended: 1, unreachable: 1, optedOut: 1, escalated: 1, recoveredProductionCents: 18_000 }), optOutRate: 1 / 7 },
        { program: 'reactivation', name: fixture.names.reactivation!, ...group({ eligible: 2, attempted: 2, reached: 2, scheduled: 1, attended: 1, declined: 1, recoveredProductionCents: 20_000 }), optOutRate: 0 },
        { program: 'unscheduled_treatment', name: fixture.names.unscheduled_treatment!, ...group({ eligible: 2, attempted: 2, reached: 2, scheduled: 1, escalated: 1 }), optOutRate: 0 },
      ],
      byLocation: [
        { location: 'PHX', name: 'Phoenix', ...group({ eligible: 1, attempted: 1 }), optOutRate: 0 },
        { location: 'TPA', name: 'Tampa', ...group({ eligible: 12, attempted: 10, reached: 8, scheduled: 3, attended: 2, declined: 1, unreachable: 1, optedOut: 1, escalated: 2, recoveredProductionCents: 38_000 }), optOutRate: 1 / 10 },
      ],
      byStaff: [
        {
          userId: fixture.users.ana, name: 'ana', touches: 6, calls: 6, connectedCalls: 5, connectRate: 5 / 6, patientsTouched: 4, patientsScheduled: 2,
          outcomes: { callback_requested: 1, declined: 1, needs_clinical_answer: 1, needs_insurance_review: 1, scheduled: 1, wrong_number: 1 },
        },
        {
          userId: fixture.users.ben, name: 'ben', touches: 4, calls: 3, connectedCalls: 1, connectRate: 1 / 3, patientsTouched: 3, patientsScheduled: 1,
          outcomes: { language_support_needed: 1, no_answer: 2 },
        },
      ],
      byChannel: [
        { channel: 'sms', touches: 4, patientsTouched: 4, patientsResponded: 2, responseRate: 0.5, costCents: 8 },
        { channel: 'email', touches: 1, patientsTouched: 1, patientsResponded: 0, responseRate: 0, costCents: 1 },
        { channel: 'letter', touches: 1, patientsTouched: 1, patientsResponded: 0, responseRate: 0, costCents: 80 },
        { channel: 'voice', touches: 10, patientsTouched: 6, patientsResponded: 5, responseRate: 5 / 6, costCents: 0 },
      ],
      byLanguage: [
        { language: 'en', ...group({ eligible: 12, attempted: 10, reached: 7, scheduled: 3, attended: 2, declined: 1, unreachable: 1, optedOut: 1, escalated: 1, recoveredProductionCents: 38_000 }), optOutRate: 1 / 10 },
        { language: 'es', ...group({ eligible: 1, attempted: 1, reached: 1, escalated: 1 }), optOutRate: 0 },
      ],
      // Every touch with an outcome: the staff's nine and the imported decline; not P4's undone one, nor P13's and P14's.
      byOutcome: {
        ...noOutcomes, callback_requested: 1, scheduled: 1, declined: 2, wrong_number: 1, needs_clinical_answer: 1, needs_insurance_review: 1, language_support_needed: 1, no_answer: 2,
      },
      // P6's two declines: staff said cost, the contact log said nothing. P4's (undone) and P14's (not eligible) count nowhere.
      reasons: reasonRows({ cost: { declined: 1 }, not_given: { declined: 1 } }),
      lift: [],
    };
    expect(summary).toEqual(expected);
  });

  it('narrows to one office and one program, each figure recomputed', async () => {
    const phoenix = await readReportSummary(deps(), { ...period, location: 'PHX' });
    expect(phoenix).toMatchObject({
      eligible: 1, attempted: 1, reached: 0, scheduled: 0, dataProblems: 0, responseRate: { sms: 0, voice: null, email: null, letter: null },
      noShowRate: { attributed: null, other: null }, connectRate: null, costPerBookedVisitCents: null, byLocation: [{ location: 'PHX', eligible: 1 }],
    });
    const treatment = await readReportSummary(deps(), { ...period, program: 'unscheduled_treatment' });
    expect(treatment).toMatchObject({
      eligible: 2, attempted: 2, reached: 2, scheduled: 1, attended: 0, escalated: { clinical: 1, insurance: 1, language: 0, manager: 0 },
      treatmentAcceptance: 90_000 / 140_000, daysDueToScheduled: { mean: 35, median: 35 }, noShowRate: { attributed: 1, other: null },
      byProgram: [{ program: 'unscheduled_treatment', eligible: 2 }],
    });
  });

  it('counts a period with nothing in it as zeros and nulls', async () => {
    const empty = await readReportSummary(deps(), { from: '2020-01-01', to: '2020-01-08' });
    expect(empty).toMatchObject({
      eligible: 0, attempted: 0, dataProblems: 0, daysDueToScheduled: { mean: null, median: null }, optOutRate: null, reactivationRate: null,
      treatmentAcceptance: null, recoveredProductionCents: 0, costPerBookedVisitCents: null, byLocation: [], byStaff: [], byProgram: [], byLanguage: [],
    });
  });

  it('refuses a period, office or program that is not one, saying what is allowed', async () => {
    await expect(readReportSummary(deps(), { from: '2026-12-01', to: '2026-11-01' })).rejects.toMatchObject({
      code: 'invalid_input', message: expect.stringContaining('The period is empty: from 2026-12-01 is not before to 2026-11-01'),
    });
    await expect(readReportSummary(deps(), { from: '2026-11-31' })).rejects.toMatchObject({
      code: 'invalid_input', message: 'from is "2026-11-31", which is not a date; use YYYY-MM-DD, e.g. 2026-12-05',
    });
    await expect(readReportSummary(deps(), { location: 'NYC' })).rejects.toMatchObject({ code: 'invalid_input', message: 'location is "NYC", which is not an office; allowed: TPA, PHX.' });
    await expect(readReportSummary(deps(), { program: 'flossing' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^program is "flossing", which is not a recall program; allowed: .*hygiene/) });
  });
});

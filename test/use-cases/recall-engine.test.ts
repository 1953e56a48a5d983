/**
 * The recall engine wired to real databases, given/when/then with a fixed clock: plan → due items →
 * one case per patient → worklist → outcomes, on both backends. The office is Tampa (America/New_York);
 * "T0" is Tuesday 2026-11-24 10:00 EST.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { enqueueReplan } from '../../src/db/queries/plan-writes.js';
import type { Store } from '../../src/db/open-store.js';
import { buildWorklist } from '../../src/use-cases/build-worklist.js';
import { checkContact } from '../../src/use-cases/check-contact.js';
import { claimCase } from '../../src/use-cases/claim-case.js';
import { explainPatient } from '../../src/use-cases/explain-patient.js';
import { addUser } from '../../src/use-cases/manage-users.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { recordOutcome } from '../../src/use-cases/record-outcome.js';
import { resolveEscalation } from '../../src/use-cases/resolve-escalation.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { seedLocation, seedPatient, type SeededPatient } from '../helpers/seed-patients.js';

const log = pino({ level: 'silent' });
const T0 = new Date('2026-11-24T15:00:00Z');
const minutes = (d: Date, m: number) => new Date(d.getTime() + m * 60_000);

describe.each(backends)('recall engine on %s', (backend) => {
  let t: TestStore;
  let tampa: number;
  let u1: number;
  let u2: number;
  let phone = 1000;
  const deps = (at: Date) => ({ store: t.store, clock: fixedClock(at), log });

  /** A patient whose last cleaning (D1110) and exam (D0120) were on 2026-05-10: both due 2026-11-10. */
  async function hygienePatient(externalId: string): Promise<SeededPatient> {
    phone += 1;
    const p = await seedPatient(t.store, { externalId, locationId: tampa, state: 'FL', zip: '33606', mobile: `+1813234${phone}` });
    await t.store.db.insertInto('procedures').values(['D1110', 'D0120'].map((code) => ({ patient_id: p.patientId, code, status: 'completed' as const, performed_on: '2026-05-10', location_id: tampa }))).execute();
    return p;
  }
  const openCase = (store: Store, patientId: number) => store.db.selectFrom('cases').selectAll().where('patient_id', '=', patientId).where('state', '<>', 'closed').executeTakeFirst();
  const rowsFor = async (at: Date, patient: SeededPatient, user: string | null = null) =>
    (await buildWorklist(deps(at), { at, user, limit: 500 })).rows.filter((r) => r.patientId === patient.externalId);

  beforeAll(async () => {
    t = await openTestStore(backend);
    tampa = await seedLocation(t.store, 'TPA', 'FL', 'America/New_York');
    const password = 'tampa-bay-recall-engine-2026';
    u1 = (await addUser(deps(T0), { email: 'dana@tampa.example', displayName: 'Dana Desk', role: 'front_desk', locations: ['TPA'], password, actor: { userId: null, kind: 'cli' } })).userId;
    u2 = (await addUser(deps(T0), { email: 'sam@tampa.example', displayName: 'Sam Second', role: 'front_desk', locations: ['TPA'], password, actor: { userId: null, kind: 'cli' } })).userId;
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('given a cleaning and an exam both due, when planned, then both reasons are merged into one case worked as one contact', async () => {
    const a = await hygienePatient('A-1');
    const result = await planPatients(deps(T0), { full: true });
    expect(result.cases.opened).toBeGreaterThanOrEqual(1);
    const cases = await t.store.db.selectFrom('cases').selectAll().where('patient_id', '=', a.patientId).execute();
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ state: 'open', program_keys: ['hygiene', 'periodic_exam'], lead_program_key: 'hygiene', due_on: '2026-11-10', next_step: 'call', next_channel: 'voice' });
    const items = await t.store.db.selectFrom('due_items').select(['program_key', 'case_id', 'status', 'evidence']).where('patient_id', '=', a.patientId).orderBy('program_key').execute();
    expect(items).toEqual([
      { program_key: 'hygiene', case_id: cases[0]!.id, status: 'open', evidence: 'last D1110 on 2026-05-10 + 6 months' },
      { program_key: 'periodic_exam', case_id: cases[0]!.id, status: 'open', evidence: 'last D0120 on 2026-05-10 + 6 months' },
    ]);
    const [row] = await rowsFor(T0, a);
    expect(row?.reasons.map((r) => [r.program, r.dueDate])).toEqual([['hygiene', '2026-11-10'], ['periodic_exam', '2026-11-10']]);
    expect(row?.why).toContain('Hygiene recall (urgency 40); also Periodic exam in the same contact; 14 days overdue (due 2026-11-10)');
    expect(row).toMatchObject({ contactableNow: true, nextContactAt: null, suggestedChannel: 'voice', scriptKey: 'hygiene_recall', nextStep: 'call' });
    // Planning the same facts again writes nothing.
    const again = await planPatients(deps(T0), { full: true });
    expect(again.cases).toMatchObject({ opened: 0, reopened: 0, updated: 0, closed: 0 });
    expect(again.dueItems).toEqual({ written: 0, closed: 0 });
  });

  it('given that case, when a visit covering it is booked, then the next incremental plan closes it; when the patient no-shows, the same case reopens', async () => {
    const a = await t.store.db.selectFrom('patients').select('id').where('external_id', '=', 'A-1').executeTakeFirstOrThrow();
    const before = await openCase(t.store, a.id);
    const appointment = await t.store.db.insertInto('appointments')
      .values({ external_id: 'APT-A1', patient_id: a.id, location_id: tampa, starts_at: '2026-12-08T15:00:00Z', status: 'scheduled', type: 'hygiene', procedure_codes: ['D1110', 'D0120'] })
      .returning('id').executeTakeFirstOrThrow();
    await enqueueReplan(t.store.db, [a.id], 'appointment booked');
    const booked = await planPatients(deps(minutes(T0, 60)));
    expect(booked).toMatchObject({ mode: 'incremental', patients: 1, cases: { closed: 1 } });
    const closed = await t.store.db.selectFrom('cases').selectAll().where('id', '=', before!.id).executeTakeFirstOrThrow();
    expect(closed).toMatchObject({ state: 'closed', closed_reason: 'covered_by_appointment' });
    expect(await rowsFor(minutes(T0, 60), { externalId: 'A-1' } as SeededPatient)).toEqual([]);
    const explained = await explainPatient(deps(minutes(T0, 60)), { patient: 'A-1' });
    expect(explained.verdict.code).toBe('suppressed');
    expect(explained.verdict.message).toContain(`covered by the scheduled appointment on 2026-12-08 (#${appointment.id})`);

    // Tuesday 2026-12-08: no-show. Wednesday 10:00 the plan runs.
    const wednesday = new Date('2026-12-09T15:00:00Z');
    await t.store.db.updateTable('appointments').set({ status: 'no_show' }).where('id', '=', appointment.id).execute();
    await enqueueReplan(t.store.db, [a.id], 'appointment no-show');
    const reopened = await planPatients(deps(wednesday));
    expect(reopened.cases.reopened).toBe(1);
    const again = await openCase(t.store, a.id);
    expect(again).toMatchObject({ id: before!.id, state: 'open', lead_program_key: 'missed_visit', closed_reason: null });
    expect([...(again?.program_keys ?? [])].sort()).toEqual(['hygiene', 'missed_visit', 'periodic_exam']);
    const [row] = await rowsFor(wednesday, { externalId: 'A-1' } as SeededPatient);
    expect(row?.reasons.find((r) => r.program === 'missed_visit')?.evidence).toBe(`no-show on 2026-12-08 (appointment #${appointment.id}, hygiene) with no later appointment`);
  });

  it('given a callback requested for 14:00, then it surfaces to its owner at 14:00 ahead of everyone, and to anyone once 2 h overdue', async () => {
    const b = await hygienePatient('B-1');
    await planPatients(deps(T0), { full: true });
    const callbackAt = new Date('2026-11-24T19:00:00Z');
    const result = await recordOutcome(deps(T0), { patient: 'B-1', outcome: 'Callback requested', callbackAt, user: 'dana@tampa.example', note: 'at work until 2 pm' });
    expect(result).toMatchObject({ state: 'waiting', nextStep: 'callback', nextActionAt: callbackAt.toISOString(), owner: { kind: 'user', userId: u1 } });
    expect(await rowsFor(minutes(T0, 5), b, 'dana@tampa.example')).toEqual([]);

    const owned = await buildWorklist(deps(callbackAt), { at: callbackAt, user: 'dana@tampa.example', limit: 500 });
    expect(owned.rows[0]?.patientId).toBe('B-1');
    expect(owned.rows[0]?.why).toMatch(/^band 1: callback due now; callback requested for 2026-11-24 14:00 is due/);
    expect(owned.rows[0]?.owner).toMatchObject({ kind: 'user', userId: u1 });
    expect(owned.counts.callbacks).toBeGreaterThanOrEqual(1);
    expect(await rowsFor(callbackAt, b, 'sam@tampa.example')).toEqual([]);
    expect(await rowsFor(minutes(callbackAt, 119), b, 'sam@tampa.example')).toEqual([]);

    const handedOff = await rowsFor(minutes(callbackAt, 120), b, 'sam@tampa.example');
    expect(handedOff).toHaveLength(1);
    expect(handedOff[0]?.owner).toEqual({ kind: 'anyone' });
    expect(handedOff[0]?.why).toContain('is 2 h 0 min overdue (more than 2 h); anyone may take it');
    expect(handedOff[0]?.rank).toBe(1);
    const attempt = await t.store.db.selectFrom('attempts').selectAll().where('id', '=', result.attemptId).executeTakeFirstOrThrow();
    expect(attempt).toMatchObject({ outcome: 'callback_requested', actor_user_id: u1, note: 'at work until 2 pm', channel: 'voice' });
    expect(attempt.compliance_decision_id).not.toBeNull();
  });

  it('given "Not ready — call later", then the case snoozes 45 days to opening time, stays off the list, and a re-plan does not wake it', async () => {
    const c = await hygienePatient('C-1');
    await planPatients(deps(T0), { full: true });
    const result = await recordOutcome(deps(T0), { patient: 'C-1', outcome: 'not ready - call later' });
    expect(result).toMatchObject({ state: 'snoozed', nextActionAt: '2027-01-08T13:00:00.000Z', outcome: { key: 'not_ready', label: 'Not ready — call later' } });
    expect(result.explanation).toBe('Not ready — call later: snoozed 45 days, until 2027-01-08');
    expect(await rowsFor(minutes(T0, 1), c)).toEqual([]);
    await planPatients(deps(minutes(T0, 2)), { full: true });
    expect(await openCase(t.store, c.patientId)).toMatchObject({ state: 'snoozed', snoozed_until: new Date('2027-01-08T13:00:00Z') });
    expect((await explainPatient(deps(minutes(T0, 3)), { patient: 'C-1' })).verdict).toEqual({ code: 'snoozed', message: 'Not on the worklist: snoozed (Not ready — call later) until Fri 2027-01-08 08:00.' });
    expect(await rowsFor(new Date('2027-01-08T14:00:00Z'), c)).toHaveLength(1);
  });

  it('given four unanswered attempts at the cadence\'s times, then the case closes as unreachable and a re-plan does not bring it back', async () => {
    const d = await hygienePatient('D-1');
    await planPatients(deps(T0), { full: true });
    let at = T0;
    const steps: string[] = [];
    for (const outcome of ['No answer', 'Left message', 'No answer', 'No answer']) {
      const r = await recordOutcome(deps(at), { patient: 'D-1', outcome });
      steps.push(`${r.state}:${r.nextStep ?? '-'}`);
      if (r.nextActionAt) {
        expect(new Date(r.nextActionAt).getTime()).toBeGreaterThan(at.getTime());
        at = new Date(r.nextActionAt);
      }
    }
    expect(steps).toEqual(['waiting:call at a different time of day', 'waiting:text or email', 'waiting:final call', 'closed:-']);
    const closed = await t.store.db.selectFrom('cases').selectAll().where('patient_id', '=', d.patientId).executeTakeFirstOrThrow();
    expect(closed).toMatchObject({ state: 'closed', closed_reason: 'unreachable', unanswered_attempts: 4 });
    const attempts = await t.store.db.selectFrom('attempts').select(['outcome', 'compliance_decision_id', 'channel']).where('case_id', '=', closed.id).orderBy('id').execute();
    expect(attempts.map((a) => a.outcome)).toEqual(['no_answer', 'left_message', 'no_answer', 'no_answer']);
    expect(attempts.map((a) => a.channel)).toEqual(['voice', 'voice', 'sms', 'voice']);
    expect(attempts.every((a) => a.compliance_decision_id !== null)).toBe(true);
    const items = await t.store.db.selectFrom('due_items').select(['status', 'closed_reason']).where('patient_id', '=', d.patientId).execute();
    expect(items).toEqual([{ status: 'closed', closed_reason: 'unreachable' }, { status: 'closed', closed_reason: 'unreachable' }]);
    await planPatients(deps(minutes(at, 60)), { full: true });
    expect(await openCase(t.store, d.patientId)).toBeUndefined();
    const explained = await explainPatient(deps(minutes(at, 60)), { patient: 'D-1' });
    expect(explained.verdict.code).toBe('closed_by_outcome');
    expect(explained.items.find((i) => i.program === 'hygiene')?.why).toMatch(/^closed by the outcome "unreachable"/);
  });

  it('given Dana claimed a case, then Sam cannot claim it or record on it and is told who holds it since when, until the claim lapses', async () => {
    const e = await hygienePatient('E-1');
    await planPatients(deps(T0), { full: true });
    const theCase = await openCase(t.store, e.patientId);
    const claimed = await claimCase(deps(T0), { caseId: theCase!.id, userId: u1 });
    expect(claimed).toMatchObject({ claimedBy: u1, claimedAt: T0.toISOString(), lapsesAt: minutes(T0, 30).toISOString() });
    const second = claimCase(deps(minutes(T0, 4)), { caseId: theCase!.id, userId: u2 });
    await expect(second).rejects.toMatchObject({ code: 'conflict' });
    await expect(claimCase(deps(minutes(T0, 4)), { caseId: theCase!.id, userId: u2 })).rejects.toThrow(
      `Case #${theCase!.id} is already claimed by Dana Desk (user ${u1}) since 2026-11-24T15:00:00.000Z (4 min ago)`,
    );
    await expect(recordOutcome(deps(minutes(T0, 5)), { caseId: theCase!.id, outcome: 'No answer', actorUserId: u2 })).rejects.toThrow(/is being worked by Dana Desk/);
    expect(await rowsFor(minutes(T0, 5), e, 'sam@tampa.example')).toEqual([]);
    expect(await rowsFor(minutes(T0, 5), e, 'dana@tampa.example')).toHaveLength(1);
    const lapsed = await claimCase(deps(minutes(T0, 31)), { caseId: theCase!.id, userId: u2 });
    expect(lapsed.claimedBy).toBe(u2);
  });

  it('given "Opted out", then the opt-out goes through the gate (every channel blocked) and the case closes', async () => {
    const f = await hygienePatient('F-1');
    await planPatients(deps(T0), { full: true });
    const result = await recordOutcome(deps(T0), { patient: 'F-1', outcome: 'Opted out', user: 'dana@tampa.example' });
    expect(result).toMatchObject({ state: 'closed', closedReason: 'opted_out', optedOut: true });
    const optOuts = await t.store.db.selectFrom('opt_outs').selectAll().where('patient_id', '=', f.patientId).execute();
    expect(optOuts).toHaveLength(1);
    expect(optOuts[0]).toMatchObject({ contact_point_id: null, channel: null, received_via: 'staff', recorded_by: u1 });
    const gate = await checkContact(deps(minutes(T0, 1)), { patient: 'F-1', channel: 'voice', purpose: 'recall_due', automated: false });
    expect(gate.decision.reasons.map((r) => r.code)).toContain('opted_out');
  });

  it('given "Needs clinical question answered", then the case goes to the clinical queue due today at closing, and resolving it hands it back to the front desk', async () => {
    const g = await hygienePatient('G-1');
    await planPatients(deps(T0), { full: true });
    const result = await recordOutcome(deps(T0), { patient: 'G-1', outcome: 'Needs clinical question answered', user: 'dana@tampa.example' });
    expect(result).toMatchObject({ state: 'escalated', owner: { kind: 'queue', queue: 'clinical' }, escalation: { queue: 'clinical', dueAt: '2026-11-24T22:00:00.000Z' } });
    expect(await rowsFor(minutes(T0, 1), g)).toEqual([]);
    const queue = await buildWorklist(deps(minutes(T0, 1)), { queue: 'clinical', limit: 500 });
    const row = queue.rows.find((r) => r.patientId === 'G-1');
    expect(row?.escalations).toEqual([{ id: result.escalation!.id, queue: 'clinical', reason: 'Needs clinical question answered', dueAt: '2026-11-24T22:00:00.000Z' }]);
    expect(queue.counts.escalations).toBeGreaterThanOrEqual(1);
    const resolved = await resolveEscalation(deps(minutes(T0, 30)), { escalationId: result.escalation!.id, resolution: 'Dr. K: fine to wait until the cleaning', actorUserId: u1 });
    expect(resolved.caseState).toBe('open');
    const back = await rowsFor(minutes(T0, 31), g);
    expect(back[0]?.nextStep).toBe('call back: clinical answered');
    await expect(resolveEscalation(deps(minutes(T0, 32)), { escalationId: result.escalation!.id, resolution: 'again', actorUserId: u1 })).rejects.toThrow(/already resolved/);
  });

  it('given "Wrong number", then the number is marked invalid and the case closes; unknown labels are refused with the vocabulary', async () => {
    const h = await hygienePatient('H-1');
    await planPatients(deps(T0), { full: true });
    await expect(recordOutcome(deps(T0), { patient: 'H-1', outcome: 'Maybe later' })).rejects.toThrow(/"Maybe later" is not an outcome; use one of: "Scheduled", "Left message", "No answer", "Callback requested"/);
    await expect(recordOutcome(deps(T0), { patient: 'H-1', outcome: 'Callback requested' })).rejects.toThrow(/needs the time the patient asked for/);
    const result = await recordOutcome(deps(T0), { patient: 'H-1', outcome: 'Wrong number' });
    expect(result).toMatchObject({ state: 'closed', closedReason: 'wrong_number' });
    const mobile = await t.store.db.selectFrom('contact_points').select(['is_valid', 'invalid_reason']).where('id', '=', h.mobileId).executeTakeFirstOrThrow();
    expect(mobile.is_valid).toBe(false);
    expect(mobile.invalid_reason).toBe(`wrong number (outcome on attempt #${result.attemptId})`);
    await expect(recordOutcome(deps(T0), { patient: 'H-1', outcome: 'No answer' })).rejects.toThrow('Patient H-1 has no open case');
  });

  it('given a deceased patient with a cleaning due, then no case is opened and explain says why', async () => {
    const x = await hygienePatient('X-1');
    await t.store.db.updateTable('patients').set({ status: 'deceased' }).where('id', '=', x.patientId).execute();
    await planPatients(deps(T0), { patientIds: [x.patientId] });
    expect(await openCase(t.store, x.patientId)).toBeUndefined();
    const items = await t.store.db.selectFrom('due_items').select(['status', 'suppression_code']).where('patient_id', '=', x.patientId).execute();
    expect(items).toEqual([{ status: 'suppressed', suppression_code: 'deceased' }, { status: 'suppressed', suppression_code: 'deceased' }]);
    expect((await explainPatient(deps(T0), { patient: 'X-1' })).verdict).toEqual({ code: 'excluded', message: 'Not on the worklist: patient is deceased; every reason is kept but never worked.' });
  });

  it('given a visit the practice system already marks completed for next week, then reactivation stays until that visit starts and goes with the scheduled plan after it', async () => {
    const v = await seedPatient(t.store, { externalId: 'V-1', locationId: tampa, state: 'FL', zip: '33606', mobile: '+18132345998' });
    await t.store.db.insertInto('procedures').values({ patient_id: v.patientId, code: 'D0120', status: 'completed', performed_on: '2024-01-10', location_id: tampa }).execute();
    const visitStart = new Date('2026-12-01T15:00:00Z');
    await t.store.db.insertInto('appointments').values({ external_id: 'V-1-next', patient_id: v.patientId, starts_at: visitStart, status: 'completed', type: null, procedure_codes: [] }).execute();
    await planPatients(deps(T0), { patientIds: [v.patientId] });
    const reactivation = () => t.store.db.selectFrom('due_items').select('status').where('patient_id', '=', v.patientId).where('program_key', '=', 'reactivation').executeTakeFirst();
    expect(await reactivation()).toEqual({ status: 'open' });
    const recheck = await t.store.db.selectFrom('plan_rechecks').select('recheck_at').where('patient_id', '=', v.patientId).executeTakeFirstOrThrow();
    expect(new Date(recheck.recheck_at).getTime()).toBeLessThanOrEqual(visitStart.getTime());

    await planPatients(deps(new Date(visitStart.getTime() + 3_600_000)));
    expect(await reactivation()).toEqual({ status: 'closed' });
  });

  it('given a cleaning whose outreach opens in two days, then the scheduled plan leaves the patient alone tomorrow and opens the case on the day, with no data change', async () => {
    // Cleaning 2026-06-10 → due 2026-12-10 → outreach from 2026-11-26 00:00 in Tampa (05:00 UTC).
    const w = await seedPatient(t.store, { externalId: 'W-1', locationId: tampa, state: 'FL', zip: '33606', mobile: '+18132345999' });
    await t.store.db.insertInto('procedures').values({ patient_id: w.patientId, code: 'D1110', status: 'completed', performed_on: '2026-06-10', location_id: tampa }).execute();
    await planPatients(deps(T0), { patientIds: [w.patientId] });
    expect(await openCase(t.store, w.patientId)).toBeUndefined();
    const recheck = await t.store.db.selectFrom('plan_rechecks').select('recheck_at').where('patient_id', '=', w.patientId).executeTakeFirstOrThrow();
    expect(new Date(recheck.recheck_at).toISOString()).toBe('2026-11-26T05:00:00.000Z');

    const tomorrow = await planPatients(deps(new Date('2026-11-25T15:00:00Z')));
    expect(tomorrow.mode).toBe('incremental');
    expect(await openCase(t.store, w.patientId)).toBeUndefined();
    const stillAhead = await t.store.db.selectFrom('plan_rechecks').select('recheck_at').where('patient_id', '=', w.patientId).executeTakeFirstOrThrow();
    expect(new Date(stillAhead.recheck_at).toISOString()).toBe('2026-11-26T05:00:00.000Z');

    const onTheDay = new Date('2026-11-26T14:00:00Z');
    const result = await planPatients(deps(onTheDay));
    expect(result.rechecked).toBeGreaterThanOrEqual(1);
    const opened = await openCase(t.store, w.patientId);
    expect(opened).toMatchObject({ state: 'open', program_keys: ['hygiene'], due_on: '2026-12-10' });
    // 2026-11-26 is Thanksgiving: the first call waits for the next business day's opening hour.
    const firstCall = new Date(opened!.next_action_at as Date);
    expect(firstCall.getTime()).toBeGreaterThan(onTheDay.getTime());
    expect((await rowsFor(firstCall, w)).map((r) => r.reasons.map((reason) => [reason.program, reason.dueDate]))).toEqual([[['hygiene', '2026-12-10']]]);
  });
});

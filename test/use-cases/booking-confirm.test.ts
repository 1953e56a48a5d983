/**
 * Booking a time from a patient's request, on both backends, with one hygienist in one chair so times
 * really compete: a picked time is held (not offered to, nor picked by, another patient) until staff
 * confirm it; picks and confirmations of one time at the same moment book it once; a pick closes the
 * case's other booking links; a proposal or a call is booked in one action from the free times that
 * match it; a time picked days ago is confirmed an hour before it starts; and a confirmation that
 * cannot be recorded takes its appointment back.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { confirmBookingRequest, readBookingRequests } from '../../src/use-cases/booking/booking-requests.js';
import { issueLink } from '../../src/use-cases/booking/issue-link.js';
import { offerTimes } from '../../src/use-cases/booking/offer-times.js';
import { actOnLink, confirmIdentity, type PatientAction } from '../../src/use-cases/booking/patient-link.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { seedLocation, seedPatient } from '../helpers/seed-patients.js';
import { signInStaff } from '../helpers/staff-sessions.js';

const log = pino({ level: 'silent' });
// Monday 2026-09-14 07:00 EDT.
const now = new Date('2026-09-14T11:00:00Z');
const tokenOf = (url: string) => url.split('/b/')[1] as string;

describe.each(backends)('booking from requests on %s', (backend) => {
  let t: TestStore;
  let staffId: number;
  let otherStaffId: number;
  const deps = (at: Date = now) => ({ store: t.store, clock: fixedClock(at), log });
  const caseOf = async (externalId: string) => Number((await t.store.db.selectFrom('cases').innerJoin('patients', 'patients.id', 'cases.patient_id')
    .select('cases.id').where('patients.external_id', '=', externalId).where('cases.state', '!=', 'closed').executeTakeFirstOrThrow()).id);

  /** A confirmed page for the patient: a fresh booking link and its session. */
  async function page(externalId: string) {
    const link = await issueLink(deps(), { patient: externalId, baseUrl: null });
    const token = tokenOf(link.url);
    const { session } = await confirmIdentity(deps(), { token, dateOfBirth: '1985-04-02' });
    return { token, session: session as string, linkId: link.linkId };
  }
  const act = (p: { token: string; session: string }, action: PatientAction) => actOnLink(deps(), { token: p.token, session: p.session, action });

  beforeAll(async () => {
    t = await openTestStore(backend);
    const { db } = t.store;
    const office = await seedLocation(t.store, 'TPA', 'FL', 'America/New_York');
    const hygienist = (await db.insertInto('providers').values({ external_id: 'H1', name: 'H1', role: 'hygienist', location_id: office }).returning('id').executeTakeFirstOrThrow()).id;
    await db.insertInto('provider_schedules').values([1, 2, 3, 4, 5].map((weekday) => ({ location_id: office, provider_id: hygienist, chair: 'Op 1', weekday, starts_at: '08:00', ends_at: '17:00' }))).execute();
    for (let i = 1; i <= 10; i++) {
      const p = await seedPatient(t.store, { externalId: `BC-${i}`, locationId: office, state: 'FL', zip: '33606', mobile: `+181323457${String(i).padStart(2, '0')}` });
      await db.updateTable('patients').set({ birth_date: '1985-04-02' }).where('id', '=', p.patientId).execute();
      await db.insertInto('procedures').values({ patient_id: p.patientId, code: 'D1110', status: 'completed', performed_on: '2026-03-02', location_id: office }).execute();
    }
    await planPatients(deps(), { full: true });
    const staff = await signInStaff(deps(), [['desk', 'front_desk', ['TPA']], ['other', 'front_desk', ['TPA']]], 'harbor-booking-confirm-2026');
    staffId = staff.desk!.id;
    otherStaffId = staff.other!.id;
  }, 120_000);
  afterAll(async () => { await t?.dispose(); });

  it('holds a picked time: it is no longer offered to another patient, and picking it again is refused as taken', async () => {
    const first = await page('BC-1');
    const [time] = (await offerTimes(deps(), { caseId: await caseOf('BC-1') })).times;
    expect(await act(first, { kind: 'pick', startsAt: time!.startsAt })).toMatchObject({ kind: 'done', what: 'picked' });
    const othersOffer = (await offerTimes(deps(), { caseId: await caseOf('BC-2') })).times.map((x) => x.startsAt);
    expect(othersOffer).not.toContain(time!.startsAt);
    const second = await page('BC-2');
    expect(await act(second, { kind: 'pick', startsAt: time!.startsAt })).toMatchObject({ kind: 'open', problem: 'time_taken' });
  });

  it('lets only one of two patients picking the same time at the same moment hold it', async () => {
    const [a, b] = [await page('BC-3'), await page('BC-4')];
    const [time] = (await offerTimes(deps(), { caseId: await caseOf('BC-3') })).times;
    const answers = await Promise.all([a, b].map((p) => act(p, { kind: 'pick', startsAt: time!.startsAt })));
    expect(answers.map((v) => v.kind).sort()).toEqual(['done', 'open']);
    const held = await t.store.db.selectFrom('booking_requests').select('id').where('starts_at', '=', new Date(time!.startsAt)).where('confirmed_at', 'is', null).execute();
    expect(held).toHaveLength(1);
  });

  it('closes the case\'s other booking links when a time is picked, but keeps its preferences link', async () => {
    const other = await issueLink(deps(), { patient: 'BC-5', baseUrl: null });
    const preferences = await issueLink(deps(), { patient: 'BC-5', purpose: 'preferences', baseUrl: null });
    const p = await page('BC-5');
    const [time] = (await offerTimes(deps(), { caseId: await caseOf('BC-5') })).times;
    expect(await act(p, { kind: 'pick', startsAt: time!.startsAt })).toMatchObject({ kind: 'done' });
    const rows = await t.store.db.selectFrom('booking_links').select(['id', 'revoked_at', 'revoked_reason']).where('id', 'in', [other.linkId, preferences.linkId]).orderBy('id').execute();
    expect(rows).toEqual([
      { id: other.linkId, revoked_at: now, revoked_reason: 'a time was picked on another link' },
      { id: preferences.linkId, revoked_at: null, revoked_reason: null },
    ]);
  });

  it('confirms a time picked days ago an hour before it starts, booking the chair', async () => {
    const caseId = await caseOf('BC-1');
    const [request] = (await readBookingRequests(deps(), { caseId })).requests;
    const hourBefore = new Date(Date.parse(request!.startsAt!) - 60 * 60_000);
    const result = await confirmBookingRequest(deps(hourBefore), { requestId: request!.id, userId: staffId });
    expect(result.outcome.state).toBe('scheduled');
    const appointment = await t.store.db.selectFrom('appointments').select(['starts_at', 'chair', 'status', 'duration_minutes']).where('id', '=', result.appointmentId).executeTakeFirstOrThrow();
    expect(appointment).toEqual({ starts_at: new Date(request!.startsAt!), chair: 'Op 1', status: 'scheduled', duration_minutes: 60 });
  });

  it('books a proposal in one action from the free times that match it, and asks for a time when none is given', async () => {
    const p = await page('BC-6');
    expect(await act(p, { kind: 'propose', days: ['thu'], parts: ['afternoon'] })).toMatchObject({ kind: 'done', what: 'proposed' });
    const caseId = await caseOf('BC-6');
    const [request] = (await readBookingRequests(deps(), { caseId })).requests;
    expect(request).toMatchObject({ kind: 'proposal', label: 'Patient proposed Thu afternoons', canConfirm: true });
    expect(request!.suggestedTimes.length).toBeGreaterThan(0);
    for (const time of request!.suggestedTimes) expect(time.label).toMatch(/^Thu, Sep (17|24) · ([1-4]|12):\d\d PM$/);
    await expect(confirmBookingRequest(deps(), { requestId: request!.id, userId: staffId })).rejects.toMatchObject({
      code: 'invalid_input', message: `Booking request #${request!.id} ("Patient proposed Thu afternoons") names no exact time; give the time agreed with the patient (startsAt), for example one of its suggested times.`,
    });
    await expect(confirmBookingRequest(deps(), { requestId: request!.id, userId: staffId, startsAt: new Date('2026-09-19T14:00:00Z') })).rejects.toMatchObject({
      code: 'conflict', message: '2026-09-19T14:00:00.000Z is not a free time for this case (booked, outside the office\'s hours or schedules, or past); pick one of the suggested times.',
    });
    const chosen = request!.suggestedTimes[1] ?? request!.suggestedTimes[0]!;
    const booked = await confirmBookingRequest(deps(), { requestId: request!.id, userId: staffId, startsAt: new Date(chosen.startsAt) });
    expect(booked.outcome.state).toBe('scheduled');
    const appointment = await t.store.db.selectFrom('appointments').select('starts_at').where('id', '=', booked.appointmentId).executeTakeFirstOrThrow();
    expect(appointment.starts_at.toISOString()).toBe(chosen.startsAt);
  });

  it('books one of two requests confirmed for the same time at the same moment; the other is told the time is taken', async () => {
    const [a, b] = [await page('BC-7'), await page('BC-8')];
    for (const p of [a, b]) await act(p, { kind: 'propose', days: ['wed'], parts: ['morning'] });
    const requests = await Promise.all(['BC-7', 'BC-8'].map(async (id) => (await readBookingRequests(deps(), { caseId: await caseOf(id) })).requests[0]!));
    const startsAt = new Date(requests[0]!.suggestedTimes[0]!.startsAt);
    const answers = await Promise.allSettled(requests.map((r, i) => confirmBookingRequest(deps(), { requestId: r.id, userId: i === 0 ? staffId : otherStaffId, startsAt })));
    expect(answers.map((a) => a.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = answers.find((a) => a.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'conflict', message: `${startsAt.toISOString()} is not a free time for this case (booked, outside the office's hours or schedules, or past); pick one of the suggested times.` });
    const booked = await t.store.db.selectFrom('appointments').select('id').where('starts_at', '=', startsAt).where('status', '=', 'scheduled').execute();
    expect(booked).toHaveLength(1);
    const loser = requests[answers.indexOf(refused)]!;
    expect(await t.store.db.selectFrom('booking_requests').select(['confirmed_at', 'attempt_id']).where('id', '=', loser.id).executeTakeFirstOrThrow()).toEqual({ confirmed_at: null, attempt_id: null });
  });

  it('takes the appointment back when Scheduled cannot be recorded, and the request can be confirmed again', async () => {
    const p = await page('BC-9');
    const caseId = await caseOf('BC-9');
    const [time] = (await offerTimes(deps(), { caseId })).times;
    await act(p, { kind: 'pick', startsAt: time!.startsAt });
    const [request] = (await readBookingRequests(deps(), { caseId })).requests;
    // Another person is working the case: recording the outcome as this user is refused.
    await t.store.db.updateTable('cases').set({ claimed_by: otherStaffId, claimed_at: now }).where('id', '=', caseId).execute();
    await expect(confirmBookingRequest(deps(), { requestId: request!.id, userId: staffId })).rejects.toMatchObject({ code: 'conflict' });
    expect(await t.store.db.selectFrom('appointments').select('id').where('external_id', '=', `booking-request-${request!.id}`).execute()).toEqual([]);
    expect((await readBookingRequests(deps(), { caseId })).requests[0]).toMatchObject({ confirmedAt: null, canConfirm: true });
    await t.store.db.updateTable('cases').set({ claimed_by: null, claimed_at: null }).where('id', '=', caseId).execute();
    const booked = await confirmBookingRequest(deps(), { requestId: request!.id, userId: staffId });
    expect(booked.outcome.state).toBe('scheduled');
  });

  it('confirms a request whose earlier confirmation stopped midway: the stale claim and the row it left are taken over', async () => {
    const p = await page('BC-10');
    const caseId = await caseOf('BC-10');
    const [time] = (await offerTimes(deps(), { caseId })).times;
    await act(p, { kind: 'pick', startsAt: time!.startsAt });
    const [request] = (await readBookingRequests(deps(), { caseId })).requests;
    // What a process killed between booking the chair and recording Scheduled leaves behind.
    const crashedAt = new Date(now.getTime() - 10 * 60_000);
    await t.store.db.updateTable('booking_requests').set({ confirmed_at: crashedAt, confirmed_by: otherStaffId }).where('id', '=', request!.id).execute();
    await t.store.db.insertInto('appointments').values({
      external_source: 'recare', external_id: `booking-request-${request!.id}`, patient_id: (await t.store.db.selectFrom('cases').select('patient_id').where('id', '=', caseId).executeTakeFirstOrThrow()).patient_id,
      starts_at: new Date(time!.startsAt), duration_minutes: 60, status: 'scheduled', chair: 'Op 1', type: 'booked from the patient page', first_seen_at: crashedAt,
    }).execute();
    expect((await readBookingRequests(deps(), { caseId })).requests[0]).toMatchObject({ canConfirm: true });
    const booked = await confirmBookingRequest(deps(), { requestId: request!.id, userId: staffId });
    expect(booked.outcome.state).toBe('scheduled');
    const rows = await t.store.db.selectFrom('appointments').select(['starts_at', 'first_seen_at']).where('external_id', '=', `booking-request-${request!.id}`).execute();
    expect(rows).toEqual([{ starts_at: new Date(time!.startsAt), first_seen_at: now }]);
  });
});

/**
 * The booking link's life, on both backends: issued with only its hash stored; forged, expired, used
 * and revoked links all get the same "closed" answer and no data; three wrong dates of birth lock it
 * for 15 minutes; the texted code goes through the outbox once; a proposal lands on the case as a
 * booking request with the link used; "stop texts" goes through the durable opt-out path, revokes the
 * patient's open links and the gate then refuses texts.
 */
import { createHash } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { engagementsOf } from '../../src/db/queries/worklist.js';
import { checkContact } from '../../src/use-cases/check-contact.js';
import { issueLink } from '../../src/use-cases/booking/issue-link.js';
import { actOnLink, confirmIdentity, sendIdentityCode, viewLink } from '../../src/use-cases/booking/patient-link.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { recordOptOut } from '../../src/use-cases/record-opt-out.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { seedLocation, seedPatient, type SeededPatient } from '../helpers/seed-patients.js';

const log = pino({ level: 'silent' });
const now = new Date('2026-11-24T15:00:00.000Z');
const tokenOf = (url: string) => url.split('/b/')[1] as string;

describe.each(backends)('booking links on %s', (backend) => {
  let t: TestStore;
  let patient: SeededPatient;
  let other: SeededPatient;
  const deps = (at: Date = now) => ({ store: t.store, clock: fixedClock(at), log });

  beforeAll(async () => {
    t = await openTestStore(backend);
    const tpa = await seedLocation(t.store, 'TPA', 'FL', 'America/New_York');
    await t.store.db.updateTable('locations').set({ phone: '+18135550100' }).where('id', '=', tpa).execute();
    patient = await seedPatient(t.store, { externalId: 'BL-1', locationId: tpa, state: 'FL', zip: '33606', mobile: '+18132345611' });
    other = await seedPatient(t.store, { externalId: 'BL-2', locationId: tpa, state: 'FL', zip: '33606', mobile: '+18132345612' });
    await t.store.db.updateTable('patients').set({ first_name: 'Rosa', birth_date: '1980-03-07', language: 'es' }).where('id', '=', patient.patientId).execute();
    for (const p of [patient, other]) await t.store.db.insertInto('procedures').values({ patient_id: p.patientId, code: 'D1110', status: 'completed', performed_on: '2026-05-10', location_id: tpa }).execute();
    await planPatients(deps(), { full: true });
  }, 120_000);
  afterAll(async () => { await t?.dispose(); });

  it('stores only the SHA-256 of a 256-bit token, with purpose, patient, case and a 14-day expiry', async () => {
    const link = await issueLink(deps(), { patient: 'BL-1', baseUrl: 'https://recare.example.org' });
    const token = tokenOf(link.url);
    expect(link.url).toMatch(/^https:\/\/recare\.example\.org\/b\/[A-Za-z0-9_-]{43}$/);
    const row = await t.store.db.selectFrom('booking_links').selectAll().where('id', '=', link.linkId).executeTakeFirstOrThrow();
    expect(row.token_sha256).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row).toMatchObject({ purpose: 'booking', patient_id: patient.patientId, used_at: null, revoked_at: null });
    expect(row.case_id).toBe(link.caseId);
    expect(row.expires_at.toISOString()).toBe('2026-12-08T15:00:00.000Z');
  });

  it('refuses a purpose that does not exist, naming the allowed ones', async () => {
    await expect(issueLink(deps(), { patient: 'BL-1', purpose: 'billing', baseUrl: null })).rejects.toMatchObject({ code: 'invalid_input', message: 'Purpose "billing" is not a link purpose; allowed: booking, preferences.' });
  });

  it('shows only the practice name and the first name before the identity step, in the patient\'s language', async () => {
    const link = await issueLink(deps(), { patient: 'BL-1', baseUrl: null });
    const view = await viewLink(deps(), { token: tokenOf(link.url) });
    expect(view).toEqual({ kind: 'identify', practiceName: 'Office TPA', firstName: 'Rosa', language: 'es', canText: true, codeSent: false, problem: null, triesLeft: 3 });
    const opens = await t.store.db.selectFrom('booking_link_opens').select('case_id').where('link_id', '=', link.linkId).execute();
    expect(opens).toEqual([{ case_id: link.caseId }]);
  });

  it('answers a forged, an expired, a used and a revoked link alike: closed, no data', async () => {
    const forged = await viewLink(deps(), { token: 'A'.repeat(43) });
    const malformed = await viewLink(deps(), { token: 'not-a-token' });
    const expiring = await issueLink(deps(), { patient: 'BL-2', days: 1, baseUrl: null });
    const expired = await viewLink(deps(new Date(now.getTime() + 86_400_000 + 1)), { token: tokenOf(expiring.url) });
    const used = await issueLink(deps(), { patient: 'BL-2', baseUrl: null });
    await t.store.db.updateTable('booking_links').set({ used_at: now }).where('id', '=', used.linkId).execute();
    const revoked = await issueLink(deps(), { patient: 'BL-2', baseUrl: null });
    await t.store.db.updateTable('booking_links').set({ revoked_at: now }).where('id', '=', revoked.linkId).execute();
    for (const view of [forged, malformed, expired, await viewLink(deps(), { token: tokenOf(used.url) }), await viewLink(deps(), { token: tokenOf(revoked.url) })]) {
      expect(view).toEqual({ kind: 'closed' });
    }
    expect(await confirmIdentity(deps(), { token: tokenOf(used.url), dateOfBirth: '1980-03-07' })).toEqual({ view: { kind: 'closed' }, session: null });
  });

  it('locks the link for 15 minutes after three wrong dates of birth, even for the right one', async () => {
    const link = await issueLink(deps(), { patient: 'BL-1', baseUrl: null });
    const token = tokenOf(link.url);
    const first = await confirmIdentity(deps(), { token, dateOfBirth: '1980-03-08' });
    expect(first.view).toMatchObject({ kind: 'identify', problem: 'wrong_answer', triesLeft: 2 });
    await confirmIdentity(deps(), { token, dateOfBirth: '1981-03-07' });
    const third = await confirmIdentity(deps(), { token, dateOfBirth: '1980-07-03' });
    expect(third).toEqual({ view: { kind: 'locked', until: new Date(now.getTime() + 15 * 60_000), practiceName: 'Office TPA', firstName: 'Rosa', language: 'es' }, session: null });
    const during = await confirmIdentity(deps(new Date(now.getTime() + 14 * 60_000)), { token, dateOfBirth: '1980-03-07' });
    expect(during.view.kind).toBe('locked');
    expect(during.session).toBeNull();
    const after = await confirmIdentity(deps(new Date(now.getTime() + 15 * 60_000 + 1)), { token, dateOfBirth: '1980-03-07' });
    expect(after.view.kind).toBe('open');
    expect(after.session).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('gives guesses sent in parallel three tries in all: the link locks, the rest are refused unchecked, and the patient\'s other links lock too', async () => {
    const otherLink = await issueLink(deps(), { patient: 'BL-1', baseUrl: null });
    const link = await issueLink(deps(), { patient: 'BL-1', baseUrl: null });
    const token = tokenOf(link.url);
    const guesses = ['1980-03-01', '1980-03-02', '1980-03-03', '1980-03-04', '1980-03-05', '1980-03-06'];
    const answers = await Promise.all(guesses.map((dateOfBirth) => confirmIdentity(deps(), { token, dateOfBirth })));
    expect(answers.filter((a) => a.view.kind === 'locked').length).toBeGreaterThanOrEqual(4);
    expect(answers.every((a) => a.session === null)).toBe(true);
    const row = await t.store.db.selectFrom('booking_links').select(['failed_checks', 'locked_until']).where('id', '=', link.linkId).executeTakeFirstOrThrow();
    expect(row).toEqual({ failed_checks: 3, locked_until: new Date(now.getTime() + 15 * 60_000) });
    // The right date now is refused too, on this link and on the patient's other link.
    expect((await confirmIdentity(deps(), { token, dateOfBirth: '1980-03-07' })).view.kind).toBe('locked');
    expect((await confirmIdentity(deps(), { token: tokenOf(otherLink.url), dateOfBirth: '1980-03-07' })).view.kind).toBe('locked');
  });

  it('locks for longer each round (15 minutes, then an hour) and revokes the link after nine wrong answers', async () => {
    const link = await issueLink(deps(), { patient: 'BL-1', baseUrl: null });
    const token = tokenOf(link.url);
    const wrong = (at: Date) => confirmIdentity(deps(at), { token, dateOfBirth: '1999-01-01' });
    await wrong(now); await wrong(now);
    expect((await wrong(now)).view).toMatchObject({ kind: 'locked', until: new Date(now.getTime() + 15 * 60_000) });
    const round2 = new Date(now.getTime() + 16 * 60_000);
    await wrong(round2); await wrong(round2);
    expect((await wrong(round2)).view).toMatchObject({ kind: 'locked', until: new Date(round2.getTime() + 60 * 60_000) });
    const round3 = new Date(round2.getTime() + 61 * 60_000);
    await wrong(round3); await wrong(round3);
    expect(await wrong(round3)).toEqual({ view: { kind: 'closed' }, session: null });
    const row = await t.store.db.selectFrom('booking_links').select(['revoked_reason']).where('id', '=', link.linkId).executeTakeFirstOrThrow();
    expect(row.revoked_reason).toBe('identity checks failed');
    expect((await confirmIdentity(deps(round3), { token, dateOfBirth: '1980-03-07' })).view.kind).toBe('closed');
  });

  it('texts a 6-digit code through the outbox once, even when asked twice, and accepts it', async () => {
    const link = await issueLink(deps(), { patient: 'BL-1', baseUrl: null });
    const token = tokenOf(link.url);
    expect(await sendIdentityCode(deps(), { token })).toMatchObject({ kind: 'identify', codeSent: true });
    expect(await sendIdentityCode(deps(), { token })).toMatchObject({ kind: 'identify', codeSent: true });
    const queued = await t.store.db.selectFrom('outbox').select(['key', 'to_address', 'body', 'origin']).where('key', 'like', `link-${link.linkId}-code-%`).execute();
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ key: `link-${link.linkId}-code-1`, to_address: '+18132345611', origin: 'reply' });
    const code = /(\d{6})/.exec(queued[0]!.body ?? '')?.[1] as string;
    expect(queued[0]!.body).toBe(`Office TPA: su código es ${code}. Vence en 10 minutos.`);
    const row = await t.store.db.selectFrom('booking_links').select('code_sha256').where('id', '=', link.linkId).executeTakeFirstOrThrow();
    expect(row.code_sha256).toBe(createHash('sha256').update(code).digest('hex'));
    const confirmed = await confirmIdentity(deps(), { token, code });
    expect(confirmed.view.kind).toBe('open');
  });

  it('puts a proposal on the case as a booking request at the top, and uses the link', async () => {
    const link = await issueLink(deps(), { patient: 'BL-1', baseUrl: null });
    const token = tokenOf(link.url);
    const { session } = await confirmIdentity(deps(), { token, dateOfBirth: '1980-03-07' });
    expect(await actOnLink(deps(), { token, session: 'B'.repeat(43), action: { kind: 'not_now' } })).toMatchObject({ kind: 'identify' });
    const done = await actOnLink(deps(), { token, session: session as string, action: { kind: 'propose', days: ['tue', 'thu'], parts: ['morning'] } });
    expect(done).toMatchObject({ kind: 'done', what: 'proposed', label: 'Patient proposed Tue, Thu mornings' });
    const request = await t.store.db.selectFrom('booking_requests').select(['kind', 'label', 'case_id']).where('link_id', '=', link.linkId).executeTakeFirstOrThrow();
    expect(request).toEqual({ kind: 'proposal', label: 'Patient proposed Tue, Thu mornings', case_id: link.caseId });
    const theCase = await t.store.db.selectFrom('cases').select(['next_step', 'next_action_at', 'priority_why']).where('id', '=', link.caseId as number).executeTakeFirstOrThrow();
    expect(theCase).toEqual({ next_step: 'call to book: Patient proposed Tue, Thu mornings', next_action_at: now, priority_why: 'Patient proposed Tue, Thu mornings' });
    const inbound = await t.store.db.selectFrom('inbound_messages').select(['channel', 'body', 'intent', 'handled_at']).where('case_id', '=', link.caseId as number).where('body', 'like', 'Patient proposed%').execute();
    expect(inbound).toEqual([{ channel: 'web', body: 'Patient proposed Tue, Thu mornings', intent: 'other', handled_at: null }]);
    expect(await viewLink(deps(), { token, session: session as string })).toEqual({ kind: 'closed' });
  });

  it('a double tap of the same form puts one request on the case', async () => {
    const link = await issueLink(deps(), { patient: 'BL-1', baseUrl: null });
    const token = tokenOf(link.url);
    const { session } = await confirmIdentity(deps(), { token, dateOfBirth: '1980-03-07' });
    const action = { kind: 'propose' as const, days: ['wed' as const], parts: ['afternoon' as const] };
    const [a, b] = await Promise.all([actOnLink(deps(), { token, session: session as string, action }), actOnLink(deps(), { token, session: session as string, action })]);
    expect([a.kind, b.kind].sort()).toEqual(['closed', 'done']);
    expect(await t.store.db.selectFrom('booking_requests').select('id').where('link_id', '=', link.linkId).execute()).toHaveLength(1);
  });

  it('records "stop texts" through the durable opt-out path, revokes open links, and the gate then refuses texts', async () => {
    const spare = await issueLink(deps(), { patient: 'BL-2', baseUrl: null });
    const link = await issueLink(deps(), { patient: 'BL-2', purpose: 'preferences', baseUrl: null });
    await t.store.db.updateTable('patients').set({ birth_date: '1975-12-31' }).where('id', '=', other.patientId).execute();
    const token = tokenOf(link.url);
    const { session } = await confirmIdentity(deps(), { token, dateOfBirth: '1975-12-31' });
    const before = await checkContact(deps(), { patient: 'BL-2', channel: 'sms', purpose: 'recall_due', automated: true });
    expect(before.decision.allowed).toBe(true);
    const done = await actOnLink(deps(), { token, session: session as string, action: { kind: 'preferences', preferredChannel: 'voice', language: 'en', bestTime: 'evening', stopTexts: true, stopEmails: false } });
    expect(done).toMatchObject({ kind: 'done', what: 'preferences' });
    const optOuts = await t.store.db.selectFrom('opt_outs').select(['contact_point_id', 'channel', 'received_via']).where('patient_id', '=', other.patientId).execute();
    expect(optOuts).toEqual([{ contact_point_id: other.mobileId, channel: 'sms', received_via: 'portal' }]);
    const after = await checkContact(deps(), { patient: 'BL-2', channel: 'sms', purpose: 'recall_due', automated: true });
    expect(after.decision.allowed).toBe(false);
    const links = await t.store.db.selectFrom('booking_links').select(['id', 'revoked_reason']).where('id', 'in', [spare.linkId, link.linkId]).orderBy('id').execute();
    expect(links).toEqual([{ id: spare.linkId, revoked_reason: 'opt-out' }, { id: link.linkId, revoked_reason: 'opt-out' }]);
    const saved = await t.store.db.selectFrom('patients').select(['preferred_channel', 'best_time_of_day', 'language']).where('id', '=', other.patientId).executeTakeFirstOrThrow();
    expect(saved).toEqual({ preferred_channel: 'voice', best_time_of_day: 'evening', language: 'en' });
  });

  it('counts a second look at a booking link within 7 days as engagement (kind "link"); one look is not, nor any look at a preferences link', async () => {
    const preferences = await issueLink(deps(), { patient: 'BL-2', purpose: 'preferences', baseUrl: null });
    await t.store.db.deleteFrom('booking_link_opens').where('case_id', '=', preferences.caseId as number).execute();
    await viewLink(deps(new Date('2026-11-25T15:00:00Z')), { token: tokenOf(preferences.url) });
    await viewLink(deps(new Date('2026-11-26T15:00:00Z')), { token: tokenOf(preferences.url) });
    expect(await t.store.db.selectFrom('booking_link_opens').select('id').where('link_id', '=', preferences.linkId).execute()).toEqual([]);
    const link = await issueLink(deps(), { patient: 'BL-2', purpose: 'booking', baseUrl: null });
    const caseId = link.caseId as number;
    await t.store.db.deleteFrom('booking_link_opens').where('case_id', '=', caseId).execute();
    await t.store.db.deleteFrom('inbound_messages').where('case_id', '=', caseId).execute();
    const first = new Date('2026-11-25T15:00:00Z');
    const second = new Date('2026-11-30T15:00:00Z');
    await viewLink(deps(first), { token: tokenOf(link.url) });
    await viewLink(deps(new Date(first.getTime() + 60_000)), { token: tokenOf(link.url) });
    expect((await engagementsOf(t.store.db, [caseId], second)).get(caseId)).toBeUndefined();
    await viewLink(deps(second), { token: tokenOf(link.url) });
    expect((await engagementsOf(t.store.db, [caseId], second)).get(caseId)).toEqual({ at: second, kind: 'link' });
  });

  it('revokes open links on an opt-out recorded elsewhere (STOP, staff)', async () => {
    const link = await issueLink(deps(), { patient: 'BL-1', baseUrl: null });
    await recordOptOut(deps(), { patient: { recareId: patient.patientId }, contactPointId: patient.emailId, channel: 'email', purposeClass: null, via: 'staff' });
    expect(await viewLink(deps(), { token: tokenOf(link.url) })).toEqual({ kind: 'closed' });
  });
});

/**
 * The dispatcher against the loopback Twilio stand-in, on both backends: due hygiene texts are
 * handed over once each, with a StatusCallback, the attempt recorded before Twilio sees the request;
 * Twilio's refusals land where staff see them (21211: the number invalid; 21610: an opt-out); 429 and
 * 500 are retried with backoff; a booking made while a text is queued stops it with the reason on the
 * entry; the managers' pause stops everything. Clocks are pinned (see helpers/texting-clinic.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { writePause } from '../../src/db/queries/outbox.js';
import { maxSendTries, retryDelaySeconds } from '../../src/domain/messaging/retry-backoff.js';
import { dispatchDueTouches } from '../../src/use-cases/messaging/dispatch-due-touches.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { startTwilioStandIn, type TwilioStandIn } from '../helpers/twilio-stand-in.js';
import {
  messagingDeps, seedTextingClinic, standInProviders, statusCallbackUrl, testAccountSid, testAuthToken, testFromNumber, textDueAt, type TextingPatient,
} from '../helpers/texting-clinic.js';

const after = (at: Date, seconds: number) => new Date(at.getTime() + seconds * 1000);

async function outboxOf(t: TestStore, caseId: number) {
  return t.store.db.selectFrom('outbox').selectAll().where('case_id', '=', caseId).execute();
}

describe.each(backends)('dispatching due texts through Twilio on %s', (backend) => {
  let t: TestStore;
  let standIn: TwilioStandIn;
  let patients: TextingPatient[];
  // P0 and P1 go at once; P2's number is invalid (21211); P3 replied STOP at Twilio (21610);
  // P4 meets a rate limit (429) and P5 a server error (500) on the first try; P6 a server error
  // that never clears; P7 a rate limit, and is booked before the retry.
  let ok: TextingPatient[];
  let invalid: TextingPatient;
  let stopped: TextingPatient;
  let limited: TextingPatient;
  let broken: TextingPatient;
  let alwaysBroken: TextingPatient;
  let bookedWhileWaiting: TextingPatient;
  const deps = (at: Date) => messagingDeps(t.store, standInProviders(t.store, standIn, at), at);

  beforeAll(async () => {
    t = await openTestStore(backend);
    ({ patients } = await seedTextingClinic(t.store, 8));
    [ok, invalid, stopped, limited, broken, alwaysBroken, bookedWhileWaiting] = [patients.slice(0, 2), patients[2]!, patients[3]!, patients[4]!, patients[5]!, patients[6]!, patients[7]!];
    standIn = await startTwilioStandIn({ accountSid: testAccountSid, authToken: testAuthToken, clock: fixedClock(textDueAt), ownedNumbers: [testFromNumber] });
    standIn.failFor(invalid.mobile, { status: 400, code: 21211 });
    standIn.failFor(stopped.mobile, { status: 400, code: 21610 });
    standIn.failFor(limited.mobile, { status: 429, retryAfter: 30 });
    standIn.failFor(broken.mobile, { status: 500 });
    standIn.failFor(alwaysBroken.mobile, { status: 500 });
    standIn.failFor(bookedWhileWaiting.mobile, { status: 429 });
  });
  afterAll(async () => {
    await standIn.close();
    await t.dispose();
  });

  it('hands each due text over once, with StatusCallback, after its attempt was recorded', async () => {
    // Hold the first create: while Twilio has the request and the dispatcher waits, the attempt must already be stored.
    const held = standIn.holdNext();
    const pass = dispatchDueTouches(deps(textDueAt));
    const message = await held.received;
    const first = (await outboxOf(t, ok[0]!.caseId))[0]!;
    expect(message.to).toBe(ok[0]!.mobile);
    expect(first.state).toBe('sending');
    const attempt = await t.store.db.selectFrom('attempts').selectAll().where('id', '=', first.attempt_id).executeTakeFirstOrThrow();
    expect(attempt).toMatchObject({ actor_kind: 'automation', idempotency_key: first.key, channel: 'sms', direction: 'out', case_id: ok[0]!.caseId, template_key: 'hygiene_recall_sms' });
    expect(attempt.compliance_decision_id).not.toBeNull();
    expect(attempt.compliance_decision_id).toBe(first.compliance_decision_id);
    const decision = await t.store.db.selectFrom('compliance_decisions').selectAll().where('id', '=', attempt.compliance_decision_id).executeTakeFirstOrThrow();
    expect(decision).toMatchObject({ allowed: true, automated: true, channel: 'sms', purpose: 'recall_due', patient_id: ok[0]!.patientId });
    held.release();

    const summary = await pass;
    expect(summary).toMatchObject({ paused: false, queued: 8, claimed: 8 });
    expect(summary.results).toMatchObject({ sent: 2, failed: 2, retrying: 4, skipped: 0 });
    for (const patient of ok) {
      const sent = standIn.messagesTo(patient.mobile);
      expect(sent).toHaveLength(1);
      expect(sent[0]!.from).toBe(testFromNumber);
      // Our key rides in the callback address, so a report that beats the provider's answer still finds its message.
      const expectedCallback = `${statusCallbackUrl}?k=case-${patient.caseId}-step-2`;
      expect(sent[0]!.statusCallback).toBe(expectedCallback);
      expect(sent[0]!.form.StatusCallback).toEqual([expectedCallback]);
      expect(sent[0]!.body).toMatch(/Reply STOP to opt out\.$/);
      const [entry] = await outboxOf(t, patient.caseId);
      expect(entry).toMatchObject({ state: 'sent', provider: 'twilio', provider_message_id: sent[0]!.sid, tries: 1, reason: null, to_address: patient.mobile });
      const attempts = await t.store.db.selectFrom('attempts').select(['idempotency_key', 'outcome']).where('case_id', '=', patient.caseId).where('actor_kind', '=', 'automation').execute();
      expect(attempts).toEqual([{ idempotency_key: entry!.key, outcome: 'left_message' }]);
    }
  });

  it('21211: the entry fails for staff to see and the number is marked invalid', async () => {
    const [entry] = await outboxOf(t, invalid.caseId);
    expect(entry).toMatchObject({ state: 'failed', error_code: '21211', delivery_state: 'failed' });
    expect(entry!.reason).toBe("not sent: Twilio answered HTTP 400 with error 21211: the 'To' number is not a valid phone number");
    const point = await t.store.db.selectFrom('contact_points').select(['is_valid', 'invalid_reason']).where('id', '=', invalid.mobileId).executeTakeFirstOrThrow();
    expect(point).toEqual({ is_valid: false, invalid_reason: `provider error 21211 on outbox #${entry!.id}` });
    const events = await t.store.db.selectFrom('attempt_events').select(['status', 'detail']).where('attempt_id', '=', entry!.attempt_id).execute();
    expect(events).toEqual([{ status: 'failed', detail: `21211: ${entry!.reason}` }]);
    // The case had moved on as if the text had gone: it comes back to its owner now, a person's step.
    const theCase = await t.store.db.selectFrom('cases').select(['next_step', 'next_channel', 'next_action_at', 'priority_why']).where('id', '=', invalid.caseId).executeTakeFirstOrThrow();
    expect(theCase).toEqual({
      next_step: 'the text did not arrive (invalid address): check the contact details, then choose the next touch', next_channel: null, next_action_at: textDueAt, priority_why: 'text failed (21211)',
    });
  });

  it('21610: the entry fails and an opt-out is recorded through the durable path', async () => {
    const [entry] = await outboxOf(t, stopped.caseId);
    expect(entry).toMatchObject({ state: 'failed', error_code: '21610' });
    expect(entry!.reason).toBe('not sent: the provider says the recipient opted out (21610)');
    const optOuts = await t.store.db.selectFrom('opt_outs').select(['contact_point_id', 'channel', 'received_via', 'evidence', 'journal_id']).where('patient_id', '=', stopped.patientId).execute();
    expect(optOuts).toHaveLength(1);
    expect(optOuts[0]).toMatchObject({ contact_point_id: stopped.mobileId, channel: null, received_via: 'sms_keyword', evidence: `provider error 21610 on outbox #${entry!.id}` });
    expect(optOuts[0]!.journal_id).not.toBeNull();
    const theCase = await t.store.db.selectFrom('cases').select(['next_step', 'next_channel']).where('id', '=', stopped.caseId).executeTakeFirstOrThrow();
    expect(theCase).toEqual({ next_step: 'the text did not arrive (opted out): check the contact details, then choose the next touch', next_channel: null });
  });

  it('429 and 500: retried with backoff, then sent once each', async () => {
    const [limitedEntry] = await outboxOf(t, limited.caseId);
    const [brokenEntry] = await outboxOf(t, broken.caseId);
    // 429: nothing was created, so the entry is simply due again; at least Twilio's Retry-After, at least the backoff.
    expect(limitedEntry).toMatchObject({ state: 'due', error_code: '20429', tries: 1, lease_owner: null });
    expect(limitedEntry!.next_try_at).toEqual(after(textDueAt, retryDelaySeconds(1, 30)));
    expect(limitedEntry!.reason).toBe('retrying: Twilio answered HTTP 429 with error 20429: too many requests; retry after 30 s');
    // 500: Twilio may have created it, so it stays "sending" until the lease runs out, to be reconciled first.
    expect(brokenEntry).toMatchObject({ state: 'sending', error_code: 'http_500', tries: 1 });
    expect(brokenEntry!.lease_until).toEqual(after(textDueAt, retryDelaySeconds(1)));
    expect(standIn.messagesTo(limited.mobile)).toHaveLength(0);
    expect(standIn.messagesTo(broken.mobile)).toHaveLength(0);

    // Before the backoff is over, nothing is tried.
    const early = await dispatchDueTouches(deps(after(textDueAt, 30)));
    expect(early.claimed).toBe(0);

    standIn.clearFailFor(limited.mobile);
    standIn.clearFailFor(broken.mobile);
    standIn.clearFailFor(bookedWhileWaiting.mobile);
    // Booked for Wednesday 2026-12-09 09:00 EST while P7's text waits for its retry.
    await t.store.db.insertInto('appointments').values({
      external_id: 'APT-P7', patient_id: bookedWhileWaiting.patientId, location_id: null, provider_id: null, starts_at: new Date('2026-12-09T14:00:00Z'), status: 'scheduled', type: 'hygiene', confirmed_at: null,
    }).execute();
    const retryAt = after(textDueAt, retryDelaySeconds(1) + 1);
    const retry = await dispatchDueTouches(deps(retryAt));
    expect(retry.results).toMatchObject({ sent: 2, skipped: 1, retrying: 1, failed: 0 });
    for (const patient of [limited, broken]) {
      const sent = standIn.messagesTo(patient.mobile);
      expect(sent).toHaveLength(1);
      const [entry] = await outboxOf(t, patient.caseId);
      expect(entry).toMatchObject({ state: 'sent', provider_message_id: sent[0]!.sid, tries: 2, reason: null, error_code: null, sent_at: retryAt });
      // One attempt for the message, however many tries it took.
      const attempts = await t.store.db.selectFrom('attempts').select('idempotency_key').where('case_id', '=', patient.caseId).where('actor_kind', '=', 'automation').execute();
      expect(attempts).toEqual([{ idempotency_key: entry!.key }]);
    }
    // The 500 was reconciled against Twilio's list before the resend (it had not kept the message).
    expect(standIn.requests.some((r) => r.method === 'GET' && r.query.get('To') === broken.mobile)).toBe(true);
    expect(standIn.requests.some((r) => r.method === 'GET' && r.query.get('To') === limited.mobile)).toBe(false);
  });

  it('a booking imported while a rate-limited text waits for its retry: not sent, the reason on the entry', async () => {
    const [entry] = await outboxOf(t, bookedWhileWaiting.caseId);
    expect(entry).toMatchObject({ state: 'skipped', reason: 'skipped: appointment booked for 2026-12-09', tries: 1, lease_owner: null });
    expect(standIn.messagesTo(bookedWhileWaiting.mobile)).toHaveLength(0);
    const events = await t.store.db.selectFrom('attempt_events').select(['status', 'detail']).where('attempt_id', '=', entry!.attempt_id).execute();
    expect(events).toEqual([{ status: 'failed', detail: 'not sent: appointment booked for 2026-12-09' }]);
  });

  it('a server error that never clears: each try reconciles first, the backoff grows, and after the last try the entry fails', async () => {
    const creates = () => standIn.requests.filter((r) => r.method === 'POST' && r.form.To?.[0] === alwaysBroken.mobile).length;
    expect(creates()).toBe(2);
    const delays: number[] = [];
    for (;;) {
      const [entry] = await outboxOf(t, alwaysBroken.caseId);
      if (entry!.state !== 'sending') break;
      const at = new Date(entry!.lease_until!.getTime() + 1000);
      delays.push((entry!.lease_until!.getTime() - entry!.updated_at.getTime()) / 1000);
      await dispatchDueTouches(deps(at));
      if (delays.length > maxSendTries + 2) throw new Error('the entry never stopped retrying');
    }
    const [entry] = await outboxOf(t, alwaysBroken.caseId);
    expect(entry).toMatchObject({ state: 'failed', error_code: 'http_500', tries: maxSendTries, lease_owner: null });
    expect(entry!.reason).toBe(`not sent after ${maxSendTries} tries: Twilio answered HTTP 500 with error 20500: the message may have been created anyway, so reconcile before sending it again`);
    expect(delays).toEqual(Array.from({ length: maxSendTries - 2 }, (_, i) => retryDelaySeconds(i + 2)));
    expect(creates()).toBe(maxSendTries);
    expect(standIn.messagesTo(alwaysBroken.mobile)).toHaveLength(0);
  });

  it('a later pass sends nothing new, and the failed and skipped entries stay so', async () => {
    const before = standIn.messages.length;
    const later = await dispatchDueTouches(deps(after(textDueAt, 6 * 3600)));
    expect(later).toMatchObject({ queued: 0, claimed: 0 });
    expect(standIn.messages).toHaveLength(before);
    expect(standIn.messages.map((m) => m.to).sort()).toEqual([...ok, limited, broken].map((p) => p.mobile).sort());
    const states = await t.store.db.selectFrom('outbox').select(['case_id', 'state']).orderBy('case_id').execute();
    expect(states.map((s) => s.state)).toEqual(['sent', 'sent', 'failed', 'failed', 'sent', 'sent', 'failed', 'skipped']);
  });
});

describe.each(backends)('a booking, an opt-out or the pause stops queued texts on %s', (backend) => {
  let t: TestStore;
  let standIn: TwilioStandIn;
  let patients: TextingPatient[];
  const deps = (at: Date) => messagingDeps(t.store, standInProviders(t.store, standIn, at), at);
  // Thursday 2026-12-03 08:00 EST: the office opens, and the day's texts are spread over the morning.
  const opening = new Date('2026-12-03T13:00:00Z');
  const lateMorning = new Date('2026-12-03T16:30:00Z');

  beforeAll(async () => {
    t = await openTestStore(backend);
    ({ patients } = await seedTextingClinic(t.store, 3));
    standIn = await startTwilioStandIn({ accountSid: testAccountSid, authToken: testAuthToken, clock: fixedClock(opening) });
  });
  afterAll(async () => {
    await standIn.close();
    await t.dispose();
  });

  it('at opening time the texts are queued and spread over the morning, not sent at once', async () => {
    const summary = await dispatchDueTouches(deps(opening));
    expect(summary).toMatchObject({ queued: 3, claimed: 3 });
    expect(summary.results.deferred).toBe(3);
    expect(standIn.messages).toHaveLength(0);
    for (const p of patients) {
      const [entry] = await outboxOf(t, p.caseId);
      expect(entry!.state).toBe('due');
      expect(entry!.reason).toMatch(/^paced: goes out Thu (08|09|10):\d\d office time$/);
      expect(entry!.next_try_at.getTime()).toBeGreaterThan(opening.getTime());
      expect(entry!.next_try_at.getTime()).toBeLessThanOrEqual(after(opening, 180 * 60).getTime());
    }
  });

  it('a pause stops every queued text until it is lifted', async () => {
    await writePause(t.store.db, true, null, 'checking the templates', lateMorning);
    const paused = await dispatchDueTouches(deps(lateMorning));
    // Automated steps are not even taken while paused: they stay queued, as they were.
    expect(paused).toMatchObject({ paused: true, queued: 0, claimed: 0 });
    expect(paused.results.sent).toBe(0);
    expect(standIn.messages).toHaveLength(0);
    for (const p of patients) {
      const [entry] = await outboxOf(t, p.caseId);
      expect(entry).toMatchObject({ state: 'due', lease_owner: null, attempt_id: null });
      expect(entry!.reason).toMatch(/^paced: /);
    }
    await writePause(t.store.db, false, null, null, lateMorning);
  });

  it('a booking imported while a text is queued: never sent, and the reason says so', async () => {
    const booked = patients[0]!;
    // Booked for Wednesday 2026-12-09 09:00 EST (14:00 UTC) while its text waits.
    await t.store.db.insertInto('appointments').values({
      external_id: 'APT-BOOKED', patient_id: booked.patientId, location_id: null, provider_id: null, starts_at: new Date('2026-12-09T14:00:00Z'), status: 'scheduled', type: 'hygiene', confirmed_at: null,
    }).execute();
    const resumeAt = after(lateMorning, 61);
    const summary = await dispatchDueTouches(deps(resumeAt));
    expect(summary.results).toMatchObject({ sent: 2, skipped: 1 });
    expect(standIn.messagesTo(booked.mobile)).toHaveLength(0);
    const [entry] = await outboxOf(t, booked.caseId);
    expect(entry).toMatchObject({ state: 'skipped', reason: 'skipped: appointment booked for 2026-12-09', attempt_id: null, lease_owner: null });
    // Nothing was recorded as a touch for it, and the gate was not even asked.
    expect(entry!.compliance_decision_id).toBeNull();
    expect(await t.store.db.selectFrom('attempts').select('id').where('idempotency_key', '=', entry!.key).execute()).toEqual([]);
    for (const p of patients.slice(1)) expect(standIn.messagesTo(p.mobile)).toHaveLength(1);
  });
});

describe.each(backends)('a retry that comes due after the calling window has closed, on %s', (backend) => {
  let t: TestStore;
  let standIn: TwilioStandIn;
  let patient: TextingPatient;
  const deps = (at: Date) => messagingDeps(t.store, standInProviders(t.store, standIn, at), at);
  // Wednesday 2026-12-02 15:30 EST: the text's first try meets a rate limit that asks for five hours.
  const firstTry = new Date('2026-12-02T20:30:00Z');
  const asked = 5 * 3600;

  beforeAll(async () => {
    t = await openTestStore(backend);
    patient = (await seedTextingClinic(t.store, 1)).patients[0]!;
    standIn = await startTwilioStandIn({ accountSid: testAccountSid, authToken: testAuthToken, clock: fixedClock(firstTry) });
    standIn.failFor(patient.mobile, { status: 429, retryAfter: asked });
  });
  afterAll(async () => {
    await standIn.close();
    await t.dispose();
  });

  it('waits for the morning instead of texting at 20:30 in Tampa, then goes once, allowed by a decision of that instant', async () => {
    expect((await dispatchDueTouches(deps(firstTry))).results.retrying).toBe(1);
    standIn.clearFailFor(patient.mobile);
    const [limited] = await outboxOf(t, patient.caseId);
    expect(limited!.next_try_at).toEqual(after(firstTry, asked));

    // 20:30 EST: Florida's window for texts ended at 20:00.
    const late = await dispatchDueTouches(deps(after(firstTry, asked)));
    expect(late.results).toMatchObject({ deferred: 1, sent: 0 });
    expect(standIn.messagesTo(patient.mobile)).toHaveLength(0);
    const [waiting] = await outboxOf(t, patient.caseId);
    expect(waiting).toMatchObject({ state: 'due', tries: 1, lease_owner: null });
    expect(waiting!.reason).toMatch(/^(waiting|paced): /);
    const morning = waiting!.next_try_at;
    expect(morning.getTime()).toBeGreaterThanOrEqual(new Date('2026-12-03T13:00:00Z').getTime());
    expect(morning.getTime()).toBeLessThan(new Date('2026-12-03T22:00:00Z').getTime());

    const next = await dispatchDueTouches(deps(morning));
    expect(next.results).toMatchObject({ sent: 1 });
    expect(standIn.messagesTo(patient.mobile)).toHaveLength(1);
    const [sent] = await outboxOf(t, patient.caseId);
    expect(sent).toMatchObject({ state: 'sent', tries: 2, sent_at: morning });
    const decision = await t.store.db.selectFrom('compliance_decisions').select(['allowed', 'decided_at']).where('id', '=', sent!.compliance_decision_id).executeTakeFirstOrThrow();
    expect(decision).toEqual({ allowed: true, decided_at: morning });
    const attempts = await t.store.db.selectFrom('attempts').select('idempotency_key').where('case_id', '=', patient.caseId).where('actor_kind', '=', 'automation').execute();
    expect(attempts).toEqual([{ idempotency_key: sent!.key }]);
  });
});

describe.each(backends)('the send rate per minute holds across passes, on %s', (backend) => {
  let t: TestStore;
  let standIn: TwilioStandIn;
  const deps = (at: Date) => messagingDeps(t.store, standInProviders(t.store, standIn, at), at, { settings: { smsPerMinute: 2 } });

  beforeAll(async () => {
    t = await openTestStore(backend);
    await seedTextingClinic(t.store, 5);
    standIn = await startTwilioStandIn({ accountSid: testAccountSid, authToken: testAuthToken, clock: fixedClock(textDueAt) });
  });
  afterAll(async () => {
    await standIn.close();
    await t.dispose();
  });

  it('two texts a minute, however often the dispatcher passes (the server passes every 10 s)', async () => {
    const sentAfter = async (seconds: number) => {
      await dispatchDueTouches(deps(after(textDueAt, seconds)));
      return standIn.messages.length;
    };
    expect(await sentAfter(0)).toBe(2);
    expect(await sentAfter(10)).toBe(2);
    expect(await sentAfter(50)).toBe(2);
    expect(await sentAfter(61)).toBe(4);
    expect(await sentAfter(70)).toBe(4);
    expect(await sentAfter(122)).toBe(5);
    const states = await t.store.db.selectFrom('outbox').select('state').execute();
    expect(states.map((s) => s.state)).toEqual(Array(5).fill('sent'));
  });
});

describe.each(backends)('hand-offs four at a time, on %s', (backend) => {
  let t: TestStore;
  let standIn: TwilioStandIn;
  let patients: TextingPatient[];

  beforeAll(async () => {
    t = await openTestStore(backend);
    // Two patients share each number (families), as in a real practice.
    ({ patients } = await seedTextingClinic(t.store, 12, { mobileFor: (i) => `+1813234${String(5700 + Math.floor(i / 2)).padStart(4, '0')}` }));
    standIn = await startTwilioStandIn({ accountSid: testAccountSid, authToken: testAuthToken, clock: fixedClock(textDueAt) });
  });
  afterAll(async () => {
    await standIn.close();
    await t.dispose();
  });

  it('sends every due text once, with one attempt each, however the hand-offs interleave', async () => {
    const summary = await dispatchDueTouches(messagingDeps(t.store, standInProviders(t.store, standIn, textDueAt), textDueAt, { settings: { parallelHandOffs: 4 } }));
    expect(summary.claimed).toBe(12);
    const attempts = await t.store.db.selectFrom('attempts').select(['idempotency_key']).where('channel', '=', 'sms').execute();
    const keys = attempts.map((a) => a.idempotency_key).sort();
    expect(new Set(keys).size).toBe(keys.length);
    // Whatever the caps let through, it went exactly once; nothing was left half-done.
    const rows = await t.store.db.selectFrom('outbox').select(['state', 'key']).execute();
    expect(rows.every((r) => r.state === 'sent' || r.state === 'due' || r.state === 'skipped')).toBe(true);
    const sent = rows.filter((r) => r.state === 'sent').map((r) => r.key).sort();
    expect(sent).toEqual(keys);
    expect(standIn.messages).toHaveLength(sent.length);
    expect(summary.results.sent).toBe(sent.length);
    expect(sent.length).toBeGreaterThanOrEqual(6);
    for (const p of patients) expect(standIn.messagesTo(p.mobile).length).toBeLessThanOrEqual(2);
  });
});

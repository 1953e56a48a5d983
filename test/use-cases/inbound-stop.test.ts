/**
 * Inbound texts, on both backends: STOP from a number two patients share (a parent and a child)
 * records an opt-out for both before the call returns (the time is measured and reported, not
 * asserted), and from the next dispatch on no text goes to that number: the texts already queued for
 * it are skipped with a reason. "Stop texting me" does the same and is flagged for staff. HELP queues
 * the help reply, which the next pass sends. A number no patient has is kept, unmatched. A provider
 * that delivers the same message twice gets it stored once.
 * Clocks: texts queued at Thursday 2026-12-03 08:00 EST (paced over the morning), replies at 08:05,
 * the next pass at 11:30 (see helpers/texting-clinic.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import type { InboundMessage } from '../../src/channels/channel.js';
import { markCaseRepliesHandled } from '../../src/db/queries/inbound-messages.js';
import { dispatchDueTouches } from '../../src/use-cases/messaging/dispatch-due-touches.js';
import { handleInboundMessage } from '../../src/use-cases/messaging/handle-inbound-message.js';
import { defaultMessagingSettings } from '../../src/use-cases/messaging/messaging-deps.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { startTwilioStandIn, type TwilioStandIn } from '../helpers/twilio-stand-in.js';
import {
  messagingDeps, mobileOf, seedTextingClinic, silentLog, standInProviders, testAccountSid, testAuthToken, testFromNumber, type TextingPatient,
} from '../helpers/texting-clinic.js';

const opening = new Date('2026-12-03T13:00:00Z');
const replyAt = new Date('2026-12-03T13:05:00Z');
const lateMorning = new Date('2026-12-03T16:30:00Z');
const unknownNumber = '+14155550123';

describe.each(backends)('inbound texts on %s', (backend) => {
  let t: TestStore;
  let standIn: TwilioStandIn;
  let patients: TextingPatient[];
  // P0 and P1 share a number (parent and child); P2 writes "stop texting me"; P3 asks for HELP; P4 hears nothing.
  let family: TextingPatient[];
  let writer: TextingPatient;
  let helpSeeker: TextingPatient;
  let quiet: TextingPatient;
  let sequence = 0;
  const inboundDeps = (at: Date) => ({ store: t.store, clock: fixedClock(at), log: silentLog, messaging: defaultMessagingSettings });
  const inbound = (from: string, body: string, providerMessageId = `SM${String(++sequence).padStart(32, '0')}`): InboundMessage =>
    ({ providerMessageId, from, to: testFromNumber, body, providerKeyword: null });
  const dispatchDeps = (at: Date) => messagingDeps(t.store, standInProviders(t.store, standIn, at), at);
  const entryOf = async (p: TextingPatient) => t.store.db.selectFrom('outbox').selectAll().where('case_id', '=', p.caseId).executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await openTestStore(backend);
    ({ patients } = await seedTextingClinic(t.store, 5, { mobileFor: (i) => mobileOf(i === 1 ? 0 : i) }));
    [family, writer, helpSeeker, quiet] = [patients.slice(0, 2), patients[2]!, patients[3]!, patients[4]!];
    standIn = await startTwilioStandIn({ accountSid: testAccountSid, authToken: testAuthToken, clock: fixedClock(lateMorning), ownedNumbers: [testFromNumber] });
    // The day's texts are queued at opening and wait for their paced slots.
    const queued = await dispatchDeps(opening);
    const summary = await dispatchDueTouches(queued);
    expect(summary).toMatchObject({ queued: 5 });
    expect(summary.results.deferred).toBe(5);
  });
  afterAll(async () => {
    await standIn.close();
    await t.dispose();
  });

  it('STOP from a shared number: an opt-out for every patient with it, recorded before the call returns', async () => {
    const started = process.hrtime.bigint();
    const result = await handleInboundMessage(inboundDeps(replyAt), 'twilio', inbound(family[0]!.mobile, 'Stop'));
    const optOuts = await t.store.db.selectFrom('opt_outs').select(['patient_id', 'contact_point_id', 'channel', 'purpose_class', 'received_via', 'received_at', 'journal_id'])
      .where('patient_id', 'in', family.map((p) => p.patientId)).orderBy('patient_id').execute();
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    console.info(`STOP → opt-out recorded for ${optOuts.length} patients in ${elapsedMs.toFixed(1)} ms (${backend})`);

    expect(result).toMatchObject({ duplicate: false, intent: 'opt_out', optedOut: true });
    expect(result.patientIds.sort()).toEqual(family.map((p) => p.patientId).sort());
    expect(optOuts).toEqual(family.map((p) => ({
      patient_id: p.patientId, contact_point_id: p.mobileId, channel: null, purpose_class: null, received_via: 'sms_keyword', received_at: replyAt, journal_id: expect.any(String),
    })));
    const stored = await t.store.db.selectFrom('inbound_messages').selectAll().where('id', '=', result.inboundId).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ intent: 'opt_out', flagged: false, from_address: family[0]!.mobile, provider: 'twilio' });
    // No confirmation text by default: the provider sends its own.
    expect(await t.store.db.selectFrom('outbox').select('id').where('origin', '=', 'reply').execute()).toEqual([]);
  });

  it('"stop texting me": suppressed at once and flagged for a person to confirm', async () => {
    const message = inbound(writer.mobile, 'Please stop texting me');
    const result = await handleInboundMessage(inboundDeps(replyAt), 'twilio', message);
    expect(result).toMatchObject({ intent: 'possible_opt_out', optedOut: true, patientIds: [writer.patientId], caseId: writer.caseId });
    const stored = await t.store.db.selectFrom('inbound_messages').select(['flagged', 'intent', 'case_id']).where('id', '=', result.inboundId).executeTakeFirstOrThrow();
    expect(stored).toEqual({ flagged: true, intent: 'possible_opt_out', case_id: writer.caseId });
    const optOut = await t.store.db.selectFrom('opt_outs').select(['contact_point_id', 'evidence']).where('patient_id', '=', writer.patientId).executeTakeFirstOrThrow();
    expect(optOut.contact_point_id).toBe(writer.mobileId);
    // Recorded before the message itself is stored (the stored row is what makes a retry a duplicate), so named by the provider's id.
    expect(optOut.evidence).toBe(`inbound message ${message.providerMessageId} (reads as an opt-out: "STOP TEXTING"; a person confirms)`);
    const theCase = await t.store.db.selectFrom('cases').select(['next_step', 'priority_why']).where('id', '=', writer.caseId).executeTakeFirstOrThrow();
    expect(theCase).toEqual({ next_step: 'confirm the opt-out the patient wrote', priority_why: 'patient replied at 08:05' });
  });

  it('HELP: the help text is queued as a reply to the number', async () => {
    const result = await handleInboundMessage(inboundDeps(replyAt), 'twilio', inbound(helpSeeker.mobile, 'help'));
    expect(result).toMatchObject({ intent: 'help', optedOut: false });
    const reply = await t.store.db.selectFrom('outbox').selectAll().where('key', '=', `reply-${result.inboundId}`).executeTakeFirstOrThrow();
    expect(reply).toMatchObject({ origin: 'reply', channel: 'sms', state: 'due', to_address: helpSeeker.mobile, patient_id: helpSeeker.patientId, next_try_at: replyAt });
    expect(reply.body).toBe('Office TPA: for help call (555) 010-0000. Reply STOP to opt out.');
  });

  it('a number no patient has: kept in the unmatched list, with no patient and no case', async () => {
    const result = await handleInboundMessage(inboundDeps(replyAt), 'twilio', inbound(unknownNumber, 'Who is this?'));
    expect(result).toMatchObject({ duplicate: false, intent: 'other', patientIds: [], caseId: null, optedOut: false });
    const stored = await t.store.db.selectFrom('inbound_messages').select(['patient_ids', 'case_id', 'body', 'from_address']).where('id', '=', result.inboundId).executeTakeFirstOrThrow();
    expect(stored).toEqual({ patient_ids: [], case_id: null, body: 'Who is this?', from_address: unknownNumber });
  });

  it('the same provider message delivered twice is stored and acted on once', async () => {
    const message = inbound(quiet.mobile, 'Is Tuesday ok?', 'SM0000000000000000000000000000dupe');
    const first = await handleInboundMessage(inboundDeps(replyAt), 'twilio', message);
    const again = await handleInboundMessage(inboundDeps(new Date(replyAt.getTime() + 30_000)), 'twilio', message);
    expect(first).toMatchObject({ duplicate: false, intent: 'other' });
    expect(again).toMatchObject({ duplicate: true, inboundId: null });
    const rows = await t.store.db.selectFrom('inbound_messages').select('id').where('provider_message_id', '=', message.providerMessageId).execute();
    expect(rows).toEqual([{ id: first.inboundId }]);
  });

  it('from the next dispatch on, no text goes to the numbers that opted out; the queued ones say why', async () => {
    // A minute after the replies: the HELP answer goes at once, ahead of the paced recall texts.
    const soon = await dispatchDueTouches(dispatchDeps(new Date(replyAt.getTime() + 60_000)));
    expect(soon.results).toMatchObject({ sent: 1 });
    expect(standIn.messages.map((m) => m.to)).toEqual([helpSeeker.mobile]);
    const summary = await dispatchDueTouches(dispatchDeps(lateMorning));
    for (const p of family) {
      const entry = await entryOf(p);
      expect(entry.state).toBe('skipped');
      expect(entry.reason).toMatch(/^skipped: the contact gate said no: .*opted out/i);
      expect(entry.attempt_id).toBeNull();
      expect(standIn.messagesTo(p.mobile)).toHaveLength(0);
    }
    // The help reply goes. It is an answer, not outreach: it records no attempt and counts against no
    // cap, so the patient's recall text goes as planned.
    expect(standIn.messagesTo(helpSeeker.mobile).map((m) => m.body).sort()).toEqual([
      'Hi Test, you\'re due for your regular visit at Office TPA. Call (555) 010-0000 to book. Reply STOP to opt out.',
      'Office TPA: for help call (555) 010-0000. Reply STOP to opt out.',
    ]);
    const help = await t.store.db.selectFrom('outbox').select(['attempt_id', 'state']).where('origin', '=', 'reply').where('to_address', '=', helpSeeker.mobile).executeTakeFirstOrThrow();
    expect(help).toEqual({ attempt_id: null, state: 'sent' });
    expect((await entryOf(helpSeeker)).state).toBe('sent');
    // The ones awaiting an answer wait for a person: "stop texting me" too (its number is blocked, but
    // only a person can tell whether the patient meant every channel), and nothing went to either.
    for (const p of [quiet, writer]) {
      expect(await entryOf(p)).toMatchObject({ state: 'due', reason: 'waiting: the patient replied; a person answers first', attempt_id: null });
      expect(standIn.messagesTo(p.mobile)).toHaveLength(0);
    }
    expect(summary.results).toMatchObject({ sent: 1, deferred: 2, skipped: 2 });
  });

  it('an answer to HELP the dispatcher reaches more than 5 minutes after the text is not sent, and says why', async () => {
    const asked = await handleInboundMessage(inboundDeps(lateMorning), 'twilio', inbound(unknownNumber, 'HELP'));
    expect(asked.intent).toBe('help');
    const before = standIn.messages.length;
    await dispatchDueTouches(dispatchDeps(new Date(lateMorning.getTime() + 301_000)));
    const answer = await t.store.db.selectFrom('outbox').select(['state', 'reason', 'attempt_id']).where('key', '=', `reply-${asked.inboundId}`).executeTakeFirstOrThrow();
    expect(answer).toEqual({ state: 'skipped', reason: 'skipped: an automatic answer to a keyword is sent within 5 minutes of it or not at all', attempt_id: null });
    expect(standIn.messages.slice(before).map((m) => m.to)).not.toContain(unknownNumber);
  });

  it('once a person marks a reply handled, no automated step fires by itself: what the person does next decides', async () => {
    await markCaseRepliesHandled(t.store.db, quiet.caseId, null, lateMorning);
    const later = new Date(lateMorning.getTime() + 20 * 60_000);
    await dispatchDueTouches(dispatchDeps(later));
    const rows = await t.store.db.selectFrom('outbox').select(['state', 'reason']).where('case_id', '=', quiet.caseId).execute();
    expect(rows).toEqual([{ state: 'skipped', reason: 'skipped: a newer step replaced it' }]);
    const theCase = await t.store.db.selectFrom('cases').select(['next_step', 'next_channel', 'next_action_at']).where('id', '=', quiet.caseId).executeTakeFirstOrThrow();
    expect(theCase).toEqual({ next_step: 'answer the patient\'s reply', next_channel: null, next_action_at: replyAt });
    expect(standIn.messagesTo(quiet.mobile)).toHaveLength(0);
  });
});

/**
 * STOP binds the number, not only the patients who have it today (compliance README: a revocation
 * from a number stops every automated call and text to it), on both backends:
 *   - STOP from a number no patient has is kept, listed for staff, and blocks a patient who gets the
 *     number later; START from it ends the block;
 *   - the caps date a message by its latest hand-off, so a text recorded yesterday and sent this
 *     morning counts as a touch of this morning.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import type { InboundMessage } from '../../src/channels/channel.js';
import { loadGateFacts } from '../../src/db/queries/gate-facts.js';
import { loadGateFactsFor } from '../../src/db/queries/gate-facts-bulk.js';
import { authorizeTouch } from '../../src/use-cases/authorize-touch.js';
import { dispatchDueTouches } from '../../src/use-cases/messaging/dispatch-due-touches.js';
import { handleInboundMessage } from '../../src/use-cases/messaging/handle-inbound-message.js';
import { readUnmatchedReplies } from '../../src/use-cases/messaging/manage-outbox.js';
import { defaultMessagingSettings } from '../../src/use-cases/messaging/messaging-deps.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { startTwilioStandIn, type TwilioStandIn } from '../helpers/twilio-stand-in.js';
import {
  messagingDeps, seedTextingClinic, silentLog, standInProviders, testAccountSid, testAuthToken, testFromNumber, textDueAt, type TextingPatient,
} from '../helpers/texting-clinic.js';

const stopAt = new Date(textDueAt.getTime() - 3_600_000);
const newNumber = '+18135550177';

describe.each(backends)('STOP kept by the number on %s', (backend) => {
  let t: TestStore;
  let standIn: TwilioStandIn;
  let movedIn: TextingPatient;
  let other: TextingPatient;
  const inbound = (body: string, id: string): InboundMessage => ({ providerMessageId: id, from: newNumber, to: testFromNumber, body, providerKeyword: null });
  const inboundDeps = (at: Date) => ({ store: t.store, clock: fixedClock(at), log: silentLog, messaging: { ...defaultMessagingSettings, stopConfirmation: null } });
  const askGate = (p: TextingPatient, at: Date) => authorizeTouch({ store: t.store, clock: fixedClock(at), log: silentLog }, {
    patient: { recareId: p.patientId }, channel: 'sms', purpose: 'recall_due', automated: true, programKey: 'hygiene',
  });

  beforeAll(async () => {
    t = await openTestStore(backend);
    const { patients } = await seedTextingClinic(t.store, 2);
    [movedIn, other] = patients as [TextingPatient, TextingPatient];
    standIn = await startTwilioStandIn({ accountSid: testAccountSid, authToken: testAuthToken, clock: fixedClock(textDueAt), ownedNumbers: [testFromNumber] });
  });
  afterAll(async () => {
    await standIn.close();
    await t.dispose();
  });

  it('STOP from a number no patient has: kept, listed for staff, and a patient who gets the number later is not texted', async () => {
    const result = await handleInboundMessage(inboundDeps(stopAt), 'twilio', inbound('STOP', `SM${'7'.repeat(32)}`));
    expect(result).toMatchObject({ intent: 'opt_out', patientIds: [], caseId: null, optedOut: true, duplicate: false });
    const listed = await readUnmatchedReplies({ store: t.store });
    expect(listed.messages).toEqual([expect.objectContaining({ from: newNumber, intent: 'opt_out', knownPatient: false })]);

    // An import changes the first patient's mobile to that number (the consent stays with the point).
    const before = await askGate(movedIn, textDueAt);
    expect(before.decision.allowed).toBe(true);
    await t.store.db.updateTable('contact_points').set({ value: newNumber }).where('patient_id', '=', movedIn.patientId).where('value', '=', movedIn.mobile).execute();
    const after = await askGate(movedIn, textDueAt);
    expect(after.decision.allowed).toBe(false);
    expect(after.decision.reasons.map((r) => r.code)).toContain('opted_out');
    // The worklist's bulk facts agree with the hand-off's.
    const bulk = (await loadGateFactsFor(t.store.db, [movedIn.patientId], textDueAt)).get(movedIn.patientId)!;
    expect(bulk.optOuts).toEqual((await loadGateFacts(t.store.db, movedIn.patientId, textDueAt))!.optOuts);
    expect(bulk.optOuts).toEqual([expect.objectContaining({ contactPointId: after.contactPointId ?? before.contactPointId, channel: null, purposeClass: null, receivedAt: stopAt, revokedAt: null })]);

    const summary = await dispatchDueTouches(messagingDeps(t.store, standInProviders(t.store, standIn, textDueAt), textDueAt));
    expect(summary.results).toMatchObject({ sent: 1, skipped: 1 });
    expect(standIn.messages.map((m) => m.to)).toEqual([other.mobile]);
    const skipped = await t.store.db.selectFrom('outbox').select(['state', 'reason']).where('case_id', '=', movedIn.caseId).executeTakeFirstOrThrow();
    expect(skipped.state).toBe('skipped');
    expect(skipped.reason).toMatch(/^skipped: the contact gate said no: .*opted out/i);
  });

  it('START from the number ends the block', async () => {
    const startAt = new Date(textDueAt.getTime() + 60_000);
    const result = await handleInboundMessage(inboundDeps(startAt), 'twilio', inbound('START', `SM${'8'.repeat(32)}`));
    expect(result.intent).toBe('opt_in');
    const rows = await t.store.db.selectFrom('number_opt_outs').select(['value', 'revoked_at']).execute();
    expect(rows).toEqual([{ value: newNumber, revoked_at: startAt }]);
    const again = await askGate(movedIn, new Date(startAt.getTime() + 60_000));
    expect(again.decision.reasons.map((r) => r.code)).not.toContain('opted_out');
    expect(again.decision.allowed).toBe(true);
  });

  it('the caps date a message by its latest hand-off: recorded yesterday, sent this morning, it is a touch of this morning', async () => {
    const sent = await t.store.db.selectFrom('outbox').select(['id', 'attempt_id', 'handed_off_at']).where('case_id', '=', other.caseId).executeTakeFirstOrThrow();
    const attempt = await t.store.db.selectFrom('attempts').select('occurred_at').where('id', '=', sent.attempt_id).executeTakeFirstOrThrow();
    expect(attempt.occurred_at).toEqual(textDueAt);
    const nextMorning = new Date(textDueAt.getTime() + 20 * 3_600_000);
    // As if Twilio had answered 429 and the retry went out the next morning.
    await t.store.db.updateTable('outbox').set({ handed_off_at: nextMorning }).where('id', '=', sent.id).execute();
    const later = new Date(nextMorning.getTime() + 3_600_000);
    const single = (await loadGateFacts(t.store.db, other.patientId, later))!.history.filter((h) => h.channel === 'sms');
    const bulk = (await loadGateFactsFor(t.store.db, [other.patientId], later)).get(other.patientId)!.history.filter((h) => h.channel === 'sms');
    expect(single.map((h) => h.occurredAt)).toEqual([nextMorning]);
    expect(bulk.map((h) => h.occurredAt)).toEqual([nextMorning]);
    // Eight days after the first recording but within eight of the hand-off, it still counts.
    const weekOn = new Date(textDueAt.getTime() + 8.5 * 86_400_000);
    expect((await loadGateFacts(t.store.db, other.patientId, weekOn))!.history.filter((h) => h.channel === 'sms')).toHaveLength(1);
  });
});

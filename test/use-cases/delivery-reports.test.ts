/**
 * Delivery reports that race the provider's own answer, on both backends. Twilio may call the status
 * callback before the dispatcher has recorded the 201 (the callback address carries our key, so the
 * report finds its message while it is still "sending"), and it sends "sent" and "delivered" moments
 * apart. Whatever the order, the state only moves forward and a reported failure is never erased.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import type { DeliveryEvent } from '../../src/channels/channel.js';
import { dispatchDueTouches } from '../../src/use-cases/messaging/dispatch-due-touches.js';
import { recordDeliveryEvents } from '../../src/use-cases/messaging/record-delivery-events.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { startTwilioStandIn, type TwilioStandIn } from '../helpers/twilio-stand-in.js';
import { messagingDeps, seedTextingClinic, silentLog, standInProviders, testAccountSid, testAuthToken, testFromNumber, textDueAt, type TextingPatient } from '../helpers/texting-clinic.js';

const report = (sid: string, key: string | null, state: DeliveryEvent['state'], errorCode: string | null = null): DeliveryEvent => ({
  eventId: `${sid}:${state}`, providerMessageId: sid, key, state, errorCode, addressInvalid: false, optedOut: false, recipient: null, occurredAt: textDueAt,
});

describe.each(backends)('delivery reports racing the provider answer on %s', (backend) => {
  let t: TestStore;
  let standIn: TwilioStandIn;
  let patients: TextingPatient[];
  const deps = () => messagingDeps(t.store, standInProviders(t.store, standIn, textDueAt), textDueAt);
  const reportDeps = () => ({ store: t.store, clock: fixedClock(textDueAt), log: silentLog });
  const entryOf = (caseId: number) => t.store.db.selectFrom('outbox').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
  const caseTextedAt = (mobile: string) => patients.find((p) => p.mobile === mobile)!.caseId;

  beforeAll(async () => {
    t = await openTestStore(backend);
    ({ patients } = await seedTextingClinic(t.store, 3));
    standIn = await startTwilioStandIn({ accountSid: testAccountSid, authToken: testAuthToken, clock: fixedClock(textDueAt), ownedNumbers: [testFromNumber] });
  });
  afterAll(async () => {
    await standIn.close();
    await t.dispose();
  });

  it('"delivered" before the 201 is recorded stays delivered; "undelivered" before it stays failed with its code', async () => {
    const firstHeld = standIn.holdNext();
    const pass = dispatchDueTouches(deps(), { limit: 2 });
    const first = await firstHeld.received;
    const early = caseTextedAt(first.to);
    const firstEntry = await entryOf(early);
    expect(firstEntry.state).toBe('sending');
    expect(await recordDeliveryEvents(reportDeps(), 'twilio', [report(first.sid, firstEntry.key, 'delivered')])).toEqual({ applied: 1, duplicates: 0, unknown: 0 });
    const secondHeld = standIn.holdNext();
    firstHeld.release();
    const second = await secondHeld.received;
    const failing = caseTextedAt(second.to);
    const secondEntry = await entryOf(failing);
    await recordDeliveryEvents(reportDeps(), 'twilio', [report(second.sid, secondEntry.key, 'failed', '30003')]);
    secondHeld.release();
    expect((await pass).results).toMatchObject({ sent: 2 });

    expect(await entryOf(early)).toMatchObject({ state: 'sent', delivery_state: 'delivered', provider_message_id: first.sid, reason: null, lease_owner: null });
    expect(await entryOf(failing)).toMatchObject({ state: 'failed', delivery_state: 'failed', error_code: '30003', reason: 'not delivered (30003)', provider_message_id: second.sid, lease_owner: null });
    // The case it was for comes back to a person; the delivered one's stays on its cadence.
    const caseOf = (id: number) => t.store.db.selectFrom('cases').select(['next_step', 'next_channel', 'priority_why']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(await caseOf(failing)).toEqual({ next_step: 'the text did not arrive (not delivered): check the contact details, then choose the next touch', next_channel: null, priority_why: 'text failed (30003)' });
    expect((await caseOf(early)).next_channel).not.toBeNull();
  });

  it('"sent" and "delivered" applied at the same moment end as delivered, whichever commits last', async () => {
    expect((await dispatchDueTouches(deps())).results).toMatchObject({ sent: 1 });
    const third = caseTextedAt(standIn.messages.at(-1)!.to);
    const entry = await entryOf(third);
    expect(entry.delivery_state).toBe('queued');
    const sid = entry.provider_message_id!;
    // Both read the entry before either writes; the lock inside each makes the second see the first.
    await Promise.all([
      recordDeliveryEvents(reportDeps(), 'twilio', [report(sid, entry.key, 'delivered')]),
      recordDeliveryEvents(reportDeps(), 'twilio', [report(sid, entry.key, 'sent')]),
    ]);
    expect(await entryOf(third)).toMatchObject({ state: 'sent', delivery_state: 'delivered' });
    const events = await t.store.db.selectFrom('attempt_events').select('status').where('attempt_id', '=', entry.attempt_id).orderBy('status').execute();
    // "sent" is listed only when it was applied first; "delivered" always is.
    expect(events.map((e) => e.status)).toEqual(expect.arrayContaining(['delivered', 'queued']));
  });
});

/**
 * The last look just before the provider is called (after the attempt was recorded), on both
 * backends: a booking or an opt-out of the number in that instant stops the text,
 * with the reason on the entry and a "failed" event on its attempt; nothing reaches Twilio.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { dispatchDueTouches } from '../../src/use-cases/messaging/dispatch-due-touches.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { startTwilioStandIn, type TwilioStandIn } from '../helpers/twilio-stand-in.js';
import { messagingDeps, seedTextingClinic, standInProviders, testAccountSid, testAuthToken, testFromNumber, textDueAt, type TextingPatient } from '../helpers/texting-clinic.js';

describe.each(backends)('the last look before the provider call on %s', (backend) => {
  let t: TestStore;
  let standIn: TwilioStandIn;
  let patients: TextingPatient[];

  beforeAll(async () => {
    t = await openTestStore(backend);
    ({ patients } = await seedTextingClinic(t.store, 3));
    standIn = await startTwilioStandIn({ accountSid: testAccountSid, authToken: testAuthToken, clock: fixedClock(textDueAt), ownedNumbers: [testFromNumber] });
  });
  afterAll(async () => {
    await standIn.close();
    await t.dispose();
  });

  it('a booking or a STOP from the number between the recorded attempt and the call stops the text; the case the hand-off itself closed does not', async () => {
    const [booked, stopped, last] = patients as [TextingPatient, TextingPatient, TextingPatient];
    const deps = messagingDeps(t.store, standInProviders(t.store, standIn, textDueAt), textDueAt, {
      onStep: async (step, outboxId) => {
        if (step !== 'attempt-recorded') return;
        const entry = await t.store.db.selectFrom('outbox').select('case_id').where('id', '=', outboxId).executeTakeFirstOrThrow();
        if (entry.case_id === booked.caseId) {
          await t.store.db.insertInto('appointments').values({
            external_id: 'APT-LAST', patient_id: booked.patientId, location_id: null, provider_id: null, starts_at: new Date('2026-12-09T14:00:00Z'), status: 'scheduled', type: 'hygiene', confirmed_at: null,
          }).execute();
        } else if (entry.case_id === stopped.caseId) {
          await t.store.db.insertInto('number_opt_outs').values({ value: stopped.mobile, received_at: new Date(textDueAt.getTime() + 1), evidence: 'test' }).execute();
        } else {
          // As when the text is the cadence's last step: the hand-off's own move closes the case.
          await t.store.db.updateTable('cases').set({ state: 'closed', closed_reason: 'unreachable', closed_at: textDueAt }).where('id', '=', last.caseId).execute();
        }
      },
    });
    const summary = await dispatchDueTouches(deps);
    expect(summary.results).toMatchObject({ skipped: 2, sent: 1 });
    expect(standIn.messages.map((m) => m.to)).toEqual([last.mobile]);
    const entries = await t.store.db.selectFrom('outbox').select(['case_id', 'state', 'reason', 'attempt_id']).orderBy('case_id').execute();
    const reasonOf = (p: TextingPatient) => entries.find((e) => e.case_id === p.caseId)?.reason;
    expect(reasonOf(booked)).toBe('skipped: an appointment was booked just before it was sent');
    expect(reasonOf(stopped)).toBe('skipped: the patient opted out just before it was sent');
    for (const entry of entries.filter((e) => e.case_id !== last.caseId)) {
      expect(entry.state).toBe('skipped');
      const events = await t.store.db.selectFrom('attempt_events').select('status').where('attempt_id', '=', entry.attempt_id).execute();
      expect(events).toEqual([{ status: 'failed' }]);
    }
  });
});

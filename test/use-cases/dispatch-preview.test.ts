/**
 * `recare dispatch --dry-run` against the pass it previews, on both backends: it writes nothing, and
 * for every message it says what the real pass then does, with the same reason: one goes, one is
 * stopped by a booking, one by an opt-out (the gate), one waits because its patient wrote and
 * nobody has answered yet (not even queued).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { dispatchDueTouches } from '../../src/use-cases/messaging/dispatch-due-touches.js';
import { handleInboundMessage } from '../../src/use-cases/messaging/handle-inbound-message.js';
import { defaultMessagingSettings } from '../../src/use-cases/messaging/messaging-deps.js';
import { previewDispatch } from '../../src/use-cases/messaging/preview-dispatch.js';
import { recordOptOut } from '../../src/use-cases/record-opt-out.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { startTwilioStandIn, type TwilioStandIn } from '../helpers/twilio-stand-in.js';
import {
  messagingDeps, seedTextingClinic, silentLog, standInProviders, testAccountSid, testAuthToken, testFromNumber, textDueAt, type TextingPatient,
} from '../helpers/texting-clinic.js';

describe.each(backends)('the dispatch dry run on %s', (backend) => {
  let t: TestStore;
  let standIn: TwilioStandIn;
  let goes: TextingPatient;
  let booked: TextingPatient;
  let optedOut: TextingPatient;
  let wrote: TextingPatient;
  const deps = () => messagingDeps(t.store, standInProviders(t.store, standIn, textDueAt), textDueAt);

  beforeAll(async () => {
    t = await openTestStore(backend);
    const { patients } = await seedTextingClinic(t.store, 4);
    [goes, booked, optedOut, wrote] = patients as [TextingPatient, TextingPatient, TextingPatient, TextingPatient];
    standIn = await startTwilioStandIn({ accountSid: testAccountSid, authToken: testAuthToken, clock: fixedClock(textDueAt), ownedNumbers: [testFromNumber] });
    const before = fixedClock(new Date(textDueAt.getTime() - 3_600_000));
    await t.store.db.insertInto('appointments').values({
      external_id: 'APT-DRY', patient_id: booked.patientId, location_id: null, provider_id: null, starts_at: new Date('2026-12-09T14:00:00Z'), status: 'scheduled', type: 'hygiene', confirmed_at: null,
    }).execute();
    await recordOptOut({ store: t.store, clock: before, log: silentLog }, {
      patient: { recareId: optedOut.patientId }, contactPointId: optedOut.mobileId, channel: null, purposeClass: null, via: 'sms_keyword', evidence: 'test',
    });
    await handleInboundMessage({ store: t.store, clock: before, log: silentLog, messaging: defaultMessagingSettings }, 'twilio', {
      providerMessageId: `SM${'5'.repeat(32)}`, from: wrote.mobile, to: testFromNumber, body: 'Is Tuesday ok?', providerKeyword: null,
    });
  });
  afterAll(async () => {
    await standIn.close();
    await t.dispose();
  });

  it('says for each message what the pass then does, with the same reason, and writes nothing', async () => {
    const decisionsBefore = (await t.store.db.selectFrom('compliance_decisions').select('id').execute()).length;
    const preview = await previewDispatch(deps());
    expect(await t.store.db.selectFrom('outbox').select('id').execute()).toEqual([]);
    expect((await t.store.db.selectFrom('compliance_decisions').select('id').execute()).length).toBe(decisionsBefore);
    expect(standIn.requests).toEqual([]);

    const byCase = new Map(preview.map((row) => [row.caseId, row]));
    expect(byCase.get(goes.caseId)).toMatchObject({ queued: false, wouldSend: true, reason: null });
    expect(byCase.get(booked.caseId)).toMatchObject({ wouldSend: false, reason: 'skipped: appointment booked for 2026-12-09' });
    expect(byCase.get(optedOut.caseId)).toMatchObject({ wouldSend: false, reason: expect.stringMatching(/^skipped: the contact gate said no: .*opted out/i) });
    expect(byCase.has(wrote.caseId)).toBe(false);

    await dispatchDueTouches(deps());
    const entries = await t.store.db.selectFrom('outbox').select(['case_id', 'state', 'reason']).execute();
    expect(entries.map((e) => e.case_id).sort()).toEqual(preview.map((row) => row.caseId).sort());
    for (const entry of entries) {
      const row = byCase.get(entry.case_id)!;
      expect(entry.state === 'sent').toBe(row.wouldSend);
      expect(entry.reason).toBe(row.reason);
    }
    expect(standIn.messages.map((m) => m.to)).toEqual([goes.mobile]);
  });
});

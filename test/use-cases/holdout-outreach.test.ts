/**
 * What the randomized holdout means for a patient, end to end on both backends: a cleaning due for
 * two patients, the hygiene holdout on at 10%; one is drawn into the holdout (a source that returns 0)
 * and one into outreach (0.99). The held-out case is not on the worklist and no automated text is
 * taken up for it, even after staff record outcomes on it; explain and the patient card say why; a
 * reply from the held-out patient still lands on the case and puts it in front of staff. Clocks are
 * pinned (helpers/texting-clinic.ts: the cleaning is due 2026-11-10, planned Tuesday 2026-11-24).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { heldOutStep } from '../../src/domain/cases/index.js';
import { buildWorklist } from '../../src/use-cases/build-worklist.js';
import { explainPatient } from '../../src/use-cases/explain-patient.js';
import { updatePolicy } from '../../src/use-cases/manage-policy.js';
import { handleInboundMessage } from '../../src/use-cases/messaging/handle-inbound-message.js';
import { defaultMessagingSettings } from '../../src/use-cases/messaging/messaging-deps.js';
import { previewDispatch } from '../../src/use-cases/messaging/preview-dispatch.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { readPatientCard } from '../../src/use-cases/read-patient-card.js';
import { recordOutcome } from '../../src/use-cases/record-outcome.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { seedLocation, seedPatient, type SeededPatient } from '../helpers/seed-patients.js';
import { mobileOf, planAt, silentLog, textDueAt } from '../helpers/texting-clinic.js';

const afternoon = new Date('2026-11-24T20:00:00Z');
const everywhere = { allLocations: true, locationIds: [] };
const heldOutWords = 'held out from outreach to measure what outreach adds (Hygiene recall, since 2026-11-24)';

describe.each(backends)('a patient held out from outreach on %s', (backend) => {
  let t: TestStore;
  let held: SeededPatient;
  let worked: SeededPatient;
  const deps = (at: Date, random?: () => number) => ({ store: t.store, clock: fixedClock(at), log: silentLog, ...(random ? { random } : {}) });
  const caseOf = async (p: SeededPatient) => t.store.db.selectFrom('cases').select(['id', 'state', 'next_step', 'next_action_at', 'next_channel', 'lead_program_key'])
    .where('patient_id', '=', p.patientId).where('state', '<>', 'closed').executeTakeFirstOrThrow();
  const listed = async (at: Date) => (await buildWorklist(deps(at), { at, limit: 500 })).rows.map((r) => r.patientId);

  beforeAll(async () => {
    t = await openTestStore(backend);
    const locationId = await seedLocation(t.store, 'TPA', 'FL', 'America/New_York');
    held = await seedPatient(t.store, { externalId: 'HOLD-1', locationId, state: 'FL', zip: '33606', mobile: mobileOf(1) });
    worked = await seedPatient(t.store, { externalId: 'WORK-1', locationId, state: 'FL', zip: '33606', mobile: mobileOf(2) });
    for (const p of [held, worked]) {
      await t.store.db.insertInto('procedures').values({ patient_id: p.patientId, code: 'D1110', status: 'completed', performed_on: '2026-05-10', location_id: locationId }).execute();
    }
    await updatePolicy(deps(planAt), { changes: { holdout: { hygiene: 0.1 } }, actorUserId: null });
    await planPatients(deps(planAt, () => 0), { patientIds: [held.patientId] });
    await planPatients(deps(planAt, () => 0.99), { patientIds: [worked.patientId] });
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('stores each item\'s group with when it was drawn, and plans no touch for the held-out case', async () => {
    const items = await t.store.db.selectFrom('due_items').select(['patient_id', 'program_key', 'outreach_group', 'outreach_group_at']).orderBy('patient_id').execute();
    expect(items).toEqual([
      { patient_id: held.patientId, program_key: 'hygiene', outreach_group: 'holdout', outreach_group_at: planAt },
      { patient_id: worked.patientId, program_key: 'hygiene', outreach_group: 'outreach', outreach_group_at: planAt },
    ]);
    expect(await caseOf(held)).toMatchObject({ state: 'open', next_step: heldOutStep, next_action_at: null, next_channel: null, lead_program_key: 'hygiene' });
    expect(await caseOf(worked)).toMatchObject({ state: 'open', next_step: 'call', next_channel: 'voice' });
  });

  it('lists the outreach patient and not the held-out one', async () => {
    expect(await listed(afternoon)).toEqual(['WORK-1']);
  });

  it('takes up no automated text for the held-out case, even after staff recorded outcomes on it', async () => {
    for (const p of [held, worked]) {
      const first = await recordOutcome(deps(planAt), { patient: p.externalId, outcome: 'No answer', channel: 'voice' });
      const second = await recordOutcome(deps(new Date(first.nextActionAt ?? afternoon.toISOString())), { patient: p.externalId, outcome: 'No answer', channel: 'voice' });
      if (p === worked) expect(second).toMatchObject({ nextStep: 'text or email', nextActionAt: textDueAt.toISOString() });
      else expect([first, second].map((r) => [r.nextStep, r.nextActionAt])).toEqual([[heldOutStep, null], [heldOutStep, null]]);
    }
    const due = await previewDispatch({ store: t.store, clock: fixedClock(textDueAt), messaging: defaultMessagingSettings }, { limit: 50 });
    expect(due.map((d) => [d.patientId, d.channel])).toEqual([[worked.patientId, 'sms']]);
    // Planning again changes nothing: the group is never drawn again and the case stays off the list.
    await planPatients(deps(textDueAt, () => 0.99), { full: true });
    expect(await caseOf(held)).toMatchObject({ next_step: heldOutStep, next_action_at: null });
    expect((await t.store.db.selectFrom('due_items').select('outreach_group').where('patient_id', '=', held.patientId).executeTakeFirstOrThrow()).outreach_group).toBe('holdout');
    expect(await listed(textDueAt)).toEqual(['WORK-1']);
  });

  it('explains why the patient is not listed, and the card says it too', async () => {
    const explained = await explainPatient(deps(textDueAt), { patient: 'HOLD-1' });
    expect(explained.onWorklist).toBe(false);
    expect(explained.verdict).toEqual({
      code: 'held_out',
      message: `Not on the worklist: ${heldOutWords}. Nobody calls or messages the patient for it; a call, reply or booking from the patient still lands on the case.`,
    });
    expect(explained.items.find((i) => i.program === 'hygiene')?.why).toBe(`due: last D1110 on 2026-05-10 + 6 months; ${heldOutWords}`);
    const card = await readPatientCard(deps(textDueAt), { patient: 'HOLD-1', scope: everywhere });
    expect(card.warnings).toContain('Held out from outreach to measure what outreach adds (Hygiene recall, since 2026-11-24): not listed or messaged for it; work it if the patient calls, replies or books.');
    const other = await readPatientCard(deps(textDueAt), { patient: 'WORK-1', scope: everywhere });
    expect(other.warnings.some((w) => w.startsWith('Held out'))).toBe(false);
  });

  it('lands a reply from the held-out patient on the case and puts it in front of staff, also after planning again', async () => {
    const repliedAt = new Date(textDueAt.getTime() + 3_600_000);
    const result = await handleInboundMessage({ store: t.store, clock: fixedClock(repliedAt), log: silentLog, messaging: defaultMessagingSettings }, 'twilio', {
      providerMessageId: `SM${'7'.repeat(32)}`, from: mobileOf(1), to: '+18135550100', body: 'Can I come in next week?', providerKeyword: null,
    });
    const heldCase = await caseOf(held);
    expect(result).toMatchObject({ caseId: heldCase.id, intent: 'other', duplicate: false });
    expect(heldCase).toMatchObject({ next_step: 'answer the patient\'s reply', next_action_at: repliedAt, next_channel: null });
    expect(await listed(repliedAt)).toContain('HOLD-1');
    await planPatients(deps(repliedAt, () => 0.99), { full: true });
    expect(await caseOf(held)).toMatchObject({ next_step: 'answer the patient\'s reply', next_action_at: repliedAt });
    expect((await explainPatient(deps(repliedAt), { patient: 'HOLD-1' })).verdict.code).toBe('on_worklist');
  });
});

/**
 * An opted-out number is never chosen as a case's next channel, and the gate, the worklist and an
 * outcome's next step give the same answer, on both backends. The patient's mobile replied STOP to a
 * text; under revoke-all that stops calls to the number too, so only email is left.
 * The office is Tampa (America/New_York); T0 is Tuesday 2026-11-24 10:00 EST.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { buildWorklist } from '../../src/use-cases/build-worklist.js';
import { checkContact } from '../../src/use-cases/check-contact.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { recordOptOut } from '../../src/use-cases/record-opt-out.js';
import { recordOutcome } from '../../src/use-cases/record-outcome.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { seedLocation, seedPatient, type SeededPatient } from '../helpers/seed-patients.js';

const log = pino({ level: 'silent' });
const T0 = new Date('2026-11-24T15:00:00Z');
// 22:00 the same Tuesday in Tampa: no channel is allowed now, so the worklist must pick one for later.
const tuesdayNight = new Date('2026-11-25T03:00:00Z');

describe.each(backends)('the next step\'s channel on %s', (backend) => {
  let t: TestStore;
  let patient: SeededPatient;
  const deps = (at: Date) => ({ store: t.store, clock: fixedClock(at), log });

  beforeAll(async () => {
    t = await openTestStore(backend);
    const tampa = await seedLocation(t.store, 'TPA', 'FL', 'America/New_York');
    patient = await seedPatient(t.store, { externalId: 'STOP-1', locationId: tampa, state: 'FL', zip: '33606', mobile: '+18132345690' });
    // Hygiene (D1110 on 2026-05-10) is due 2026-11-10: a case whose cadence is call, call, text or email, final call.
    await t.store.db.insertInto('procedures').values({ patient_id: patient.patientId, code: 'D1110', status: 'completed', performed_on: '2026-05-10', location_id: tampa }).execute();
    await recordOptOut(deps(new Date('2026-11-20T15:00:00Z')), { patient: 'STOP-1', contactPointId: patient.mobileId, channel: 'sms', purposeClass: null, via: 'sms_keyword', evidence: 'replied STOP' });
    await planPatients(deps(T0), { full: true });
  });
  afterAll(async () => t.dispose());

  it('the gate refuses calls and texts to the number, and allows email', async () => {
    const answer = async (channel: 'voice' | 'sms' | 'email') =>
      (await checkContact(deps(T0), { patient: 'STOP-1', channel, purpose: 'recall_due', automated: false, at: T0 })).decision;
    for (const channel of ['voice', 'sms'] as const) {
      const decision = await answer(channel);
      expect(decision.allowed).toBe(false);
      expect(decision.reasons.map((r) => r.code)).toEqual(['opted_out']);
      expect(decision.nextAllowedAt).toBeNull();
    }
    expect((await answer('email')).allowed).toBe(true);
  });

  it('the planner gives the new case its first step on email: never a call or text to the opted-out number', async () => {
    const planned = await t.store.db.selectFrom('cases').select(['next_channel', 'next_step', 'cadence_step']).where('patient_id', '=', patient.patientId).where('state', '<>', 'closed').executeTakeFirstOrThrow();
    // The case is on the cadence's third step: the two calls before it use the opted-out number.
    expect(planned).toEqual({ next_channel: 'email', next_step: 'text or email', cadence_step: 2 });
  });

  it('the worklist suggests email, by day and at night when nothing is allowed until morning', async () => {
    const row = async (at: Date) => (await buildWorklist(deps(at), { at, limit: 50 })).rows.find((r) => r.patientId === 'STOP-1');
    expect(await row(T0)).toMatchObject({ contactableNow: true, suggestedChannel: 'email' });
    const night = await row(tuesdayNight);
    expect(night).toMatchObject({ contactableNow: false, suggestedChannel: 'email', nextContactAt: '2026-11-25T13:00:00.000Z' });
  });

  it('after the email goes unanswered, the step is not repeated: no step left has a channel the gate allows, so the case closes for the weekly review', async () => {
    const result = await recordOutcome(deps(T0), { patient: 'STOP-1', outcome: 'No answer', channel: 'email' });
    expect(result).toMatchObject({ state: 'closed', nextStep: null, closedReason: 'unreachable' });
    expect(result.explanation).toBe('No answer: no remaining step has a consented channel; closed as unreachable and listed for the weekly review');
    const emails = await t.store.db.selectFrom('attempts').select('id').where('patient_id', '=', patient.patientId).where('channel', '=', 'email').execute();
    expect(emails).toHaveLength(1);
  });
});

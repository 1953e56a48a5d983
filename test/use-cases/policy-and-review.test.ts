/**
 * Policy settings, the weekly review and bulk assignment, on both backends: a valid policy change is
 * stored and audited, one past the legal ceiling is refused saying what was given and what is
 * allowed; the week's declined and escalated cases are listed in scope and can be re-queued or
 * closed; cases are assigned only within the caller's and the assignee's offices.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { AppError } from '../../src/domain/errors.js';
import { assignCases, readAssignableUsers } from '../../src/use-cases/assign-cases.js';
import { loadPracticePolicy } from '../../src/db/queries/organization-policy.js';
import { readPolicy, updatePolicy } from '../../src/use-cases/manage-policy.js';
import { addUser } from '../../src/use-cases/manage-users.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { checkContact } from '../../src/use-cases/check-contact.js';
import { recordOutcome } from '../../src/use-cases/record-outcome.js';
import { closeReviewedCase } from '../../src/use-cases/close-reviewed-case.js';
import { readWeeklyReview } from '../../src/use-cases/read-weekly-review.js';
import { requeueCase } from '../../src/use-cases/requeue-case.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { seedLocation, seedPatient } from '../helpers/seed-patients.js';

const log = pino({ level: 'silent' });
const T0 = '2026-11-24T15:00:00.000Z';
const password = 'sunrise-review-policy-2026';

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe.each(backends)('policy, weekly review and assignment on %s', (backend) => {
  let t: TestStore;
  const deps = (at = T0) => ({ store: t.store, clock: fixedClock(at), log });
  let tpa = 0;
  let aus = 0;
  const users: Record<string, number> = {};
  const caseOf = async (externalId: string) => {
    const row = await t.store.db.selectFrom('cases as c').innerJoin('patients as p', 'p.id', 'c.patient_id').select('c.id').where('p.external_id', '=', externalId).orderBy('c.id', 'desc').executeTakeFirstOrThrow();
    return row.id;
  };

  beforeAll(async () => {
    t = await openTestStore(backend);
    tpa = await seedLocation(t.store, 'TPA', 'FL', 'America/New_York');
    aus = await seedLocation(t.store, 'AUS', 'TX', 'America/Chicago');
    const patients = [['FL-1', tpa, 'FL', '33606', '+18132345601'], ['FL-2', tpa, 'FL', '33606', '+18132345602'], ['FL-3', tpa, 'FL', '33606', '+18132345603'], ['TX-1', aus, 'TX', '78701', '+15124765603']] as const;
    for (const [externalId, locationId, state, zip, mobile] of patients) {
      const p = await seedPatient(t.store, { externalId, locationId, state, zip, mobile });
      await t.store.db.insertInto('procedures').values({ patient_id: p.patientId, code: 'D1110', status: 'completed', performed_on: '2026-05-10' }).execute();
    }
    await planPatients(deps(), { full: true });
    for (const [who, role, locations] of [['desk', 'front_desk', ['TPA']], ['texas', 'front_desk', ['AUS']], ['coord', 'coordinator', ['TPA']], ['boss', 'manager', 'all']] as const) {
      const added = await addUser(deps(), { email: `${who}@clinic.example`, displayName: who, role, locations: locations === 'all' ? 'all' : [...locations], password, actor: { userId: null, kind: 'cli' } });
      users[who] = added.userId;
    }
    await recordOutcome(deps('2026-11-20T15:00:00.000Z'), { patient: 'FL-1', outcome: 'Declined', actorUserId: users.desk });
    await recordOutcome(deps('2026-11-23T15:00:00.000Z'), { patient: 'FL-2', outcome: 'Needs clinical question answered', actorUserId: users.desk });
    await recordOutcome(deps('2026-11-10T15:00:00.000Z'), { patient: 'TX-1', outcome: 'Declined', actorUserId: users.texas });
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('reads the strict defaults, stores a valid change with an audit event, and refuses one past the legal ceiling', async () => {
    const before = await readPolicy(deps());
    expect(before.policy.maxAutomatedTouchesPerRolling7Days).toBe(3);
    expect(before.snoozeDays).toBe(45);
    const saved = await updatePolicy(deps(), { changes: { maxAutomatedTouchesPerRolling7Days: 2, smsHandoffCutoffMinutes: 30, snoozeDays: 40 }, actorUserId: users.boss! });
    expect(saved.changed).toEqual(['maxAutomatedTouchesPerRolling7Days', 'smsHandoffCutoffMinutes', 'snoozeDays']);
    expect(saved.policy).toMatchObject({ maxAutomatedTouchesPerRolling7Days: 2, smsHandoffCutoffMinutes: 30 });
    expect(saved.snoozeDays).toBe(40);
    expect((await loadPracticePolicy(t.store.db)).contact.maxAutomatedTouchesPerRolling7Days).toBe(2);
    const audit = await t.store.db.selectFrom('audit_events').select(['actor_user_id', 'entity_type', 'details']).where('action', '=', 'policy.update').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: users.boss, entity_type: 'organization' });

    const refused = await refusal(updatePolicy(deps(), { changes: { maxAutomatedTouchesPerRolling7Days: 5, snoozeDays: 90 }, actorUserId: users.boss! }));
    expect(refused.code).toBe('invalid_input');
    expect(refused.message).toContain('maxAutomatedTouchesPerRolling7Days is 5; at most 3 is allowed');
    expect(refused.message).toContain('snoozeDays is 90; allowed: a whole number of days from 30 to 60');
    expect(refused.issues?.map((i) => i.path).sort()).toEqual(['maxAutomatedTouchesPerRolling7Days', 'snoozeDays']);
    expect((await readPolicy(deps())).policy.maxAutomatedTouchesPerRolling7Days).toBe(2);
    const unknown = await refusal(updatePolicy(deps(), { changes: { holidayCalendarReviews: { 'XX-nowhere': [2026] } }, actorUserId: users.boss! }));
    expect(unknown.message).toContain('holiday calendar "XX-nowhere" does not exist');
  });

  it("lists the week's declined and escalated cases in the reviewer's offices", async () => {
    const review = await readWeeklyReview(deps(), { scope: { allLocations: false, locationIds: [tpa] } });
    expect(review.rows.map((r) => [r.patientId, r.kind]).sort()).toEqual([['FL-1', 'declined'], ['FL-2', 'escalated']]);
    const declined = review.rows.find((r) => r.patientId === 'FL-1')!;
    expect(declined).toMatchObject({ patientName: 'Test FL-1', location: 'TPA', lastOutcome: { label: 'Declined', at: '2026-11-20T15:00:00.000Z' }, when: '2026-11-20T15:00:00.000Z' });
    expect(declined.reasons.map((r) => r.program)).toContain('hygiene');
    expect(review.rows.find((r) => r.patientId === 'FL-2')!.escalation).toMatchObject({ queue: 'clinical' });
    expect(review.counts).toEqual({ unreachable: 0, declined: 1, escalated: 1 });
    // TX-1 declined two weeks ago, and in another office.
    const everyone = await readWeeklyReview(deps(), { scope: { allLocations: true, locationIds: [] } });
    expect(everyone.rows.map((r) => r.patientId)).not.toContain('TX-1');
    const earlier = await readWeeklyReview(deps(), { scope: { allLocations: true, locationIds: [] }, at: new Date('2026-11-12T00:00:00Z') });
    // Closed cases count by when they closed; escalated ones are listed while they are escalated.
    expect(earlier.rows.filter((r) => r.kind !== 'escalated').map((r) => r.patientId)).toEqual(['TX-1']);
  });

  it('re-queues a declined case for outreach now and closes an escalated one, both audited', async () => {
    const fl1 = await caseOf('FL-1');
    const outOfScope = await refusal(requeueCase(deps(), { caseId: await caseOf('TX-1'), actorUserId: users.coord!, scope: { allLocations: false, locationIds: [tpa] } }));
    expect(outOfScope.code).toBe('not_found');
    const requeued = await requeueCase(deps(), { caseId: fl1, actorUserId: users.coord!, scope: { allLocations: false, locationIds: [tpa] }, reason: 'asked us to try again in a week' });
    expect(requeued).toEqual({ caseId: fl1, state: 'open', nextActionAt: T0 });
    const row = await t.store.db.selectFrom('cases').select(['state', 'closed_reason', 'next_action_at']).where('id', '=', fl1).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'open', closed_reason: null });
    const items = await t.store.db.selectFrom('due_items').select('status').where('case_id', '=', fl1).execute();
    expect(items.every((i) => i.status === 'open')).toBe(true);
    // The next plan keeps the re-queued case open.
    await planPatients(deps(), { full: true });
    expect((await t.store.db.selectFrom('cases').select('state').where('id', '=', fl1).executeTakeFirstOrThrow()).state).toBe('open');
    const again = await refusal(requeueCase(deps(), { caseId: fl1, actorUserId: users.coord! }));
    expect(again.code).toBe('conflict');

    const fl2 = await caseOf('FL-2');
    const noReason = await refusal(closeReviewedCase(deps(), { caseId: fl2, actorUserId: users.coord!, reason: ' ' }));
    expect(noReason.code).toBe('invalid_input');
    const closed = await closeReviewedCase(deps(), { caseId: fl2, actorUserId: users.coord!, reason: 'dentist called the patient; nothing to book' });
    expect(closed).toEqual({ caseId: fl2, state: 'closed', closedReason: 'resolved_by_queue' });
    const open = await t.store.db.selectFrom('escalations').select('id').where('case_id', '=', fl2).where('resolved_at', 'is', null).execute();
    expect(open).toHaveLength(0);
    const audit = await t.store.db.selectFrom('audit_events').select(['action', 'entity_id']).where('action', 'in', ['review.requeue', 'review.close']).orderBy('id').execute();
    expect(audit).toEqual([{ action: 'review.requeue', entity_id: String(fl1) }, { action: 'review.close', entity_id: String(fl2) }]);
    expect((await readWeeklyReview(deps(), { scope: { allLocations: false, locationIds: [tpa] } })).rows).toEqual([]);
  });

  it('assigns cases only within the caller\'s offices and to users who work there', async () => {
    const assignable = await readAssignableUsers(deps(), { scope: { allLocations: false, locationIds: [tpa] } });
    expect(assignable.users.map((u) => u.displayName).sort()).toEqual(['boss', 'coord', 'desk']);
    expect(assignable.users.find((u) => u.displayName === 'desk')).toEqual({ id: users.desk, displayName: 'desk', allLocations: false, locations: ['TPA'] });
    const fl3 = await caseOf('FL-3');
    const fl1 = await caseOf('FL-1');
    const tpaScope = { allLocations: false, locationIds: [tpa] };
    const done = await assignCases(deps(), { caseIds: [fl3, fl1], userId: users.desk!, actorUserId: users.coord!, scope: tpaScope });
    expect(done.assigned).toEqual([fl3, fl1]);
    const owners = await t.store.db.selectFrom('cases').select('owner_user_id').where('id', 'in', [fl3, fl1]).execute();
    expect(owners.every((o) => o.owner_user_id === users.desk)).toBe(true);
    expect(await t.store.db.selectFrom('audit_events').select('entity_id').where('action', '=', 'case.assign').execute()).toHaveLength(2);
    const hidden = await refusal(assignCases(deps(), { caseIds: [fl3, await caseOf('TX-1')], userId: users.desk!, actorUserId: users.coord!, scope: tpaScope }));
    expect(hidden.code).toBe('not_found');
    const wrongOffice = await refusal(assignCases(deps(), { caseIds: [fl3], userId: users.texas!, actorUserId: users.boss!, scope: { allLocations: true, locationIds: [] } }));
    expect(wrongOffice.message).toContain(`case #${fl3} is at an office where texas does not work (AUS)`);
  });

  it('a stored policy out of range is refused with what was given and what is allowed, by every reader alike', async () => {
    const stored = await t.store.db.selectFrom('organization').select('policy').executeTakeFirstOrThrow();
    await t.store.db.updateTable('organization').set({ policy: JSON.stringify({ ...stored.policy, recall: { softDeclineSnoozeDays: 90 } }) }).execute();
    try {
      const expected = 'The practice\'s recall settings are not valid: policy.recall.softDeclineSnoozeDays 90: must be a whole number from 30 to 60';
      const readers = [() => readPolicy(deps()), () => planPatients(deps(), {}), () => checkContact(deps(), { patient: 'FL-3', channel: 'voice', purpose: 'recall_due', automated: false })];
      for (const read of readers) {
        const refused = await refusal(read());
        expect(refused.code).toBe('invalid_config');
        expect(refused.message).toBe(expected);
      }
    } finally {
      await t.store.db.updateTable('organization').set({ policy: JSON.stringify(stored.policy) }).execute();
    }
  });
});

/**
 * Undoing an outcome (POST /api/attempts/:id/undo), on both backends with a clock the test moves:
 * within 10 seconds the person who recorded it gets the case back exactly as it was, and the
 * outcome stops counting (unanswered attempts, cadence, the worklist, the export) while the touch
 * itself still counts toward the gate's caps (the call happened; caps err towards fewer calls); an
 * escalation it opened and a number it marked wrong are put back. Refused with 409 after 10 s, for
 * another user, for "Opted out", and when the case changed since.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestServer } from '../helpers/test-server.js';
import { caseAttemptOutcomes, findCaseById } from '../../src/db/queries/cases.js';
import { loadGateFacts } from '../../src/db/queries/gate-facts.js';
import { listAttemptsSince } from '../../src/db/queries/outcome-export.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { seedLocation, seedPatient, type SeededPatient } from '../helpers/seed-patients.js';
import { signInStaff, type StaffSession } from '../helpers/staff-sessions.js';

const log = pino({ level: 'silent' });
const password = 'sunrise-undo-routes-2026';

describe.each(backends)('undo an outcome on %s', (backend) => {
  let t: TestStore;
  let server: FastifyInstance;
  let now = new Date('2026-11-24T15:00:00.000Z');
  const clock = { now: () => new Date(now) };
  const advance = (seconds: number) => (now = new Date(now.getTime() + seconds * 1000));
  const sessions: Record<string, StaffSession> = {};
  const patients = new Map<string, SeededPatient>();
  const as = (who: string, options: InjectOptions) =>
    server.inject({ ...options, cookies: { recare_session: sessions[who]!.token }, headers: { ...(options.headers ?? {}), 'x-csrf-token': sessions[who]!.csrf } });

  const caseOf = async (externalId: string) => {
    const row = await t.store.db.selectFrom('cases').select('id').where('patient_id', '=', patients.get(externalId)!.patientId).where('state', '<>', 'closed').executeTakeFirstOrThrow();
    return row.id;
  };
  const record = async (who: string, caseId: number, outcome: string) => {
    const response = await as(who, { method: 'POST', url: `/api/cases/${caseId}/outcome`, payload: { outcome } });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { attemptId: number; undoUntil: string | null; state: string };
  };
  const undo = (who: string, attemptId: number) => as(who, { method: 'POST', url: `/api/attempts/${attemptId}/undo` });
  const withoutVersion = <T extends { updatedAt: Date }>(c: T) => ({ ...c, updatedAt: undefined });

  beforeAll(async () => {
    t = await openTestStore(backend);
    const deps = { store: t.store, clock, log };
    const tpa = await seedLocation(t.store, 'TPA', 'FL', 'America/New_York');
    const aus = await seedLocation(t.store, 'AUS', 'TX', 'America/Chicago');
    const seeds = [['FL-1', tpa, 'FL', '33606', '+18132345601'], ['FL-2', tpa, 'FL', '33606', '+18132345602'], ['FL-3', tpa, 'FL', '33606', '+18132345603'],
      ['FL-4', tpa, 'FL', '33606', '+18132345604'], ['FL-5', tpa, 'FL', '33606', '+18132345605'], ['FL-6', tpa, 'FL', '33606', '+18132345606'],
      ['TX-1', aus, 'TX', '78701', '+15124765603']] as const;
    for (const [externalId, locationId, state, zip, mobile] of seeds) {
      const p = await seedPatient(t.store, { externalId, locationId, state, zip, mobile });
      patients.set(externalId, p);
      await t.store.db.insertInto('procedures').values({ patient_id: p.patientId, code: 'D1110', status: 'completed', performed_on: '2026-05-10' }).execute();
    }
    await planPatients(deps, { full: true });
    Object.assign(sessions, await signInStaff(deps, [['desk', 'front_desk', ['TPA']], ['desk2', 'front_desk', ['TPA']], ['texas', 'front_desk', ['AUS']], ['boss', 'manager', 'all']], password));
    server = await buildTestServer(deps);
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  it('within 10 s restores the case exactly, and the attempt no longer counts anywhere', async () => {
    const { db } = t.store;
    const caseId = await caseOf('FL-1');
    const patientId = patients.get('FL-1')!.patientId;
    const before = (await findCaseById(db, caseId))!;
    const recorded = await record('desk', caseId, 'No answer');
    expect(recorded.undoUntil).toBe(new Date(now.getTime() + 10_000).toISOString());
    expect((await findCaseById(db, caseId))!).toMatchObject({ state: 'waiting', unansweredAttempts: 1, cadenceStep: before.cadenceStep + 1 });
    expect((await loadGateFacts(db, patientId, now))!.history).toHaveLength(1);
    const listed = (await as('desk', { method: 'GET', url: '/api/worklist' })).json();
    expect(listed.rows.map((r: { patientId: string }) => r.patientId)).not.toContain('FL-1');

    advance(6);
    const response = await undo('desk', recorded.attemptId);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ attemptId: recorded.attemptId, caseId, patientId: 'FL-1', outcome: { key: 'no_answer', label: 'No answer' }, case: { state: before.state } });

    const restored = (await findCaseById(db, caseId))!;
    expect(withoutVersion(restored)).toEqual(withoutVersion(before));
    expect(restored.updatedAt.toISOString()).toBe(now.toISOString());
    expect(await caseAttemptOutcomes(db, caseId, new Date(0))).toEqual([]);
    // The dial happened: the caps still see it (FL allows 3 touches per 24 h, staff calls included).
    expect((await loadGateFacts(db, patientId, now))!.history).toHaveLength(1);
    expect((await listAttemptsSince(db, null, 0, 100)).map((a) => a.id)).not.toContain(recorded.attemptId);
    const back = (await as('desk', { method: 'GET', url: '/api/worklist' })).json();
    const row = back.rows.find((r: { patientId: string }) => r.patientId === 'FL-1');
    expect(row).toMatchObject({ caseId, lastAttempt: null });
    const card = (await as('desk', { method: 'GET', url: '/api/patients/FL-1/card' })).json();
    expect(card.attempts[0]).toMatchObject({ id: recorded.attemptId, outcome: 'No answer', undoneAt: now.toISOString() });
    const voided = await db.selectFrom('attempt_events').selectAll().where('attempt_id', '=', recorded.attemptId).execute();
    expect(voided).toMatchObject([{ status: 'voided', actor_user_id: sessions.desk!.id }]);
    const audit = await db.selectFrom('audit_events').select(['action', 'entity_id', 'patient_id']).where('action', '=', 'case.outcome_undo').where('entity_type', '=', 'attempt').execute();
    expect(audit).toContainEqual({ action: 'case.outcome_undo', entity_id: String(recorded.attemptId), patient_id: patientId });

    // The next outcome counts from where the case was: the undone "No answer" is not the first of four.
    await record('desk', caseId, 'No answer');
    expect((await findCaseById(db, caseId))!).toMatchObject({ unansweredAttempts: 1, cadenceStep: before.cadenceStep + 1 });

    const again = await undo('desk', recorded.attemptId);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('conflict');
    expect(again.json().error.message).toContain(`"No answer" (attempt #${recorded.attemptId}) was already undone at `);
  });

  it('takes back the escalation an outcome opened, and the wrong-number mark with the reasons it closed', async () => {
    const { db } = t.store;
    const escalated = await caseOf('FL-2');
    const beforeEscalation = (await findCaseById(db, escalated))!;
    const toQueue = await record('desk', escalated, 'Needs clinical question answered');
    expect(await db.selectFrom('escalations').select('id').where('case_id', '=', escalated).execute()).toHaveLength(1);
    advance(2);
    const undone = await undo('desk', toQueue.attemptId);
    expect(undone.statusCode, undone.body).toBe(200);
    expect(undone.json()).toMatchObject({ escalationRemoved: true, case: { state: 'open' } });
    expect(await db.selectFrom('escalations').select('id').where('case_id', '=', escalated).execute()).toEqual([]);
    expect(withoutVersion((await findCaseById(db, escalated))!)).toEqual(withoutVersion(beforeEscalation));

    const wrong = await caseOf('FL-3');
    const mobile = patients.get('FL-3')!.mobileId;
    const openItems = async () => (await db.selectFrom('due_items').select('id').where('case_id', '=', wrong).where('status', '=', 'open').execute()).length;
    const itemsBefore = await openItems();
    expect(itemsBefore).toBeGreaterThan(0);
    const marked = await record('desk', wrong, 'Wrong number');
    expect(marked.state).toBe('closed');
    expect(await openItems()).toBe(0);
    expect(await db.selectFrom('contact_points').select(['is_valid']).where('id', '=', mobile).executeTakeFirstOrThrow()).toEqual({ is_valid: false });
    const restored = await undo('desk', marked.attemptId);
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json()).toMatchObject({ reopenedReasons: itemsBefore, contactPointRestored: true, case: { state: 'open' } });
    expect(await openItems()).toBe(itemsBefore);
    expect(await db.selectFrom('contact_points').select(['is_valid', 'invalid_reason']).where('id', '=', mobile).executeTakeFirstOrThrow()).toEqual({ is_valid: true, invalid_reason: null });
  });

  it('refuses after 10 seconds, for another user, and for a patient outside your offices', async () => {
    const late = await record('desk', await caseOf('FL-4'), 'Left message');
    advance(11);
    const expired = await undo('desk', late.attemptId);
    expect(expired.statusCode).toBe(409);
    expect(expired.json().error).toMatchObject({
      code: 'conflict',
      issues: [{ path: 'attemptId', value: late.attemptId, message: 'Left message: expired' }],
    });
    expect(expired.json().error.message).toBe(`The undo window for "Left message" (attempt #${late.attemptId}) has passed: it was recorded at ${new Date(now.getTime() - 11_000).toISOString()}, 11 seconds ago; allowed: an outcome you recorded can be undone within 10 seconds, except "Opted out". To correct it, open the case and record the right outcome.`);

    const mine = await record('desk', await caseOf('FL-5'), 'No answer');
    for (const other of ['desk2', 'boss']) {
      const refused = await undo(other, mine.attemptId);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.code).toBe('conflict');
      expect(refused.json().error.message).toContain(`was recorded by another user (user ${sessions.desk!.id}), not by you (user ${sessions[other]!.id}); only the person who recorded an outcome may undo it.`);
    }
    const hidden = await undo('texas', mine.attemptId);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().error.code).toBe('not_found');
    expect(hidden.json().error.message).toBe(`No attempt #${mine.attemptId} is visible to you.`);
    const bad = await as('desk', { method: 'POST', url: '/api/attempts/twelve/undo' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'invalid_input', message: 'Attempt id "twelve" is not a number; use the attemptId the outcome returned, e.g. /api/attempts/12/undo.' });
    expect(bad.json().error.issues).toEqual([{ path: 'id', value: 'twelve', message: 'a positive whole number' }]);
  });

  it('refuses when the case changed after the outcome', async () => {
    const caseId = await caseOf('FL-5');
    const recorded = (await t.store.db.selectFrom('attempts').select('id').where('case_id', '=', caseId).orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
    advance(1);
    const assigned = await as('boss', { method: 'POST', url: '/api/cases/assign', payload: { caseIds: [caseId], userId: sessions.desk2!.id } });
    expect(assigned.statusCode, assigned.body).toBe(200);
    const refused = await undo('desk', recorded);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('conflict');
    expect(refused.json().error.message).toBe(`Case #${caseId} changed after "No answer" was recorded (ownerUserId, updated_at), so undoing it could overwrite someone else's work; undo works only while the case is as the outcome left it. Open the case and record the right outcome instead.`);
    expect(await t.store.db.selectFrom('attempt_events').select('id').where('attempt_id', '=', recorded).execute()).toEqual([]);
  });

  it('never undoes "Opted out", and says why', async () => {
    const optedOut = await record('desk', await caseOf('FL-6'), 'Opted out');
    expect(optedOut.undoUntil).toBeNull();
    const refused = await undo('desk', optedOut.attemptId);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'conflict', issues: [{ path: 'attemptId', value: optedOut.attemptId, message: 'Opted out: opted out' }] });
    expect(refused.json().error.message).toContain(`"Opted out" (attempt #${optedOut.attemptId}) cannot be undone: the patient asked not to be contacted, and Recare honored it at once on every channel.`);
    const optOuts = await t.store.db.selectFrom('opt_outs').select(['revoked_at']).where('patient_id', '=', patients.get('FL-6')!.patientId).execute();
    expect(optOuts).toEqual([{ revoked_at: null }]);
  });
});

/**
 * The policy, weekly-review and assignment routes behind sign-in: managers read and change the
 * policy (a change past the legal ceiling is a 400 naming the field); coordinators list, re-queue
 * and close review cases and assign cases in their offices. Who may call each route at all is
 * walked by security.test.ts.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { buildTestServer } from '../helpers/test-server.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { recordOutcome } from '../../src/use-cases/record-outcome.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { seedLocation, seedPatient } from '../helpers/seed-patients.js';
import { signInStaff, type StaffSession } from '../helpers/staff-sessions.js';

const log = pino({ level: 'silent' });
const T0 = '2026-11-24T15:00:00.000Z';
const password = 'sunrise-review-routes-2026';

describe.each(backends)('policy, review and assignment API on %s', (backend) => {
  let t: TestStore;
  let server: FastifyInstance;
  const sessions: Record<string, StaffSession> = {};
  const as = (who: string, options: InjectOptions) =>
    server.inject({ ...options, cookies: { recare_session: sessions[who]!.token }, headers: { ...(options.headers ?? {}), 'x-csrf-token': sessions[who]!.csrf } });

  beforeAll(async () => {
    t = await openTestStore(backend);
    const deps = { store: t.store, clock: fixedClock(T0), log };
    const tpa = await seedLocation(t.store, 'TPA', 'FL', 'America/New_York');
    const aus = await seedLocation(t.store, 'AUS', 'TX', 'America/Chicago');
    for (const [externalId, locationId, state, zip, mobile] of [['FL-1', tpa, 'FL', '33606', '+18132345601'], ['FL-2', tpa, 'FL', '33606', '+18132345602'], ['TX-1', aus, 'TX', '78701', '+15124765603']] as const) {
      const p = await seedPatient(t.store, { externalId, locationId, state, zip, mobile });
      await t.store.db.insertInto('procedures').values({ patient_id: p.patientId, code: 'D1110', status: 'completed', performed_on: '2026-05-10' }).execute();
    }
    await planPatients(deps, { full: true });
    Object.assign(sessions, await signInStaff(deps, [['desk', 'front_desk', ['TPA']], ['texas', 'front_desk', ['AUS']], ['coord', 'coordinator', ['TPA']], ['boss', 'manager', 'all']], password));
    await recordOutcome({ ...deps, clock: fixedClock('2026-11-22T15:00:00.000Z') }, { patient: 'FL-1', outcome: 'Declined', actorUserId: sessions.desk!.id });
    server = await buildTestServer(deps);
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  it('lets a manager read and change the policy; a change past the legal ceiling is refused by field', async () => {
    const read = await as('boss', { method: 'GET', url: '/api/policy' });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ policy: { maxAutomatedTouchesPerLocalDay: 1, smsHandoffCutoffMinutes: 15 }, snoozeDays: 45, limits: { maxAutomatedTouchesPerRolling7Days: 3 } });
    const saved = await as('boss', { method: 'PUT', url: '/api/policy', payload: { smsHandoffCutoffMinutes: 20 } });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().policy.smsHandoffCutoffMinutes).toBe(20);
    const refused = await as('boss', { method: 'PUT', url: '/api/policy', payload: { maxAutomatedTouchesPerLocalDay: 2 } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('invalid_input');
    expect(refused.json().error.issues).toEqual([expect.objectContaining({ path: 'maxAutomatedTouchesPerLocalDay', value: 2 })]);
    expect(refused.json().error.message).toContain('maxAutomatedTouchesPerLocalDay is 2; at most 1 is allowed');
    const deskPolicy = await as('desk', { method: 'GET', url: '/api/policy' });
    expect(deskPolicy.statusCode).toBe(403);
    expect(deskPolicy.json().error).toMatchObject({ code: 'forbidden', message: 'Your role (front_desk) does not allow this (policy.manage).' });
    const audited = await t.store.db.selectFrom('audit_events').select('id').where('action', '=', 'policy.update').execute();
    expect(audited.length).toBeGreaterThanOrEqual(1);
  });

  it('lists the weekly review in scope; a coordinator re-queues a declined case, a front desk may not', async () => {
    const review = await as('desk', { method: 'GET', url: `/api/review/weekly?at=${T0}` });
    expect(review.statusCode).toBe(200);
    expect(review.json().rows).toEqual([expect.objectContaining({ patientId: 'FL-1', kind: 'declined', lastOutcome: expect.objectContaining({ label: 'Declined' }) })]);
    expect((await as('texas', { method: 'GET', url: '/api/review/weekly' })).json().rows).toEqual([]);
    const caseId = review.json().rows[0].caseId as number;
    const deskRequeue = await as('desk', { method: 'POST', url: `/api/review/${caseId}/requeue`, payload: {} });
    expect(deskRequeue.statusCode).toBe(403);
    expect(deskRequeue.json().error).toMatchObject({ code: 'forbidden', message: 'Your role (front_desk) does not allow this (cases.assign).' });
    const closeWithoutReason = await as('coord', { method: 'POST', url: `/api/review/${caseId}/close`, payload: {} });
    expect(closeWithoutReason.statusCode).toBe(400);
    expect(closeWithoutReason.json().error).toMatchObject({ code: 'invalid_input', message: 'Request body is not valid: reason: Invalid input: expected string, received undefined' });
    const requeued = await as('coord', { method: 'POST', url: `/api/review/${caseId}/requeue`, payload: { reason: 'wants a call after the holidays' } });
    expect(requeued.statusCode).toBe(200);
    expect(requeued.json()).toEqual({ caseId, state: 'open', nextActionAt: T0 });
    expect((await as('coord', { method: 'GET', url: `/api/worklist?at=${T0}` })).json().rows.map((r: { patientId: string }) => r.patientId)).toContain('FL-1');
  });

  it('assigns cases in bulk within the caller\'s offices, to users who work there', async () => {
    const users = await as('coord', { method: 'GET', url: '/api/users/assignable' });
    expect(users.statusCode).toBe(200);
    expect(users.json().users.map((u: { displayName: string }) => u.displayName).sort()).toEqual(['boss', 'coord', 'desk']);
    expect(Object.keys(users.json().users[0]).sort()).toEqual(['allLocations', 'displayName', 'id', 'locations']);
    const list = (await as('coord', { method: 'GET', url: `/api/worklist?at=${T0}` })).json().rows as { caseId: number; patientId: string }[];
    const caseIds = list.map((r) => r.caseId);
    const assigned = await as('coord', { method: 'POST', url: '/api/cases/assign', payload: { caseIds, userId: sessions.desk!.id } });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json()).toMatchObject({ assigned: caseIds, userId: sessions.desk!.id, displayName: 'desk' });
    const texan = (await as('boss', { method: 'GET', url: `/api/worklist?at=${T0}&location=AUS` })).json().rows[0].caseId as number;
    const outside = await as('coord', { method: 'POST', url: '/api/cases/assign', payload: { caseIds: [texan], userId: sessions.desk!.id } });
    expect(outside.statusCode).toBe(404);
    expect(outside.json().error).toMatchObject({ code: 'not_found', message: `No case #${texan} is visible to you; nothing was assigned.` });
    const wrongUser = await as('boss', { method: 'POST', url: '/api/cases/assign', payload: { caseIds: [texan], userId: sessions.desk!.id } });
    expect(wrongUser.statusCode).toBe(400);
    expect(wrongUser.json().error.code).toBe('invalid_input');
    expect(wrongUser.json().error.message).toContain('where desk does not work (TPA)');
    const tooMany = await as('coord', { method: 'POST', url: '/api/cases/assign', payload: { caseIds: Array.from({ length: 501 }, (_, i) => i + 1), userId: sessions.desk!.id } });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^Request body is not valid: caseIds=\[1,2,3,.*,501\]: Too big: expected array to have <=500 items$/) });
    const deskAssign = await as('desk', { method: 'POST', url: '/api/cases/assign', payload: { caseIds, userId: sessions.desk!.id } });
    expect(deskAssign.statusCode).toBe(403);
    expect(deskAssign.json().error).toMatchObject({ code: 'forbidden', message: 'Your role (front_desk) does not allow this (cases.assign).' });
    expect(await t.store.db.selectFrom('audit_events').select('id').where('action', '=', 'case.assign').execute()).toHaveLength(caseIds.length);
  });
});

/**
 * The engine's API behind sign-in: the worklist scoped to the user's offices, claiming and recording
 * on a case, the clinical queue for clinical roles only, explain, and the programs (managers only).
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { buildTestServer } from '../helpers/test-server.js';
import { defaultProgram } from '../../src/domain/recall/index.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { seedLocation, seedPatient } from '../helpers/seed-patients.js';
import { signInStaff, type StaffSession } from '../helpers/staff-sessions.js';

const log = pino({ level: 'silent' });
const T0 = '2026-11-24T15:00:00.000Z';
const password = 'sunrise-recall-routes-2026';

describe.each(backends)('engine API on %s', (backend) => {
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
    const patients = [['FL-1', tpa, 'FL', '33606', '+18132345601'], ['FL-2', tpa, 'FL', '33606', '+18132345602'], ['TX-1', aus, 'TX', '78701', '+15124765603']] as const;
    for (const [externalId, locationId, state, zip, mobile] of patients) {
      const p = await seedPatient(t.store, { externalId, locationId, state, zip, mobile });
      await t.store.db.insertInto('procedures').values({ patient_id: p.patientId, code: 'D1110', status: 'completed', performed_on: '2026-05-10' }).execute();
    }
    await planPatients(deps, { full: true });
    Object.assign(sessions, await signInStaff(deps, [['desk', 'front_desk', ['TPA']], ['desk2', 'front_desk', ['TPA']], ['nurse', 'clinical', 'all'], ['boss', 'manager', 'all']], password));
    server = await buildTestServer(deps);
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  it('refuses the worklist without a session', async () => {
    const response = await server.inject({ method: 'GET', url: '/api/worklist' });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('unauthenticated');
  });

  it("shows a front-desk user only their office's cases, with counts; another office is not visible", async () => {
    const response = await as('desk', { method: 'GET', url: `/api/worklist?at=${T0}` });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.rows.map((r: { patientId: string }) => r.patientId).sort()).toEqual(['FL-1', 'FL-2']);
    expect(body.rows.every((r: { location: string }) => r.location === 'TPA')).toBe(true);
    expect(body.counts).toMatchObject({ total: 2, overdue: 2 });
    expect(body.rows[0]).toMatchObject({ rank: 1, reasons: [{ program: 'hygiene', dueDate: '2026-11-10' }], contactableNow: true, nextContactAt: null });
    const everyone = await as('boss', { method: 'GET', url: `/api/worklist?at=${T0}` });
    expect(everyone.json().rows).toHaveLength(3);
    const austin = await as('desk', { method: 'GET', url: '/api/worklist?location=AUS' });
    expect(austin.statusCode).toBe(404);
    expect(austin.json().error.code).toBe('not_found');
    expect(austin.json().error.message).toBe('No office "AUS" is visible here; offices: TPA.');
    const bad = await as('desk', { method: 'GET', url: '/api/worklist?limit=9999' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'invalid_input', message: 'Query is not valid: limit="9999": Too big: expected number to be <=500' });
    expect(bad.json().error.issues[0]).toMatchObject({ path: 'limit', value: '9999' });
  });

  it('claims a case once: a second claimer gets 409 naming who holds it; outcomes need the claim holder', async () => {
    const list = (await as('desk', { method: 'GET', url: `/api/worklist?at=${T0}` })).json();
    const caseId = list.rows.find((r: { patientId: string }) => r.patientId === 'FL-1').caseId;
    const claim = await as('desk', { method: 'POST', url: `/api/cases/${caseId}/claim` });
    expect(claim.statusCode).toBe(200);
    expect(claim.json()).toMatchObject({ caseId, patientId: 'FL-1', claimedAt: T0 });
    const second = await as('desk2', { method: 'POST', url: `/api/cases/${caseId}/claim` });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('conflict');
    expect(second.json().error.message).toContain(`Case #${caseId} is already claimed by desk (user `);
    const blocked = await as('desk2', { method: 'POST', url: `/api/cases/${caseId}/outcome`, payload: { outcome: 'No answer' } });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().error).toMatchObject({ code: 'conflict', message: `Case #${caseId} is being worked by desk (user ${sessions.desk!.id}) since ${T0}; record the outcome as that user, or wait until the claim lapses at 2026-11-24T15:30:00.000Z.` });
    const recorded = await as('desk', { method: 'POST', url: `/api/cases/${caseId}/outcome`, payload: { outcome: 'Needs clinical question answered', note: 'asks about sensitivity' } });
    expect(recorded.statusCode).toBe(201);
    expect(recorded.json()).toMatchObject({ state: 'escalated', escalation: { queue: 'clinical', dueAt: '2026-11-24T22:00:00.000Z' } });
    const invalid = await as('desk', { method: 'POST', url: `/api/cases/${caseId}/outcome`, payload: { outcome: 'Maybe' } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.code).toBe('invalid_input');
    expect(invalid.json().error.message).toContain('"Maybe" is not an outcome; use one of: "Scheduled"');
    const reasonless = await as('desk', { method: 'POST', url: `/api/cases/${caseId}/outcome`, payload: { outcome: 'No answer', reason: 'cost' } });
    expect(reasonless.statusCode).toBe(400);
    expect(reasonless.json().error).toMatchObject({
      code: 'invalid_input', message: 'A reason goes with "Declined", "Not ready — call later", "Opted out" only; "No answer" takes none (reason "cost" was given).',
    });
    const texan = (await as('boss', { method: 'GET', url: `/api/worklist?at=${T0}&location=AUS` })).json().rows[0].caseId;
    const outOfScope = await as('desk', { method: 'POST', url: `/api/cases/${texan}/claim` });
    expect(outOfScope.statusCode).toBe(404);
    expect(outOfScope.json().error).toMatchObject({ code: 'not_found', message: `No case #${texan} is visible to you.` });
  });

  it('opens the clinical queue to clinical roles only, and resolving an escalation returns the case to the front desk', async () => {
    const denied = await as('desk', { method: 'GET', url: '/api/queues/clinical' });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('forbidden');
    expect(denied.json().error.message).toContain('queue.clinical');
    const queue = await as('nurse', { method: 'GET', url: `/api/queues/clinical?at=${T0}` });
    expect(queue.statusCode).toBe(200);
    const row = queue.json().rows.find((r: { patientId: string }) => r.patientId === 'FL-1');
    expect(row.escalations).toHaveLength(1);
    const resolved = await as('nurse', { method: 'POST', url: `/api/escalations/${row.escalations[0].id}/resolve`, payload: { resolution: 'sensitivity is expected; book the cleaning' } });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json()).toMatchObject({ caseState: 'open' });
    const unknown = await as('nurse', { method: 'GET', url: '/api/queues/billing' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toMatchObject({ code: 'not_found', message: 'No queue "billing"; queues: clinical, insurance, language, manager.' });
  });

  it('explains a patient in scope and hides one outside it', async () => {
    const response = await as('desk', { method: 'GET', url: `/api/patients/FL-2/explain?at=${T0}` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ patientId: 'FL-2', onWorklist: true, verdict: { code: 'on_worklist' } });
    expect(response.json().verdict.message).toContain('Hygiene recall (last D1110 on 2026-05-10 + 6 months)');
    const hidden = await as('desk', { method: 'GET', url: '/api/patients/TX-1/explain' });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().error).toMatchObject({ code: 'not_found', message: 'No patient has the id "TX-1" in your offices. Use the practice-management system\'s patient id (e.g. D0000042) or Recare\'s numeric id.' });
  });

  it("asks the gate about, and records an opt-out on, the case's own patient when another source uses that patient's Recare id as its patient id", async () => {
    const { db } = t.store;
    const own = await db.selectFrom('patients').select(['id', 'home_location_id']).where('external_id', '=', 'FL-2').executeTakeFirstOrThrow();
    const lookalike = await seedPatient(t.store, { externalId: 'OD-LOOKALIKE', locationId: own.home_location_id!, state: 'FL', zip: '33606', mobile: '+18132345699' });
    await db.updateTable('patients').set({ external_source: 'opendental', external_id: String(own.id) }).where('id', '=', lookalike.patientId).execute();
    const caseId = (await as('desk', { method: 'GET', url: `/api/worklist?at=${T0}` })).json().rows.find((r: { patientId: string }) => r.patientId === 'FL-2').caseId;
    const recorded = await as('desk', { method: 'POST', url: `/api/cases/${caseId}/outcome`, payload: { outcome: 'Opted out', reason: 'moved' } });
    expect(recorded.statusCode, recorded.body).toBe(201);
    expect(recorded.json()).toMatchObject({ patientId: 'FL-2', optedOut: true });
    expect(recorded.json().reason).toEqual({ key: 'moved', label: 'Moved away' });
    expect((await db.selectFrom('attempts').select('reason').where('id', '=', recorded.json().attemptId).executeTakeFirstOrThrow()).reason).toBe('moved');
    const decision = await db.selectFrom('compliance_decisions').select('patient_id').where('id', '=', recorded.json().compliance.decisionId).executeTakeFirstOrThrow();
    expect(decision.patient_id).toBe(own.id);
    const optOuts = await db.selectFrom('opt_outs').select('patient_id').where('patient_id', 'in', [own.id, lookalike.patientId]).execute();
    expect(optOuts.map((o) => o.patient_id)).toEqual([own.id]);
  });

  it('lets managers read and change programs, validated with what is wrong and what is allowed', async () => {
    const deskPrograms = await as('desk', { method: 'GET', url: '/api/programs' });
    expect(deskPrograms.statusCode).toBe(403);
    expect(deskPrograms.json().error).toMatchObject({ code: 'forbidden', message: 'Your role (front_desk) does not allow this (programs.manage).' });
    const list = await as('boss', { method: 'GET', url: '/api/programs' });
    expect(list.statusCode).toBe(200);
    expect(list.json().programs.map((p: { key: string }) => p.key)).toEqual(['hygiene', 'perio_maintenance', 'periodic_exam', 'unscheduled_treatment', 'missed_visit', 'post_op', 'confirmation', 'reactivation']);
    const invalid = await as('boss', { method: 'PUT', url: '/api/programs/reactivation', payload: { ...defaultProgram('reactivation'), trigger: { kind: 'lapsed', lapsedAfterMonths: 48 } } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.code).toBe('invalid_input');
    expect(invalid.json().error.message).toContain('trigger.lapsedAfterMonths: lapsed window must be 12 to 36 months (given 48)');
    const eyeExam = {
      key: 'diabetic_eye_exam', name: 'Annual diabetic eye exam', purpose: 'recall_due', urgency: 45,
      trigger: { kind: 'interval', codes: { CPT: ['92014'] }, interval: { years: 1 } }, outreach: { start: { days: -30 } }, suppressedBy: 'any_future_appointment',
      cadence: { steps: [{ channel: 'voice' }, { channel: 'message', after: { businessDays: 3 } }], whenExhausted: 'close_unreachable' }, scriptKey: 'eye_exam',
    };
    const saved = await as('boss', { method: 'PUT', url: '/api/programs', payload: { programs: [eyeExam] } });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().saved).toEqual(['diabetic_eye_exam']);
    expect(saved.json().programs.find((p: { key: string }) => p.key === 'diabetic_eye_exam')).toMatchObject({ enabled: true, supersedes: [], urgency: 45 });
  });
});

/**
 * GET /api/reports/data-problems: the summary's data problems as a list linked to the patients, for
 * the same period, office and program as the summary (as many rows as `dataProblems` counts); the
 * front desk gets 403; a bad parameter is a 400 that names it. Ids and codes only: no phone number.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { recordOutcome } from '../../src/use-cases/record-outcome.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { seedLocation, seedPatient } from '../helpers/seed-patients.js';
import { signInStaff, type StaffSession } from '../helpers/staff-sessions.js';
import { buildTestServer } from '../helpers/test-server.js';

const log = pino({ level: 'silent' });
const T0 = '2026-11-24T15:00:00.000Z';
const password = 'sunrise-data-problems-2026';

describe.each(backends)('data problems API on %s', (backend) => {
  let t: TestStore;
  let server: FastifyInstance;
  const sessions: Record<string, StaffSession> = {};
  const deps = () => ({ store: t.store, clock: fixedClock(T0), log });
  const as = (who: string, options: InjectOptions) =>
    server.inject({ ...options, cookies: { recare_session: sessions[who]!.token }, headers: { ...(options.headers ?? {}), 'x-csrf-token': sessions[who]!.csrf } });

  beforeAll(async () => {
    t = await openTestStore(backend);
    const tpa = await seedLocation(t.store, 'TPA', 'FL', 'America/New_York');
    const aus = await seedLocation(t.store, 'AUS', 'TX', 'America/Chicago');
    for (const [externalId, locationId, state, zip, mobile] of [['FL-1', tpa, 'FL', '33606', '+18132345601'], ['FL-2', tpa, 'FL', '33606', '+18132345602'], ['TX-1', aus, 'TX', '78701', '+15124765603']] as const) {
      const p = await seedPatient(t.store, { externalId, locationId, state, zip, mobile });
      await t.store.db.insertInto('procedures').values({ patient_id: p.patientId, code: 'D1110', status: 'completed', performed_on: '2026-05-10' }).execute();
    }
    await planPatients(deps(), { full: true });
    Object.assign(sessions, await signInStaff(deps(), [['desk', 'front_desk', ['TPA']], ['boss', 'manager', 'all'], ['texas', 'manager', ['AUS']]], password));
    await recordOutcome({ ...deps(), clock: fixedClock('2026-11-20T15:00:00.000Z') }, { patient: 'FL-1', outcome: 'Wrong number', actorUserId: sessions.desk!.id });
    await recordOutcome({ ...deps(), clock: fixedClock('2026-11-22T15:00:00.000Z') }, { patient: 'FL-2', outcome: 'Declined', actorUserId: sessions.desk!.id });
    server = await buildTestServer(deps());
  });
  afterAll(async () => {
    await server?.close();
    await t?.dispose();
  });

  it('lists each problem of the period with its patient, as many as the summary counts', async () => {
    const list = await as('boss', { method: 'GET', url: '/api/reports/data-problems?from=2026-11-01&to=2026-12-01' });
    expect(list.statusCode).toBe(200);
    const summary = await as('boss', { method: 'GET', url: '/api/reports/summary?from=2026-11-01&to=2026-12-01' });
    expect(summary.json().dataProblems).toBe(1);
    const point = await t.store.db.selectFrom('contact_points as cp').innerJoin('patients as p', 'p.id', 'cp.patient_id').select('cp.id').where('p.external_id', '=', 'FL-1').where('cp.is_valid', '=', false).executeTakeFirstOrThrow();
    expect(list.json()).toEqual({
      period: { from: '2026-11-01', to: '2026-12-01' }, truncated: false, limit: 1000,
      problems: [{ patientId: 'FL-1', contactPointId: Number(point.id), contactKind: 'phone', kind: 'marked_invalid', reason: expect.stringMatching(/^wrong number/i), at: '2026-11-20T15:00:00.000Z', location: 'TPA' }],
    });
    expect(list.body).not.toContain('+18132345601');
  });

  it('leaves out problems before the period and patients of other offices', async () => {
    const before = await as('boss', { method: 'GET', url: '/api/reports/data-problems?from=2026-11-21&to=2026-12-01' });
    expect(before.json().problems).toEqual([]);
    const texas = await as('texas', { method: 'GET', url: '/api/reports/data-problems?from=2026-11-01&to=2026-12-01' });
    expect(texas.statusCode).toBe(200);
    expect(texas.json().problems).toEqual([]);
    const other = await as('texas', { method: 'GET', url: '/api/reports/data-problems?location=TPA' });
    expect(other.statusCode).toBe(400);
    expect(other.json().error).toMatchObject({ code: 'invalid_input', message: 'location is "TPA", which is not an office in your offices; allowed: AUS.' });
  });

  it('refuses the front desk with 403 and an unknown parameter with 400', async () => {
    const desk = await as('desk', { method: 'GET', url: '/api/reports/data-problems' });
    expect(desk.statusCode).toBe(403);
    expect(desk.json().error).toMatchObject({ code: 'forbidden', message: 'Your role (front_desk) does not allow this (reports.read).' });
    const unknown = await as('boss', { method: 'GET', url: '/api/reports/data-problems?patient=FL-1' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ code: 'invalid_input', message: 'Query is not valid: "patient" is not a parameter of the report; parameters: from, to, location, program' });
  });
});

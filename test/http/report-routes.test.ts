/**
 * GET /api/reports/summary: managers and admins read the figures of their offices; the front desk
 * gets 403; a bad period, office or parameter is a 400 that says what was given and what is allowed.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { recordOutcome } from '../../src/use-cases/record-outcome.js';
import { readReportSummary } from '../../src/use-cases/reports/read-report-summary.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { seedLocation, seedPatient } from '../helpers/seed-patients.js';
import { signInStaff, type StaffSession } from '../helpers/staff-sessions.js';
import { buildTestServer } from '../helpers/test-server.js';

const log = pino({ level: 'silent' });
const T0 = '2026-11-24T15:00:00.000Z';
const password = 'sunrise-report-routes-2026';

describe.each(backends)('report API on %s', (backend) => {
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
    await recordOutcome({ ...deps(), clock: fixedClock('2026-11-22T15:00:00.000Z') }, { patient: 'FL-1', outcome: 'Declined', actorUserId: sessions.desk!.id });
    server = await buildTestServer(deps());
  });
  afterAll(async () => {
    await server?.close();
    await t?.dispose();
  });

  it('answers a manager with the figures of the period, as the use case computes them', async () => {
    const response = await as('boss', { method: 'GET', url: '/api/reports/summary?from=2026-11-01&to=2026-12-01' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      period: { from: '2026-11-01', to: '2026-12-01' }, eligible: 3, attempted: 1, reached: 1, declined: 1, scheduled: 0, optOutRate: 0, connectRate: 1, lift: [],
      byLocation: [{ location: 'AUS', eligible: 1, attempted: 0 }, { location: 'TPA', eligible: 2, attempted: 1, declined: 1 }],
      byStaff: [{ userId: sessions.desk!.id, name: 'desk', touches: 1, calls: 1, connectedCalls: 1, outcomes: { declined: 1 } }],
    });
    expect(body).toEqual(await readReportSummary(deps(), { from: '2026-11-01', to: '2026-12-01' }));
  });

  it('shows a manager of one office only that office, and refuses another office by name', async () => {
    const own = await as('texas', { method: 'GET', url: '/api/reports/summary?from=2026-11-01&to=2026-12-01' });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ eligible: 1, attempted: 0, byLocation: [{ location: 'AUS', eligible: 1 }] });
    const other = await as('texas', { method: 'GET', url: '/api/reports/summary?location=TPA' });
    expect(other.statusCode).toBe(400);
    expect(other.json().error).toMatchObject({ code: 'invalid_input', message: 'location is "TPA", which is not an office in your offices; allowed: AUS.' });
  });

  it('refuses the front desk with 403', async () => {
    const response = await as('desk', { method: 'GET', url: '/api/reports/summary' });
    expect(response.statusCode).toBe(403);
    expect(response.json().error).toMatchObject({ code: 'forbidden', message: 'Your role (front_desk) does not allow this (reports.read).' });
  });

  it('answers a bad query with 400 saying what was given and what is allowed', async () => {
    const backwards = await as('boss', { method: 'GET', url: '/api/reports/summary?from=2026-11-10&to=2026-11-10' });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error).toMatchObject({
      code: 'invalid_input',
      message: 'The period is empty: from 2026-11-10 is not before to 2026-11-10; the period is [from, to), so to must be a later date (e.g. from 2026-11-10 to 2026-11-11 is one day).',
    });
    const notADate = await as('boss', { method: 'GET', url: '/api/reports/summary?from=11/01/2026' });
    expect(notADate.statusCode).toBe(400);
    expect(notADate.json().error).toMatchObject({ code: 'invalid_input', message: 'from is "11/01/2026", which is not a date; use YYYY-MM-DD, e.g. 2026-11-24' });
    const unknown = await as('boss', { method: 'GET', url: '/api/reports/summary?week=2026-W47' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ code: 'invalid_input', message: 'Query is not valid: "week" is not a parameter of the report; parameters: from, to, location, program' });
  });
});

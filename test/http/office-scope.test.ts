/**
 * What a manager of one office sees of practice-wide records, on both backends:
 * - the audit log: events about patients (and their cases, attempts, escalations) of their offices,
 *   and practice-wide events of users who work there or everywhere — nothing about another office's
 *   patients or staff, whoever acted;
 * - imports: a run's figures only; its problems and rejected rows (every office's names, phones,
 *   emails) and running an import need an account that covers all offices.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestServer } from '../helpers/test-server.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { seedLocation, seedPatient } from '../helpers/seed-patients.js';
import { signInStaff, type StaffSession } from '../helpers/staff-sessions.js';

const log = pino({ level: 'silent' });
const password = 'sunrise-office-scope-2026';

interface AuditRow { action: string; actor_email: string | null; entity_type: string; entity_id: string | null; patient_id: number | null }

describe.each(backends)('office scope of practice-wide records on %s', (backend) => {
  let t: TestStore;
  let server: FastifyInstance;
  const sessions: Record<string, StaffSession> = {};
  const ids = { flPatient: 0, txPatient: 0, flCase: 0, txCase: 0, txAttempt: 0, txEscalation: 0 };
  const as = (who: string, options: InjectOptions) =>
    server.inject({ ...options, cookies: { recare_session: sessions[who]!.token }, headers: { ...(options.headers ?? {}), 'x-csrf-token': sessions[who]!.csrf } });
  const ok = async (who: string, options: InjectOptions) => {
    const response = await as(who, options);
    expect(response.statusCode, `${who} ${options.method} ${options.url}: ${response.body}`).toBeLessThan(300);
    return response.json();
  };
  const audit = async (who: string, query = '') => (await ok(who, { method: 'GET', url: `/api/audit?limit=1000${query}` })).events as AuditRow[];

  beforeAll(async () => {
    t = await openTestStore(backend);
    const deps = { store: t.store, clock: { now: () => new Date('2026-11-24T15:00:00.000Z') }, log };
    const tpa = await seedLocation(t.store, 'TPA', 'FL', 'America/New_York');
    const aus = await seedLocation(t.store, 'AUS', 'TX', 'America/Chicago');
    for (const [externalId, locationId, state, zip, mobile, key] of [['FL-1', tpa, 'FL', '33606', '+18132345601', 'flPatient'], ['TX-1', aus, 'TX', '78701', '+15124765601', 'txPatient']] as const) {
      const p = await seedPatient(t.store, { externalId, locationId, state, zip, mobile });
      ids[key] = p.patientId;
      await t.store.db.insertInto('procedures').values({ patient_id: p.patientId, code: 'D1110', status: 'completed', performed_on: '2026-05-10' }).execute();
    }
    await planPatients(deps, { full: true });
    Object.assign(sessions, await signInStaff(deps, [['desk', 'front_desk', ['TPA']], ['texas', 'front_desk', ['AUS']], ['tpaboss', 'manager', ['TPA']], ['boss', 'manager', 'all']], password));
    server = await buildTestServer(deps);
    const caseOf = async (patientId: number) => (await t.store.db.selectFrom('cases').select('id').where('patient_id', '=', patientId).executeTakeFirstOrThrow()).id;
    ids.flCase = await caseOf(ids.flPatient);
    ids.txCase = await caseOf(ids.txPatient);

    // Austin's front desk works an Austin patient: views, claims, escalates, records and undoes; the
    // practice-wide manager answers the escalation. Austin's desk is also refused the audit log.
    await ok('texas', { method: 'GET', url: '/api/patients/TX-1/card' });
    await ok('texas', { method: 'POST', url: `/api/cases/${ids.txCase}/claim`, payload: {} });
    const escalated = await ok('texas', { method: 'POST', url: `/api/cases/${ids.txCase}/outcome`, payload: { outcome: 'Needs clinical question answered' } });
    ids.txEscalation = escalated.escalation.id;
    await ok('boss', { method: 'POST', url: `/api/escalations/${ids.txEscalation}/resolve`, payload: { resolution: 'expected after a cleaning' } });
    ids.txAttempt = (await ok('texas', { method: 'POST', url: `/api/cases/${ids.txCase}/outcome`, payload: { outcome: 'No answer' } })).attemptId;
    await ok('texas', { method: 'POST', url: `/api/attempts/${ids.txAttempt}/undo`, payload: {} });
    const deskAudit = await as('texas', { method: 'GET', url: '/api/audit' });
    expect(deskAudit.statusCode).toBe(403);
    expect(deskAudit.json().error.code).toBe('forbidden');
    expect(deskAudit.json().error.message).toMatch(/audit/i);
    // Tampa's front desk works a Tampa patient; the practice-wide manager reads the log.
    await ok('desk', { method: 'GET', url: '/api/patients/FL-1/card' });
    await ok('desk', { method: 'POST', url: `/api/cases/${ids.flCase}/outcome`, payload: { outcome: 'No answer' } });
    await audit('boss');
  });
  afterAll(async () => {
    await server?.close();
    await t?.dispose();
  });

  const aboutAustin = (e: AuditRow) =>
    e.patient_id === ids.txPatient
    || (e.entity_type === 'case' && e.entity_id === String(ids.txCase))
    || (e.entity_type === 'attempt' && e.entity_id === String(ids.txAttempt))
    || (e.entity_type === 'escalation' && e.entity_id === String(ids.txEscalation));

  it("shows a one-office manager the audit events of their office's patients and staff, and nothing of another office's", async () => {
    const everything = await audit('boss');
    const austin = everything.filter(aboutAustin);
    // The full log has the Austin events, recorded both by the route guard (case, attempt, escalation
    // ids only) and by the use cases (with the patient id).
    expect(new Set(austin.map((e) => e.action))).toEqual(new Set(['patient.view', 'case.claim', 'case.outcome', 'escalation.resolve', 'case.outcome_undo']));
    expect(austin.some((e) => e.patient_id === null)).toBe(true);
    expect(everything.some((e) => e.actor_email === 'texas@clinic.example' && e.action === 'access.denied')).toBe(true);

    const tampa = await audit('tpaboss');
    expect(tampa.filter(aboutAustin)).toEqual([]);
    expect(tampa.filter((e) => e.actor_email === 'texas@clinic.example')).toEqual([]);
    expect(new Set(tampa.map((e) => e.actor_email))).toEqual(new Set(['desk@clinic.example', 'tpaboss@clinic.example', 'boss@clinic.example', null]));
    // Accounts made on the command line: those of Tampa's and every office's staff, not Austin's.
    const created = tampa.filter((e) => e.actor_email === null).map((e) => `${e.action} ${e.entity_id}`).sort();
    expect(created).toEqual(['desk', 'tpaboss', 'boss'].map((who) => `user.create ${sessions[who]!.id}`).sort());
    const desk = tampa.filter((e) => e.actor_email === 'desk@clinic.example').map((e) => `${e.action} ${e.patient_id ?? e.entity_id}`);
    expect(desk.sort()).toEqual(['case.outcome ' + ids.flCase, 'case.outcome ' + ids.flPatient, 'patient.view ' + ids.flPatient, 'session.sign_in ' + sessions.desk!.id].sort());
    expect(tampa.filter((e) => e.actor_email === 'boss@clinic.example').map((e) => e.action)).toEqual(['audit.read', 'audit.read', 'session.sign_in']);

    const texasId = sessions.texas!.id;
    expect(await audit('tpaboss', `&user=${texasId}`)).toEqual([]);
    expect((await audit('boss', `&user=${texasId}`)).length).toBeGreaterThanOrEqual(8);
  });

  const patientsCsv = [
    'patient_id,first_name,last_name,location,mobile_phone,email,status',
    'P-1,Ana,Lopez,TPA,813-555-0143,ana@example.com,active',
    'P-2,Ben,Ray,AUS,512-555-0144,ben.ray@example.com,zombie',
    'P-3,Cy,Moe,AUS,555-01,cy.moe@example.com,active',
  ].join('\n') + '\n';

  it("shows a one-office manager an import run's figures only, and keeps its rows and new imports to managers of every office", async () => {
    const runsBefore = (await t.store.db.selectFrom('import_runs').select('id').execute()).length;
    const refused = await as('tpaboss', { method: 'POST', url: '/api/imports/csv?kind=patients', payload: patientsCsv, headers: { 'content-type': 'text/csv' } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({
      code: 'forbidden',
      message: 'An import writes patients of every office, so running one needs an account that covers all offices; yours covers 1 office. Ask a manager who covers all offices, or an administrator, to run it.',
    });
    const fhir = await as('tpaboss', { method: 'POST', url: '/api/imports/fhir', payload: JSON.stringify({ resourceType: 'Patient', id: 'x' }), headers: { 'content-type': 'application/fhir+json' } });
    expect(fhir.statusCode).toBe(403);
    expect(fhir.json().error.message).toMatch(/^An import writes patients of every office/);
    expect((await t.store.db.selectFrom('import_runs').select('id').execute()).length).toBe(runsBefore);

    const summary = (await as('boss', { method: 'POST', url: '/api/imports/csv?kind=patients&source=recare', payload: patientsCsv, headers: { 'content-type': 'text/csv' } })).json();
    expect(summary.counts).toMatchObject({ read: 3, inserted: 2, rejected: 1 });
    const run = `/api/imports/${summary.importRunId}`;

    const full = await ok('boss', { method: 'GET', url: run });
    expect(full).toMatchObject({ problemsHidden: false, problemCount: 2 });
    expect(full.problems.map((p: { value: string }) => p.value)).toEqual(['zombie', '555-01']);
    const figures = await as('tpaboss', { method: 'GET', url: run });
    expect(figures.statusCode).toBe(200);
    expect(figures.json()).toEqual({ ...full, problems: [], problemsTruncated: false, problemsHidden: true });
    for (const value of ['Ben', 'Ray', '512-555-0144', 'ben.ray@example.com', 'Cy', '555-01', 'zombie']) expect(figures.body).not.toContain(value);

    const rows = await as('tpaboss', { method: 'GET', url: `${run}/rejected.csv` });
    expect(rows.statusCode).toBe(403);
    expect(rows.json().error).toMatchObject({
      code: 'forbidden',
      message: `The rejected rows of import run ${summary.importRunId} can hold patients of every office, so downloading them needs an account that covers all offices; yours covers 1 office. The run's figures are at GET /api/imports/${summary.importRunId}.`,
    });
    const everyOffice = await as('boss', { method: 'GET', url: `${run}/rejected.csv` });
    expect(everyOffice.statusCode).toBe(200);
    expect(everyOffice.body).toContain('P-2,Ben,Ray,AUS,512-555-0144,ben.ray@example.com,zombie');

    // Scope before existence: to a limited manager a missing run answers like an existing one.
    const missing = await as('tpaboss', { method: 'GET', url: '/api/imports/999999/rejected.csv' });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().error).toMatchObject({
      code: 'forbidden',
      message: "The rejected rows of import run 999999 can hold patients of every office, so downloading them needs an account that covers all offices; yours covers 1 office. The run's figures are at GET /api/imports/999999.",
    });
    const missingToAll = await as('boss', { method: 'GET', url: '/api/imports/999999/rejected.csv' });
    expect(missingToAll.statusCode).toBe(404);
    expect(missingToAll.json().error).toMatchObject({ code: 'not_found', message: 'There is no import run 999999.' });
  });
});

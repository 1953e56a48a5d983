import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { buildTestServer } from '../helpers/test-server.js';
import { addUser } from '../../src/use-cases/manage-users.js';
import { signIn } from '../../src/use-cases/sign-in.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';

const patientsCsv = [
  'patient_id,first_name,last_name,birth_date,mobile_phone,status',
  'p1,Ana,Lopez,1984-03-21,512-555-0143,active',
  'p2,Ben,Ray,1990-02-30,512-555-0144,zombie',
  'p3,Cy,Moe,1970-01-01,555-01,active',
].join('\n') + '\n';

describe.each(backends)('imports API on %s', (backend) => {
  let t: TestStore;
  let server: FastifyInstance;
  let cookie: string;
  let csrf: string;
  const post = (url: string, contentType: string, payload: string) =>
    server.inject({ method: 'POST', url, payload, headers: { 'content-type': contentType, 'x-csrf-token': csrf }, cookies: { recare_session: cookie } });
  const get = (url: string) => server.inject({ method: 'GET', url, cookies: { recare_session: cookie } });

  beforeAll(async () => {
    t = await openTestStore(backend);
    const deps = { store: t.store, clock: fixedClock('2026-11-24T15:00:00Z'), log: pino({ level: 'silent' }) };
    const password = 'upload-reviewer-checks-2026';
    await addUser(deps, { email: 'manager@example.com', role: 'manager', locations: 'all', password, actor: { userId: null, kind: 'cli' } });
    const session = await signIn(deps, { email: 'manager@example.com', password, remoteAddress: null, userAgent: null });
    cookie = session.token;
    csrf = session.csrfToken;
    server = await buildTestServer(deps);
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  it('imports a CSV body, answers with the summary and problems, and serves the run and its rejected rows', async () => {
    const response = await post('/api/imports/csv?kind=patients&file=patients.csv', 'text/csv', patientsCsv);
    expect(response.statusCode).toBe(200);
    const summary = response.json();
    expect(summary).toMatchObject({ kind: 'patients', format: 'csv', source: 'csv', dryRun: false, status: 'completed', counts: { read: 3, inserted: 2, updated: 0, unchanged: 0, rejected: 1 } });
    expect(summary.problems).toEqual([
      { file: 'patients.csv', line: 3, column: 'status', value: 'zombie', severity: 'error', message: '"zombie" is not one of active, inactive, deceased, archived; the row was not imported' },
      { file: 'patients.csv', line: 3, column: 'birth_date', value: '1990-02-30', severity: 'warning', message: '"1990-02-30" is not a real calendar date; use YYYY-MM-DD, e.g. 1984-03-21; the value was ignored' },
      { file: 'patients.csv', line: 4, column: 'mobile_phone', value: '555-01', severity: 'warning', message: '"555-01" is too short for a phone number; use e.g. +15551234567; kept but flagged invalid' },
    ]);

    const run = await get(`/api/imports/${summary.importRunId}`);
    expect(run.statusCode).toBe(200);
    expect(run.json()).toMatchObject({ id: summary.importRunId, status: 'completed', dryRun: false, counts: { read: 3, inserted: 2, rejected: 1 }, problemCount: 3, problemsTruncated: false });
    expect(run.json().problems.map((p: { line: number; severity: string }) => [p.line, p.severity])).toEqual([[3, 'error'], [3, 'warning'], [4, 'warning']]);

    const rejected = await get(`/api/imports/${summary.importRunId}/rejected.csv`);
    expect(rejected.statusCode).toBe(200);
    expect(rejected.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(rejected.body).toBe(
      'patient_id,first_name,last_name,birth_date,mobile_phone,status,reason\n' +
      'p2,Ben,Ray,1990-02-30,512-555-0144,zombie,"status: ""zombie"" is not one of active, inactive, deceased, archived; the row was not imported"\n',
    );
  });

  it('re-posting the same CSV as a dry run reports no change', async () => {
    const response = await post('/api/imports/csv?kind=patients&dryRun=true', 'text/csv', patientsCsv);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ dryRun: true, counts: { read: 3, inserted: 0, updated: 0, unchanged: 2, rejected: 1 } });
  });

  it('imports FHIR as a Bundle and as NDJSON', async () => {
    const bundle = {
      resourceType: 'Bundle', type: 'collection',
      entry: [{ resource: { resourceType: 'Patient', id: 'f1', name: [{ family: 'Fhir', given: ['Fay'] }], birthDate: '1980-05-05', telecom: [{ system: 'phone', value: '512-555-0150', use: 'mobile' }] } }],
    };
    const json = await post('/api/imports/fhir?source=ehr', 'application/fhir+json', JSON.stringify(bundle));
    expect(json.statusCode).toBe(200);
    expect(json.json()).toMatchObject({ format: 'fhir', source: 'ehr', counts: { read: 1, inserted: 1, rejected: 0 }, byKind: { patients: { inserted: 1 } } });
    const ndjson = await post('/api/imports/fhir?source=ehr', 'application/x-ndjson', JSON.stringify(bundle.entry[0]?.resource) + '\n' + JSON.stringify({ resourceType: 'Patient', id: 'f2', name: [{ family: 'Two', given: ['Tia'] }] }) + '\n');
    expect(ndjson.statusCode).toBe(200);
    expect(ndjson.json()).toMatchObject({ counts: { read: 2, inserted: 1, unchanged: 1 } });
  });

  it('explains bad requests: unknown kind, wrong content type, unknown run', async () => {
    const kind = await post('/api/imports/csv?kind=pets', 'text/csv', patientsCsv);
    expect(kind.statusCode).toBe(400);
    expect(kind.json().error).toMatchObject({ code: 'invalid_input', message: '--kind "pets" is not a kind of CSV Recare imports; use one of locations, providers, patients, appointments, procedures, recalls, contacts, schedules' });
    const type = await post('/api/imports/fhir', 'text/csv', 'a,b\n');
    expect(type.statusCode).toBe(400);
    expect(type.json().error.code).toBe('invalid_input');
    expect(type.json().error.message).toBe('Send FHIR R4 as the request body: a Bundle or resource with Content-Type application/fhir+json (or application/json), or bulk NDJSON with application/x-ndjson (given: text/csv).');
    const missing = await get('/api/imports/999999');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toBe('There is no import run 999999. Every import prints its run id; `recare import` lists it in the summary.');
    expect(missing.json().error.code).toBe('not_found');
    const rejected = await get('/api/imports/999999/rejected.csv');
    expect(rejected.statusCode).toBe(404);
    expect(rejected.json().error).toMatchObject({ code: 'not_found', message: 'There is no import run 999999.' });
  });

  it('accepts a CSV body above the server-wide 1 MB limit on this route', async () => {
    const lines = ['patient_id,first_name,last_name,mobile_phone'];
    for (let i = 0; i < 40_000; i += 1) lines.push(`big${i},First${i},Last${i},`);
    const body = lines.join('\n') + '\n';
    expect(body.length).toBeGreaterThan(1_048_576);
    const response = await post('/api/imports/csv?kind=patients&source=big', 'text/csv', body);
    expect(response.statusCode).toBe(200);
    expect(response.json().counts).toEqual({ read: 40_000, inserted: 40_000, updated: 0, unchanged: 0, rejected: 0 });
  });

  it('refuses an anonymous upload', async () => {
    const response = await server.inject({ method: 'POST', url: '/api/imports/csv?kind=patients', payload: patientsCsv, headers: { 'content-type': 'text/csv' } });
    expect(response.statusCode).toBe(401);
    expect(response.json().error).toMatchObject({ code: 'unauthenticated', message: 'Sign in first: this request needs a signed-in user (the session is missing or has expired).' });
  });
});

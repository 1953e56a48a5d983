/**
 * A scripted abuse run against a real server on loopback (bounded: a fixed list of requests, each
 * with a timeout): malformed JSON, JSON nested thousands of levels deep, oversized bodies,
 * SQL-injection and path-traversal strings in every parameter, invalid ids, Origins that are not
 * the server — signed out and signed in as an admin; then a CSV import with one 3 MB cell and FHIR
 * resources of the wrong shape. Zero 5xx, zero stack traces.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildTestServer } from '../helpers/test-server.js';
import { importBodyLimitBytes } from '../../src/http/routes/imports.js';
import { fixedClock } from '../../src/clock.js';
import { loadDemoClinic } from '../../src/use-cases/load-demo-clinic.js';
import { demoUsers } from '../../src/use-cases/demo-users.js';
import { openTestStore, type TestStore } from '../helpers/databases.js';
import { issueLink } from '../../src/use-cases/booking/issue-link.js';

const deeplyNested = ['['.repeat(5000) + ']'.repeat(5000), '{"a":'.repeat(2500) + '1' + '}'.repeat(2500)];
const oddOrigins = ['null', 'not a url', 'http://127.0.0.1:3222.evil.example', 'https://127.0.0.1', 'http://127.0.0.1:1', 'file:///etc/passwd', 'http://[::1'];

const hostile = [
  "' OR '1'='1",
  "1; DROP TABLE patients; --",
  '../../../../etc/passwd',
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '%00',
  '-1',
  '99999999999999999999999999',
  '1e400',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  'ｓｔｏｐ',
  '\u0000\u0001\u0002',
];

describe('abuse run on loopback', () => {
  let t: TestStore;
  let server: FastifyInstance;
  let base: string;
  let adminCookie = '';
  let csrf = '';
  const log = pino({ level: 'silent' });
  beforeAll(async () => {
    t = await openTestStore('pglite');
    const deps = { store: t.store, clock: fixedClock('2026-11-24T15:00:00Z'), log };
    await loadDemoClinic(deps, { patients: 60, seed: 3, locations: 2 });
    server = await buildTestServer(deps, { signInAttemptsPerMinute: 10_000, patientLinks: { perAddressPerMinute: 100_000, perTokenPerMinute: 100_000 } });
    base = await server.listen({ port: 0, host: '127.0.0.1' });
    const admin = demoUsers.find((u) => u.role === 'admin')!;
    const signIn = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: admin.email, password: admin.password }) });
    adminCookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    csrf = ((await signIn.json()) as { csrfToken: string }).csrfToken;
  });
  afterAll(async () => {
    await server?.close();
    await t?.dispose();
  });

  it('answers every hostile request with a 4xx or 2xx in the standard error format, never a 5xx or a stack trace', async () => {
    const routes = server.accessTable;
    const requests: { method: string; url: string; body?: string; contentType?: string; origin?: string; signedIn: boolean }[] = [];
    for (const route of routes) {
      for (const value of hostile) {
        const url = route.url.replace(/:[a-zA-Z]+/g, encodeURIComponent(value));
        const query = `?channel=${encodeURIComponent(value)}&purpose=${encodeURIComponent(value)}&at=${encodeURIComponent(value)}&patient=${encodeURIComponent(value)}&user=${encodeURIComponent(value)}&limit=${encodeURIComponent(value)}&kind=${encodeURIComponent(value)}`;
        for (const signedIn of [false, true]) {
          if (route.method === 'GET') requests.push({ method: 'GET', url: url + query, signedIn });
          else requests.push({ method: route.method, url: url + query, body: JSON.stringify({ email: value, password: value, role: value, locations: [value], outcome: value, note: value }), contentType: 'application/json', signedIn });
        }
      }
      if (route.method !== 'GET') {
        for (const signedIn of [false, true]) {
          requests.push({ method: route.method, url: route.url.replace(/:[a-zA-Z]+/g, '1'), body: '{"email": "a@b", "password": ', contentType: 'application/json', signedIn });
          // Just over the route's own limit (uploads allow 50 MB, everything else 1 MB): sending 60 MB to every route only slows the run.
          const oversized = (route.url.startsWith('/api/imports') ? importBodyLimitBytes : 1_048_576) + 1024;
          requests.push({ method: route.method, url: route.url.replace(/:[a-zA-Z]+/g, '1'), body: JSON.stringify({ junk: 'x'.repeat(oversized) }), contentType: 'application/json', signedIn });
          requests.push({ method: route.method, url: route.url.replace(/:[a-zA-Z]+/g, '1'), body: '[1,2,3]', contentType: 'application/json', signedIn });
          requests.push({ method: route.method, url: route.url.replace(/:[a-zA-Z]+/g, '1'), body: 'not json at all', contentType: 'text/plain', signedIn });
          for (const body of deeplyNested) requests.push({ method: route.method, url: route.url.replace(/:[a-zA-Z]+/g, '1'), body, contentType: 'application/json', signedIn });
        }
        // A valid CSRF token from a page that is not Recare's own address.
        for (const origin of oddOrigins) requests.push({ method: route.method, url: route.url.replace(/:[a-zA-Z]+/g, '1'), body: '{}', contentType: 'application/json', origin, signedIn: true });
      }
    }
    requests.push({ method: 'GET', url: '/../../etc/passwd', signedIn: false });
    requests.push({ method: 'GET', url: '/%2e%2e/%2e%2e/etc/passwd', signedIn: false });
    requests.push({ method: 'GET', url: '/api/patients/%2e%2e%2f%2e%2e/contact-check', signedIn: true });

    const failures: string[] = [];
    let fiveHundreds = 0;
    for (const r of requests) {
      const headers: Record<string, string> = {};
      if (r.contentType) headers['content-type'] = r.contentType;
      if (r.signedIn) Object.assign(headers, { cookie: adminCookie, 'x-csrf-token': csrf });
      if (r.origin) headers.origin = r.origin;
      // Never sign the admin out mid-run: those routes are exercised signed out only.
      if (r.signedIn && r.url.startsWith('/api/session') && r.method !== 'GET') continue;
      const response = await fetch(base + r.url, { method: r.method, headers, body: r.body, signal: AbortSignal.timeout(15_000) });
      const text = await response.text();
      if (r.origin && response.status !== 403) failures.push(`${response.status} (not 403) for Origin ${r.origin} on ${r.method} ${r.url}`);
      if (response.status >= 500) {
        fiveHundreds++;
        failures.push(`${response.status} ${r.method} ${r.url.slice(0, 80)}: ${text.slice(0, 200)}`);
      }
      if (/\bat [\w.<>]+ \(|node:internal|\.ts:\d+|\.js:\d+:\d+/.test(text)) failures.push(`stack trace in ${r.method} ${r.url.slice(0, 80)}`);
      if (response.status >= 400 && response.headers.get('content-type')?.includes('json')) {
        const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
        if (!body.error?.code || !body.error.message) failures.push(`non-standard error body for ${r.method} ${r.url.slice(0, 80)}`);
      }
    }
    expect(requests.length).toBeGreaterThan(200);
    expect(failures).toEqual([]);
    expect(fiveHundreds).toBe(0);
    // The database is intact afterwards.
    const patients = await t.store.db.selectFrom('patients').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(patients.n)).toBe(60);
  }, 180_000);

  it('answers hostile requests to the patient page (/b/{token}) with a friendly page, never a 5xx, a stack trace or a cached answer', async () => {
    const deps = { store: t.store, clock: fixedClock('2026-11-24T15:00:00Z') };
    const someone = await t.store.db.selectFrom('patients').select('external_id').orderBy('id').limit(1).executeTakeFirstOrThrow();
    const real = (await issueLink(deps, { patient: someone.external_id, purpose: 'preferences', baseUrl: null })).url.split('/b/')[1] as string;
    const page = await fetch(`${base}/b/${real}`);
    const csrfCookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
    const linkCsrf = csrfCookie.split('=')[1]!;
    const actions = ['confirm', 'code', 'pick', 'propose', 'call', 'not-now', 'preferences'];
    const requests: { method: string; url: string; body?: string; contentType?: string; origin?: string; cookie?: string }[] = [];
    for (const value of hostile) {
      const token = encodeURIComponent(value);
      requests.push({ method: 'GET', url: `/b/${token}?lang=${token}` });
      for (const action of actions) {
        const fields = new URLSearchParams({ csrf: linkCsrf, lang: value, dob: value, code: value, startsAt: value, days: value, parts: value, day: value, hour: value, channel: value, language: value, bestTime: value, stopTexts: value });
        requests.push({ method: 'POST', url: `/b/${token}/${action}`, body: fields.toString(), contentType: 'application/x-www-form-urlencoded', cookie: csrfCookie });
        requests.push({ method: 'POST', url: `/b/${real}/${action}`, body: fields.toString(), contentType: 'application/x-www-form-urlencoded', cookie: csrfCookie });
      }
    }
    for (const action of actions) {
      requests.push({ method: 'POST', url: `/b/${real}/${action}`, body: '{"csrf": ', contentType: 'application/json', cookie: csrfCookie });
      requests.push({ method: 'POST', url: `/b/${real}/${action}`, body: `csrf=${linkCsrf}&dob=${'9'.repeat(20_000)}`, contentType: 'application/x-www-form-urlencoded', cookie: csrfCookie });
      requests.push({ method: 'POST', url: `/b/${real}/${action}`, body: 'not a form', contentType: 'text/plain', cookie: csrfCookie });
      // `Origin: null` is what a browser sends from the page itself under no-referrer; every other odd Origin is refused.
      for (const origin of oddOrigins.filter((o) => o !== 'null')) requests.push({ method: 'POST', url: `/b/${real}/${action}`, body: `csrf=${linkCsrf}`, contentType: 'application/x-www-form-urlencoded', origin, cookie: csrfCookie });
    }
    const failures: string[] = [];
    for (const r of requests) {
      const headers: Record<string, string> = {};
      if (r.contentType) headers['content-type'] = r.contentType;
      if (r.cookie) headers.cookie = r.cookie;
      if (r.origin) headers.origin = r.origin;
      const response = await fetch(base + r.url, { method: r.method, headers, body: r.body, signal: AbortSignal.timeout(15_000) });
      const text = await response.text();
      const where = `${response.status} ${r.method} ${r.url.slice(0, 80)}`;
      if (response.status >= 500) failures.push(`${where}: ${text.slice(0, 200)}`);
      if (r.origin && response.status !== 403) failures.push(`${where} (not 403) for Origin ${r.origin}`);
      if (/\bat [\w.<>]+ \(|node:internal|\.ts:\d+|\.js:\d+:\d+/.test(text)) failures.push(`stack trace in ${where}`);
      if (r.url.startsWith('/b/') && response.headers.get('cache-control') !== 'no-store') failures.push(`${where} without Cache-Control: no-store`);
      if (text.includes('<script>alert(1)</script>')) failures.push(`${where} echoes markup`);
    }
    expect(requests.length).toBeGreaterThan(150);
    expect(failures).toEqual([]);
  }, 180_000);

  it('imports the good rows around a 3 MB cell and reports it, and reports FHIR resources of the wrong shape, without a 500', async () => {
    const post = (url: string, contentType: string, body: string) =>
      fetch(base + url, { method: 'POST', headers: { 'content-type': contentType, cookie: adminCookie, 'x-csrf-token': csrf }, body, signal: AbortSignal.timeout(60_000) });
    const rows = Array.from({ length: 60 }, (_, i) => `abuse-${i},Good${i},Row${i},`);
    const csvBody = ['patient_id,first_name,last_name,email', ...rows.slice(0, 20), `abuse-huge,${'Z'.repeat(3 * 1024 * 1024)},Huge,`, ...rows.slice(20)].join('\n') + '\n';
    const csvResponse = await post('/api/imports/csv?kind=patients&source=abuse&file=huge.csv', 'text/csv', csvBody);
    expect(csvResponse.status).toBe(200);
    const csvSummary = (await csvResponse.json()) as { counts: Record<string, number>; problems: unknown[] };
    expect(csvSummary.counts).toMatchObject({ read: 61, inserted: 60, rejected: 1 });
    expect(csvSummary.problems).toEqual([
      { file: 'huge.csv', line: 22, column: 'first_name', value: null, severity: 'error', message: 'is 3,145,728 characters long; first_name allows at most 200, so the row was not imported' },
    ]);

    const malformed = [
      { resourceType: 'Patient', id: 'bad-1', name: 'Jane Doe' },
      { resourceType: 'Patient', id: 'bad-2', name: [{ family: 'Roe', given: 'Al' }], telecom: 'none' },
      { resourceType: 'Patient', id: { nested: true }, name: [null] },
      { resourceType: 'Appointment', id: 'bad-3', status: 'booked', participant: { actor: 'Patient/bad-1' } },
      { resourceType: 'Patient', id: 'fine-1', name: [{ family: 'Fine', given: ['Fay'] }] },
    ];
    const bundle = await post('/api/imports/fhir?source=abuse-fhir', 'application/fhir+json', JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [...malformed.map((resource) => ({ resource })), null, 'entry'] }));
    expect(bundle.status).toBe(200);
    const bundleSummary = (await bundle.json()) as { counts: Record<string, number>; problems: { column: string; message: string }[] };
    expect(bundleSummary.counts).toMatchObject({ inserted: 1, rejected: 6 });
    expect(bundleSummary.problems.map((p) => p.column)).toEqual([
      'Bundle.entry[0].resource.name', 'Bundle.entry[1].resource', 'Bundle.entry[2].resource', 'Bundle.entry[3].resource.participant', 'Bundle.entry[5].resource', 'Bundle.entry[6].resource',
    ]);
    const ndjson = await post('/api/imports/fhir?source=abuse-fhir', 'application/x-ndjson', malformed.map((r) => JSON.stringify(r)).join('\n') + '\n');
    expect(ndjson.status).toBe(200);
    expect(((await ndjson.json()) as { counts: Record<string, number> }).counts).toMatchObject({ unchanged: 1, rejected: 4 });
    const notABundle = await post('/api/imports/fhir?source=abuse-fhir', 'application/fhir+json', JSON.stringify({ resourceType: 'Bundle', entry: 'everything' }));
    expect(notABundle.status).toBe(200);
    expect(((await notABundle.json()) as { problems: { message: string }[] }).problems.map((p) => p.message)).toEqual(['is not a list (JSON array) of entries; nothing to import']);
  }, 120_000);
});

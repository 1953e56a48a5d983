/**
 * Hostile request shapes get a clear 4xx, never a 500: JSON nested thousands of levels deep on every
 * route, bodies over each route's own limit, and Origin headers that are not this server.
 */
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { buildTestServer } from '../helpers/test-server.js';
import { exceedsJsonDepth, maxJsonDepth } from '../../src/http/json-body.js';
import { importBodyLimitBytes } from '../../src/http/routes/imports.js';
import { demoUsers } from '../../src/use-cases/demo-users.js';
import { loadDemoClinic } from '../../src/use-cases/load-demo-clinic.js';
import { openTestStore, type TestStore } from '../helpers/databases.js';
import { signInAs, type SignedInClient } from '../helpers/http-session.js';

const tooDeep = `The JSON body nests arrays and objects more than ${maxJsonDepth} levels deep; at most ${maxJsonDepth} levels are allowed.`;
const nestedArrays = '['.repeat(5000) + ']'.repeat(5000);
const nestedObjects = '{"a":'.repeat(2000) + '1' + '}'.repeat(2000);

describe('JSON nesting depth', () => {
  it('counts brackets outside strings only, and stops at the first level too deep', () => {
    expect(exceedsJsonDepth('['.repeat(32) + ']'.repeat(32), 32)).toBe(false);
    expect(exceedsJsonDepth('['.repeat(33) + ']'.repeat(33), 32)).toBe(true);
    expect(exceedsJsonDepth(JSON.stringify({ note: '['.repeat(100) }), 32)).toBe(false);
    expect(exceedsJsonDepth(JSON.stringify({ note: '"\\'.repeat(10) + '['.repeat(100) }), 32)).toBe(false);
    expect(exceedsJsonDepth('['.repeat(1_000_000), 32)).toBe(true);
  });
});

describe('hostile request shapes', () => {
  let t: TestStore;
  let server: FastifyInstance;
  let admin: SignedInClient;

  beforeAll(async () => {
    t = await openTestStore('pglite');
    const deps = { store: t.store, clock: fixedClock('2026-11-24T15:00:00Z'), log: pino({ level: 'silent' }) };
    await loadDemoClinic(deps, { patients: 20, seed: 5, locations: 2 });
    server = await buildTestServer(deps, { signInAttemptsPerMinute: 10_000 });
    const user = demoUsers.find((u) => u.role === 'admin')!;
    admin = await signInAs(server, user.email, user.password);
  });
  afterAll(async () => {
    await server?.close();
    await t?.dispose();
  });

  it('refuses deeply nested JSON on every route that takes a JSON body, signed in or not, with invalid_input', async () => {
    const routes = server.accessTable.filter((r) => r.method !== 'GET' && !r.url.startsWith('/api/imports/'));
    expect(routes.length).toBeGreaterThanOrEqual(12);
    for (const route of routes) {
      const url = route.url.replace(/:[a-zA-Z]+/g, '1');
      for (const payload of [nestedArrays, nestedObjects]) {
        for (const send of [admin.request, server.inject.bind(server)]) {
          const response = await send({ method: route.method as 'POST', url, payload, headers: { 'content-type': 'application/json' } });
          expect(response.statusCode, `${route.method} ${route.url}`).toBe(400);
          expect(response.json().error).toMatchObject({ code: 'invalid_input', message: tooDeep });
        }
      }
    }
  });

  it('still reads JSON nested as deep as allowed, and brackets inside strings', async () => {
    const deepButAllowed = JSON.stringify({ email: JSON.parse('['.repeat(maxJsonDepth - 1) + ']'.repeat(maxJsonDepth - 1)), password: '[[[['.repeat(50) });
    const response = await server.inject({ method: 'POST', url: '/api/session', payload: deepButAllowed, headers: { 'content-type': 'application/json' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_input');
    expect(response.json().error.message).not.toBe(tooDeep);
    expect(response.json().error.message).toMatch(/^Request body is not valid: email/);
  });

  it("names each route's own limit when a body is too large", async () => {
    const upload = await admin.request({ method: 'POST', url: '/api/imports/csv?kind=patients', payload: 'x'.repeat(importBodyLimitBytes + 1024), headers: { 'content-type': 'text/csv' } });
    expect(upload.statusCode).toBe(413);
    expect(upload.json().error).toMatchObject({ code: 'payload_too_large', message: 'The request body is larger than the 50 MB allowed for POST /api/imports/csv.' });
    const signIn = await server.inject({ method: 'POST', url: '/api/session', payload: JSON.stringify({ email: 'x'.repeat(1_100_000) }), headers: { 'content-type': 'application/json' } });
    expect(signIn.statusCode).toBe(413);
    expect(signIn.json().error).toMatchObject({ code: 'payload_too_large', message: 'The request body is larger than the 1 MB allowed for POST /api/session.' });
  });

  it('refuses an Origin that is not this server (scheme, host and port) with 403, and accepts its own', async () => {
    const host = '127.0.0.1:3222';
    const preview = (origin: string) => admin.request({ method: 'POST', url: '/api/templates/preview', payload: { key: 'hygiene_recall_sms', language: 'en' }, headers: { host, origin } });
    for (const origin of ['null', 'not a url', 'http://127.0.0.1:3222.evil.example', 'https://127.0.0.1:3222', 'http://127.0.0.1:3223', 'http://127.0.0.1', 'file:///etc/passwd', 'http://evil.example']) {
      const response = await preview(origin);
      expect(response.statusCode, origin).toBe(403);
      expect(response.json().error).toMatchObject({ code: 'forbidden', message: `Requests from ${origin} are not accepted; use Recare from its own address.` });
    }
    const own = await preview('http://127.0.0.1:3222');
    expect(own.statusCode, own.body).toBe(200);
  });
});

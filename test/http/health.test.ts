import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildTestServer } from '../helpers/test-server.js';
import { latestSchemaVersion } from '../../src/db/migrate.js';
import { fixedClock } from '../../src/clock.js';
import { loadDemoClinic } from '../../src/use-cases/load-demo-clinic.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';

describe.each(backends)('HTTP skeleton on %s', (backend) => {
  let t: TestStore;
  let server: FastifyInstance;
  const log = pino({ level: 'silent' });
  beforeAll(async () => {
    t = await openTestStore(backend);
    const deps = { store: t.store, clock: fixedClock('2026-11-24T15:00:00Z'), log };
    await loadDemoClinic(deps, { patients: 150, seed: 1, locations: 2 });
    server = await buildTestServer(deps);
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  it('reports status, backend, schema version and counts at /api/health', async () => {
    const response = await server.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', backend, schemaVersion: latestSchemaVersion, demo: true, counts: { locations: 2, patients: 150, openCases: 0 } });
    expect(response.json().counts.appointments).toBeGreaterThan(150);
  });

  it('answers unknown routes with the one JSON error format', async () => {
    const response = await server.inject({ method: 'GET', url: '/api/nothing-here?name=Ana' });
    expect(response.statusCode).toBe(404);
    const body = response.json();
    expect(body.error.code).toBe('not_found');
    expect(body.error.message).toBe('No route GET /api/nothing-here. The API lives under /api; try GET /api/health.');
    expect(body.error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses bodies over 1 MB with payload_too_large', async () => {
    const response = await server.inject({ method: 'POST', url: '/api/health', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ a: 'x'.repeat(1_100_000) }) });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('payload_too_large');
    expect(response.json().error.message).toBe('The request body is larger than the 1 MB allowed.');
  });

  it('serves the web app at /', async () => {
    const response = await server.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.body).toContain('<title>Recare</title>');
  });
});

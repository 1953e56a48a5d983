/**
 * GET /api/connectors and PUT /api/connectors/open-dental: administrators only (a manager gets 403);
 * the keys go in and never come out, a change may leave them out, and bad input is a 400 naming the field.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { createSecretBox } from '../../src/connectors/secret-box.js';
import { openTestStore, type TestStore } from '../helpers/databases.js';
import { signInStaff, type StaffSession } from '../helpers/staff-sessions.js';
import { buildTestServer } from '../helpers/test-server.js';

const log = pino({ level: 'silent' });
const now = '2026-12-07T15:00:00.000Z';
const developerKey = 'NFF6i0KrXrxDkZHt';
const customerKey = 'VzkmZEaUWOjnQX2z';

describe('connector API', () => {
  let t: TestStore;
  let server: FastifyInstance;
  const sessions: Record<string, StaffSession> = {};
  const deps = () => ({ store: t.store, clock: fixedClock(now), log });
  const as = (who: string, options: InjectOptions) =>
    server.inject({ ...options, cookies: { recare_session: sessions[who]!.token }, headers: { ...(options.headers ?? {}), 'x-csrf-token': sessions[who]!.csrf } });

  beforeAll(async () => {
    t = await openTestStore('pglite');
    Object.assign(sessions, await signInStaff(deps(), [['boss', 'manager', 'all'], ['it', 'admin', 'all']], 'sunrise-connectors-2026'));
    server = await buildTestServer({ ...deps(), secrets: createSecretBox(randomBytes(32)) });
  });
  afterAll(async () => {
    await server?.close();
    await t?.dispose();
  });

  it('refuses a manager with 403', async () => {
    const read = await as('boss', { method: 'GET', url: '/api/connectors' });
    expect(read.statusCode).toBe(403);
    expect(read.json()).toMatchObject({ error: { code: 'forbidden' } });
    const write = await as('boss', { method: 'PUT', url: '/api/connectors/open-dental', payload: { mode: 'remote', developerKey, customerKey } });
    expect(write.statusCode).toBe(403);
  });

  it('takes the keys from an administrator and never answers with them', async () => {
    const saved = await as('it', { method: 'PUT', url: '/api/connectors/open-dental', payload: { mode: 'remote', developerKey, customerKey } });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ connector: { mode: 'remote', keys: { stored: true, changedAt: now } } });
    const list = await as('it', { method: 'GET', url: '/api/connectors' });
    expect(list.statusCode).toBe(200);
    expect(list.json().connectors).toHaveLength(1);
    for (const body of [saved.body, list.body]) {
      expect(body).not.toContain(developerKey);
      expect(body).not.toContain(customerKey);
      expect(body).not.toContain('sealed');
    }
  });

  it('answers bad input with 400 naming the field', async () => {
    const bad = await as('it', { method: 'PUT', url: '/api/connectors/open-dental', payload: { mode: 'remote', syncEveryMinutes: 'often' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'invalid_input', message: 'The Open Dental connection is not valid: syncEveryMinutes "often": must be a whole number of minutes from 1 to 1440' } });
  });

  it('answers a connection test with 404 and how to connect when nothing is connected', async () => {
    await t.store.db.deleteFrom('practice_connectors').execute();
    const tested = await as('it', { method: 'POST', url: '/api/connectors/open-dental/test' });
    expect(tested.statusCode).toBe(404);
    expect(tested.json().error).toMatchObject({ code: 'not_found', message: 'No Open Dental connection is set up; connect first with `recare connect open-dental` (or PUT /api/connectors/open-dental).' });
  });
});

/**
 * The randomized holdout through the policy API, on both backends: off by default; a manager holds
 * out 5% of hygiene, changes it and switches it off, each change audited; a share outside 5–10%, a
 * program that does not exist or a holdout that is not an object is a 400 that names the setting,
 * the value given and what is allowed, and nothing is saved; other roles may neither read nor change it.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { loadPracticePolicy } from '../../src/db/queries/organization-policy.js';
import { buildTestServer } from '../helpers/test-server.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { seedLocation } from '../helpers/seed-patients.js';
import { signInStaff, type StaffSession } from '../helpers/staff-sessions.js';

const log = pino({ level: 'silent' });
const T0 = '2026-11-24T15:00:00.000Z';
const password = 'sunrise-holdout-routes-2026';

describe.each(backends)('the holdout through the policy API on %s', (backend) => {
  let t: TestStore;
  let server: FastifyInstance;
  const sessions: Record<string, StaffSession> = {};
  const as = (who: string, options: InjectOptions) =>
    server.inject({ ...options, cookies: { recare_session: sessions[who]!.token }, headers: { ...(options.headers ?? {}), 'x-csrf-token': sessions[who]!.csrf } });
  const put = (who: string, payload: unknown) => as(who, { method: 'PUT', url: '/api/policy', payload: payload as Record<string, unknown> });
  // The use case's events (what changed); the route adds its own request events beside them.
  const audited = async () => (await t.store.db.selectFrom('audit_events').select('details').where('action', '=', 'policy.update').orderBy('id').execute())
    .map((r) => r.details as Record<string, unknown>).filter((d) => 'changed' in d);

  beforeAll(async () => {
    t = await openTestStore(backend);
    const deps = { store: t.store, clock: fixedClock(T0), log };
    await seedLocation(t.store, 'TPA', 'FL', 'America/New_York');
    Object.assign(sessions, await signInStaff(deps, [['desk', 'front_desk', ['TPA']], ['boss', 'manager', 'all']], password));
    server = await buildTestServer(deps);
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  it('is off by default, and a manager holds out 5% of hygiene, then 10%, then switches it off, each change audited', async () => {
    const read = await as('boss', { method: 'GET', url: '/api/policy' });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ holdout: {}, holdoutLimits: { share: { min: 0.05, max: 0.1 } } });

    const on = await put('boss', { holdout: { hygiene: 0.05, periodic_exam: 0.1 } });
    expect(on.statusCode).toBe(200);
    expect(on.json()).toMatchObject({ changed: ['holdout'], holdout: { hygiene: 0.05, periodic_exam: 0.1 } });
    const changed = await put('boss', { holdout: { hygiene: 0.1 } });
    expect(changed.json().holdout).toEqual({ hygiene: 0.1, periodic_exam: 0.1 });
    const off = await put('boss', { holdout: { hygiene: null } });
    expect(off.json().holdout).toEqual({ periodic_exam: 0.1 });
    expect((await loadPracticePolicy(t.store.db)).holdout).toEqual({ periodic_exam: 0.1 });
    expect(await audited()).toEqual([
      { changed: ['holdout'], values: { holdout: { hygiene: 0.05, periodic_exam: 0.1 } } },
      { changed: ['holdout'], values: { holdout: { hygiene: 0.1 } } },
      { changed: ['holdout'], values: { holdout: { hygiene: null } } },
    ]);
  });

  it.each([
    {
      name: 'a share above 10%', payload: { holdout: { hygiene: 0.2 } }, path: 'holdout.hygiene', value: 0.2,
      message: 'holdout.hygiene is 0.2: must be a share from 0.05 to 0.1 (5%–10%), or null to switch the holdout off',
    },
    {
      name: 'a share given in percent', payload: { holdout: { hygiene: 5 } }, path: 'holdout.hygiene', value: 5,
      message: 'holdout.hygiene is 5: must be a share from 0.05 to 0.1 (5%–10%), or null to switch the holdout off',
    },
    {
      name: 'a share that is not a number', payload: { holdout: { hygiene: '5%' } }, path: 'holdout.hygiene', value: '5%',
      message: 'holdout.hygiene is "5%": must be a share from 0.05 to 0.1 (5%–10%), or null to switch the holdout off',
    },
    {
      name: 'a holdout that is not an object', payload: { holdout: 0.05 }, path: 'holdout', value: 0.05,
      message: 'holdout is 0.05; allowed: an object of program keys and shares, e.g. { "hygiene": 0.05 }',
    },
  ])('refuses $name with a 400 naming the setting, the value and what is allowed', async ({ payload, path, value, message }) => {
    const before = (await loadPracticePolicy(t.store.db)).holdout;
    const response = await put('boss', payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'invalid_input', message: `The policy was not saved: ${message}`, issues: [{ path, value, message }] });
    expect((await loadPracticePolicy(t.store.db)).holdout).toEqual(before);
  });

  it('refuses a program that does not exist, listing the programs', async () => {
    const response = await put('boss', { holdout: { hygeine: 0.05 } });
    expect(response.statusCode).toBe(400);
    const error = response.json().error;
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/^The policy was not saved: holdout\.hygeine names "hygeine", which is not a program; known programs: .*\bhygiene\b/);
    expect(error.issues).toMatchObject([{ path: 'holdout.hygeine', value: 'hygeine' }]);
    expect((await loadPracticePolicy(t.store.db)).holdout).toEqual({ periodic_exam: 0.1 });
  });

  it('lets a front-desk user neither read nor change it', async () => {
    expect((await as('desk', { method: 'GET', url: '/api/policy' })).statusCode).toBe(403);
    expect((await put('desk', { holdout: { hygiene: 0.05 } })).statusCode).toBe(403);
    expect((await loadPracticePolicy(t.store.db)).holdout).toEqual({ periodic_exam: 0.1 });
  });
});

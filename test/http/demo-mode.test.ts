/**
 * Demo mode ends when real data arrives or an admin says so (issue 13): until then the demo sign-ins
 * are offered (admin password included) and the app says it is a demo; after, neither.
 */
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { buildTestServer } from '../helpers/test-server.js';
import { demoUsers } from '../../src/use-cases/demo-users.js';
import { loadDemoClinic } from '../../src/use-cases/load-demo-clinic.js';
import { openTestStore, type TestStore } from '../helpers/databases.js';
import { signInAs, type SignedInClient } from '../helpers/http-session.js';

const account = (role: string) => demoUsers.find((u) => u.role === role)!;
const patientsCsv = 'patient_id,first_name,last_name,birth_date,mobile_phone,status\nR1,Ana,Lopez,1984-03-21,512-555-0143,active\n';

describe('demo mode', () => {
  let t: TestStore;
  let server: FastifyInstance;
  let admin: SignedInClient;
  let manager: SignedInClient;
  const credentials = () => server.inject({ method: 'GET', url: '/api/session/demo-credentials' });
  const demoEndings = async () => t.store.db.selectFrom('audit_events').select(['actor_user_id', 'actor_kind', 'details']).where('action', '=', 'organization.demo_ended').orderBy('id').execute();

  beforeAll(async () => {
    t = await openTestStore('pglite');
    const deps = { store: t.store, clock: fixedClock('2026-11-24T15:00:00Z'), log: pino({ level: 'silent' }) };
    await loadDemoClinic(deps, { patients: 20, seed: 4, locations: 1 });
    server = await buildTestServer(deps, { signInAttemptsPerMinute: 10_000 });
    admin = await signInAs(server, account('admin').email, account('admin').password);
    manager = await signInAs(server, account('manager').email, account('manager').password);
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  it('ends when real data is imported (a dry run does not end it)', async () => {
    expect((await credentials()).json().users.map((u: { role: string }) => u.role)).toContain('admin');
    expect((await manager.request({ method: 'GET', url: '/api/demo-mode' })).json()).toEqual({ demo: true });

    const dryRun = await manager.request({ method: 'POST', url: '/api/imports/csv?kind=patients&file=real.csv&dryRun=true', payload: patientsCsv, headers: { 'content-type': 'text/csv' } });
    expect(dryRun.statusCode).toBe(200);
    expect((await credentials()).statusCode).toBe(200);

    const real = await manager.request({ method: 'POST', url: '/api/imports/csv?kind=patients&file=real.csv', payload: patientsCsv, headers: { 'content-type': 'text/csv' } });
    expect(real.statusCode).toBe(200);
    const after = await credentials();
    expect(after.statusCode).toBe(404);
    expect(after.json().error).toMatchObject({ code: 'not_found', message: 'Demo credentials exist only in the demo clinic.' });
    expect((await manager.request({ method: 'GET', url: '/api/demo-mode' })).json()).toEqual({ demo: false });
    expect(await demoEndings()).toEqual([{ actor_user_id: null, actor_kind: 'system', details: { reason: 'import', importRunId: real.json().importRunId } }]);

    // The published demo passwords open nothing any more, the administrator's included; the session that
    // imported goes on, and an account reset by an administrator signs in with its own password.
    for (const user of demoUsers.filter((u) => u.role === 'admin' || u.role === 'manager')) {
      const signIn = await server.inject({ method: 'POST', url: '/api/session', payload: { email: user.email, password: user.password } });
      expect(signIn.statusCode).toBe(401);
      expect(signIn.json().error).toMatchObject({
        code: 'unauthenticated',
        message: `The demo clinic's published passwords stopped working when real data arrived. An administrator resets this account (\`recare users reset-password --email ${user.email}\`) to give it a password of its own.`,
      });
    }
    expect((await manager.request({ method: 'GET', url: '/api/demo-mode' })).statusCode).toBe(200);
    const wrong = await server.inject({ method: 'POST', url: '/api/session', payload: { email: account('admin').email, password: 'not-the-demo-password-at-all' } });
    expect(wrong.json().error).toMatchObject({ code: 'unauthenticated', message: 'The email or password is not correct.' });
  });

  it("ends on an admin's command, and cannot be turned back on through the API", async () => {
    await t.store.db.updateTable('organization').set({ demo: true }).execute();
    const byManager = await manager.request({ method: 'PUT', url: '/api/demo-mode', payload: { demo: false } });
    expect(byManager.statusCode).toBe(403);
    expect(byManager.json().error).toMatchObject({ code: 'forbidden', message: 'Your role (manager) does not allow this (users.manage).' });
    const on = await admin.request({ method: 'PUT', url: '/api/demo-mode', payload: { demo: true } });
    expect(on.statusCode).toBe(400);
    expect(on.json().error).toMatchObject({ code: 'invalid_input', message: 'Request body is not valid: demo=true: must be false: demo mode can only be ended (`recare demo --reset` loads the demo clinic again)' });

    const ended = await admin.request({ method: 'PUT', url: '/api/demo-mode', payload: { demo: false } });
    expect(ended.json()).toEqual({ demo: false, ended: true });
    expect((await credentials()).statusCode).toBe(404);
    expect((await admin.request({ method: 'PUT', url: '/api/demo-mode', payload: { demo: false } })).json()).toEqual({ demo: false, ended: false });
    const byAdmin = (await demoEndings()).at(-1);
    expect(byAdmin).toMatchObject({ actor_kind: 'user', details: { reason: 'command' } });
    expect(byAdmin?.actor_user_id).toBe((await admin.request({ method: 'GET', url: '/api/session' })).json().user.id);
  });
});

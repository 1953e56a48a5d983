/**
 * Nobody sees or changes patient data without signing in, and only what their role and locations
 * allow: every API route × every role, location scoping, lockout, session expiry, CSRF, audit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildTestServer } from '../helpers/test-server.js';
import { can, roles, type Role } from '../../src/domain/access/index.js';
import { loadDemoClinic } from '../../src/use-cases/load-demo-clinic.js';
import { demoUsers } from '../../src/use-cases/demo-users.js';
import { addUser } from '../../src/use-cases/manage-users.js';
import { openTestStore, type TestStore } from '../helpers/databases.js';
import { signInAs, type SignedInClient } from '../helpers/http-session.js';

let now = new Date('2026-11-24T15:00:00Z');
const clock = { now: () => new Date(now) };
const advance = (minutes: number) => (now = new Date(now.getTime() + minutes * 60_000));

describe('access control', () => {
  let t: TestStore;
  let server: FastifyInstance;
  const clients = new Map<Role, SignedInClient>();
  let tampaPatient: string;
  let austinPatient: string;

  beforeAll(async () => {
    t = await openTestStore('pglite');
    const deps = { store: t.store, clock, log: pino({ level: 'silent' }) };
    await loadDemoClinic(deps, { patients: 200, seed: 11, locations: 3 });
    server = await buildTestServer(deps, { signInAttemptsPerMinute: 10_000 });
    for (const role of roles) {
      const user = demoUsers.find((u) => u.role === role)!;
      clients.set(role, await signInAs(server, user.email, user.password));
    }
    const pick = async (location: string) =>
      (await t.store.db.selectFrom('patients as p').innerJoin('locations as l', 'l.id', 'p.home_location_id').select('p.external_id').where('l.external_id', '=', location).orderBy('p.id').limit(1).executeTakeFirstOrThrow()).external_id;
    tampaPatient = await pick('TPA');
    austinPatient = await pick('AUS');
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  const concrete = (url: string) => url.replace(':patient', tampaPatient).replace(/:[a-zA-Z]+/g, '1');

  it('every API route declares who may call it', () => {
    const routes = server.accessTable;
    expect(routes.length).toBeGreaterThanOrEqual(8);
    const publicRoutes = routes.filter((r) => 'public' in r.access).map((r) => `${r.method} ${r.url}`).sort();
    expect(publicRoutes).toEqual(['GET /api/health', 'GET /api/session/demo-credentials', 'POST /api/session']);
  });

  it('answers 401 without a session on every non-public route, without saying whether the record exists', async () => {
    for (const route of server.accessTable.filter((r) => !('public' in r.access))) {
      const response = await server.inject({ method: route.method as 'GET', url: concrete(route.url), payload: route.method === 'GET' ? undefined : {} });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
      expect(response.json().error.code).toBe('unauthenticated');
    }
  });

  it('allows each role exactly the route families its permissions name (403 otherwise)', async () => {
    // Routes that end sessions run last (sign-out everywhere ends every session of that user).
    const endsSession = (r: { url: string; method: string }) => r.url.startsWith('/api/session') && r.method !== 'GET';
    const ordered = server.accessTable.filter((r) => !('public' in r.access)).sort((a, b) => Number(endsSession(a)) - Number(endsSession(b)));
    for (const route of ordered) {
      const permission = (route.access as { permission: Parameters<typeof can>[1] }).permission;
      for (const role of roles) {
        const user = demoUsers.find((u) => u.role === role)!;
        const client = endsSession(route) ? await signInAs(server, user.email, user.password) : clients.get(role)!;
        const response = await client.request({ method: route.method as 'GET', url: concrete(route.url), payload: route.method === 'GET' ? undefined : {} });
        const label = `${role} ${route.method} ${route.url}`;
        if (can(role, permission)) expect([401, 403], label).not.toContain(response.statusCode);
        else {
          expect(response.statusCode, label).toBe(403);
          expect(response.json().error).toMatchObject({ code: 'forbidden', message: `Your role (${role}) does not allow this (${permission}).` });
        }
      }
    }
    for (const role of roles) {
      const user = demoUsers.find((u) => u.role === role)!;
      clients.set(role, await signInAs(server, user.email, user.password));
    }
  });

  it('scopes patients by location: a Tampa front desk cannot read an Austin patient, and cannot tell it exists', async () => {
    const desk = clients.get('front_desk')!;
    const own = await desk.request({ method: 'GET', url: `/api/patients/${tampaPatient}/contact-check?channel=voice` });
    expect(own.statusCode).toBe(200);
    const other = await desk.request({ method: 'GET', url: `/api/patients/${austinPatient}/contact-check?channel=voice` });
    const missing = await desk.request({ method: 'GET', url: '/api/patients/NO-SUCH-PATIENT/contact-check?channel=voice' });
    expect(other.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toMatchObject({ code: 'not_found', message: 'No patient with the id "NO-SUCH-PATIENT" is visible to you.' });
    expect(other.json().error.message).toBe(`No patient with the id "${austinPatient}" is visible to you.`);
    const central = await clients.get('manager')!.request({ method: 'GET', url: `/api/patients/${austinPatient}/contact-check?channel=voice` });
    expect(central.statusCode).toBe(200);
  });

  it('records views and changes in the audit log, and managers can filter it by patient', async () => {
    const manager = clients.get('manager')!;
    const response = await manager.request({ method: 'GET', url: `/api/audit?patient=${tampaPatient}` });
    expect(response.statusCode).toBe(200);
    const events = response.json().events as { action: string; actor_email: string }[];
    expect(events.some((e) => e.action === 'patient.contact_check' && e.actor_email === 'desk.tampa@sunrise-dental.demo')).toBe(true);
    const signIns = await manager.request({ method: 'GET', url: '/api/audit?limit=1000' });
    expect((signIns.json().events as { action: string }[]).filter((e) => e.action === 'session.sign_in').length).toBeGreaterThanOrEqual(roles.length);
    const denied = (signIns.json().events as { action: string }[]).filter((e) => e.action === 'access.denied');
    expect(denied.length).toBeGreaterThan(0);
  });

  it('refuses state-changing requests without the CSRF token or from another origin', async () => {
    const desk = clients.get('front_desk')!;
    const noToken = await server.inject({ method: 'POST', url: '/api/session/sign-out-everywhere', headers: { cookie: desk.cookie } });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('forbidden');
    expect(noToken.json().error.message).toMatch(/CSRF token/);
    const crossOrigin = await desk.request({ method: 'POST', url: '/api/session/sign-out-everywhere', headers: { origin: 'https://evil.example', host: 'localhost:3000' } });
    expect(crossOrigin.statusCode).toBe(403);
    expect(crossOrigin.json().error.code).toBe('forbidden');
    expect(crossOrigin.json().error.message).toMatch(/evil\.example are not accepted/);
  });

  it('locks an account after five wrong passwords, with a clear message, and unlocks after 15 minutes', async () => {
    await addUser({ store: t.store, clock }, { email: 'lock.me@clinic.example', role: 'front_desk', locations: ['TPA'], password: 'purple-canyon-lantern', actor: { userId: null, kind: 'cli' } });
    const attempt = (password: string) => server.inject({ method: 'POST', url: '/api/session', payload: { email: 'lock.me@clinic.example', password } });
    for (let i = 0; i < 4; i++) expect((await attempt('wrong-password-guess')).json().error.message).toBe('The email or password is not correct.');
    const fifth = await attempt('wrong-password-guess');
    expect(fifth.statusCode).toBe(401);
    expect(fifth.json().error.code).toBe('unauthenticated');
    expect(fifth.json().error.message).toMatch(/^This account is locked after too many failed sign-ins\. Try again after \d\d:\d\d UTC/);
    const whileLocked = await attempt('purple-canyon-lantern');
    expect(whileLocked.statusCode).toBe(401);
    expect(whileLocked.json().error).toMatchObject({ code: 'unauthenticated', message: fifth.json().error.message });
    advance(16);
    expect((await attempt('purple-canyon-lantern')).statusCode).toBe(200);
    const unknown = await server.inject({ method: 'POST', url: '/api/session', payload: { email: 'nobody@clinic.example', password: 'whatever-it-may-be' } });
    expect(unknown.json().error.message).toBe('The email or password is not correct.');
  });

  it('ends sessions after 30 idle minutes and after 12 hours in any case; sign-out everywhere ends them all', async () => {
    const user = demoUsers.find((u) => u.role === 'coordinator')!;
    const client = await signInAs(server, user.email, user.password);
    advance(29);
    expect((await client.request({ method: 'GET', url: '/api/session' })).statusCode).toBe(200);
    advance(31);
    const idle = await client.request({ method: 'GET', url: '/api/session' });
    expect(idle.statusCode).toBe(401);
    expect(idle.json().error).toMatchObject({ code: 'unauthenticated', message: 'Sign in first: this request needs a signed-in user (the session is missing or has expired).' });

    const busy = await signInAs(server, user.email, user.password);
    for (let i = 0; i < 25; i++) {
      advance(29);
      const r = await busy.request({ method: 'GET', url: '/api/session' });
      if (i < 24) expect(r.statusCode, `after ${(i + 1) * 29} minutes`).toBe(200);
      else {
        expect(r.statusCode).toBe(401);
        expect(r.json().error).toMatchObject({ code: 'unauthenticated', message: 'Sign in first: this request needs a signed-in user (the session is missing or has expired).' });
      }
    }

    const first = await signInAs(server, user.email, user.password);
    const second = await signInAs(server, user.email, user.password);
    const out = await first.request({ method: 'POST', url: '/api/session/sign-out-everywhere' });
    expect(out.json().signedOut).toBe(true);
    expect(out.json().sessionsEnded).toBeGreaterThanOrEqual(2);
    const signedOut = await second.request({ method: 'GET', url: '/api/session' });
    expect(signedOut.statusCode).toBe(401);
    expect(signedOut.json().error).toMatchObject({ code: 'unauthenticated', message: 'Sign in first: this request needs a signed-in user (the session is missing or has expired).' });
  });

  it('sets a session cookie that scripts cannot read and other sites cannot send', async () => {
    const user = demoUsers[0]!;
    const response = await server.inject({ method: 'POST', url: '/api/session', payload: { email: user.email, password: user.password } });
    const cookie = [response.headers['set-cookie']].flat().join(';');
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(response.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });

  it('shows demo credentials only in demo mode', async () => {
    const demo = await server.inject({ method: 'GET', url: '/api/session/demo-credentials' });
    expect(demo.statusCode).toBe(200);
    expect(demo.json().users).toHaveLength(6);
    await t.store.db.updateTable('organization').set({ demo: false }).execute();
    const real = await server.inject({ method: 'GET', url: '/api/session/demo-credentials' });
    expect(real.statusCode).toBe(404);
    expect(real.json().error).toMatchObject({ code: 'not_found', message: 'Demo credentials exist only in the demo clinic.' });
    await t.store.db.updateTable('organization').set({ demo: true }).execute();
  });
});

describe('sign-in rate limit', () => {
  it('refuses a burst of sign-in attempts from one address with 429 and says how long to wait', async () => {
    const t = await openTestStore('pglite');
    const server = await buildTestServer({ store: t.store, clock, log: pino({ level: 'silent' }) }, { signInAttemptsPerMinute: 3 });
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await server.inject({ method: 'POST', url: '/api/session', payload: { email: 'x@clinic.example', password: 'not-the-password-1' } })).statusCode);
    expect(codes).toEqual([401, 401, 401, 429]);
    const limited = await server.inject({ method: 'POST', url: '/api/session', payload: { email: 'x@clinic.example', password: 'not-the-password-1' } });
    expect(limited.json().error.message).toMatch(/^Too many attempts from this address; wait \d+ seconds and try again\.$/);
    await server.close();
    await t.dispose();
  });
});

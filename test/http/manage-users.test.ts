/**
 * The Users administration routes (issue 14): an admin lists, adds, changes the role and offices of,
 * deactivates, reactivates and resets the password of an account; a manager may only look; every
 * change is audited; the last active administrator can be neither demoted nor deactivated; and a
 * deactivated user's existing session answers 401 on its very next request.
 */
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestServer } from '../helpers/test-server.js';
import { addUser } from '../../src/use-cases/manage-users.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { signInAs, type SignedInClient } from '../helpers/http-session.js';
import { seedLocation } from '../helpers/seed-patients.js';

const password = 'granite-orchard-keeper-81';

describe.each(backends)('users administration over HTTP on %s', (backend) => {
  let t: TestStore;
  let server: FastifyInstance;
  let admin: SignedInClient;
  let adminId: number;
  const now = new Date('2026-11-24T15:00:00Z');
  const clock = { now: () => new Date(now) };
  const add = async (email: string, role: 'front_desk' | 'manager' | 'admin', locations: string[] | 'all' = 'all') =>
    (await addUser({ store: t.store, clock }, { email, role, locations, password, actor: { userId: null, kind: 'cli' } })).userId;
  const auditOf = async (userId: number) =>
    t.store.db.selectFrom('audit_events').select(['action', 'actor_user_id', 'details']).where('entity_type', '=', 'user').where('entity_id', '=', String(userId)).where('action', 'like', 'user.%').orderBy('id').execute();

  beforeAll(async () => {
    t = await openTestStore(backend);
    server = await buildTestServer({ store: t.store, clock, log: pino({ level: 'silent' }) }, { signInAttemptsPerMinute: 10_000 });
    await seedLocation(t.store, 'TPA', 'FL', 'America/New_York');
    await seedLocation(t.store, 'AUS', 'TX', 'America/Chicago');
    adminId = await add('admin@clinic.example', 'admin');
    admin = await signInAs(server, 'admin@clinic.example', password);
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  it('adds a user with a one-time password, and lists accounts with role, offices, active and last sign-in', async () => {
    const added = await admin.request({ method: 'POST', url: '/api/users', payload: { email: 'New.Desk@clinic.example', role: 'front_desk', locations: ['TPA'] } });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json().oneTimePassword).toMatch(/\S{12,}/);
    const list = await admin.request({ method: 'GET', url: '/api/users' });
    expect(list.statusCode).toBe(200);
    const users = list.json().users as { id: number; email: string; role: string; locations: string[]; allLocations: boolean; disabled: boolean; lastSignInAt: string | null }[];
    expect(users.find((u) => u.email === 'new.desk@clinic.example')).toMatchObject({ role: 'front_desk', locations: ['TPA'], allLocations: false, disabled: false, lastSignInAt: null });
    expect(users.find((u) => u.id === adminId)).toMatchObject({ lastSignInAt: now.toISOString() });
    expect(await auditOf(added.json().userId)).toMatchObject([{ action: 'user.create', actor_user_id: adminId }]);
  });

  it('lets a manager read the list but change nothing', async () => {
    await add('manager@clinic.example', 'manager');
    const manager = await signInAs(server, 'manager@clinic.example', password);
    expect((await manager.request({ method: 'GET', url: '/api/users' })).statusCode).toBe(200);
    const refused = await manager.request({ method: 'PATCH', url: `/api/users/${adminId}`, payload: { role: 'front_desk' } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'forbidden', message: 'Your role (manager) does not allow this (users.manage).' });
  });

  it('changes role and offices, effective on the next request, audited with before and after', async () => {
    const id = await add('mover@clinic.example', 'front_desk', ['TPA']);
    const mover = await signInAs(server, 'mover@clinic.example', password);
    expect((await mover.request({ method: 'GET', url: '/api/policy' })).statusCode).toBe(403);
    const changed = await admin.request({ method: 'PATCH', url: `/api/users/${id}`, payload: { role: 'manager', locations: ['AUS', 'TPA'] } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ userId: id, role: 'manager', allLocations: false });
    expect(changed.json().locationIds).toHaveLength(2);
    expect((await mover.request({ method: 'GET', url: '/api/policy' })).statusCode).toBe(200);
    const all = await admin.request({ method: 'PATCH', url: `/api/users/${id}`, payload: { locations: 'all' } });
    expect(all.json()).toMatchObject({ role: 'manager', allLocations: true, locationIds: [] });
    const audit = await auditOf(id);
    expect(audit.map((a) => a.action)).toEqual(['user.create', 'user.access_change', 'user.access_change']);
    expect(audit[1]).toMatchObject({ actor_user_id: adminId, details: { from: { role: 'front_desk', allLocations: false }, to: { role: 'manager', allLocations: false } } });
  });

  it('refuses bad changes with what is wrong, what was given and what is allowed', async () => {
    const id = await add('steady@clinic.example', 'front_desk', ['TPA']);
    const badRole = await admin.request({ method: 'PATCH', url: `/api/users/${id}`, payload: { role: 'owner' } });
    expect(badRole.statusCode).toBe(400);
    expect(badRole.json().error).toMatchObject({ code: 'invalid_input', message: 'Request body is not valid: role="owner": is not a role; use one of front_desk, coordinator, clinical, manager, admin' });
    const badOffice = await admin.request({ method: 'PATCH', url: `/api/users/${id}`, payload: { locations: ['TPA', 'NYC'] } });
    expect(badOffice.statusCode).toBe(400);
    expect(badOffice.json().error).toMatchObject({ code: 'invalid_input', message: 'locations ["NYC"]: is not an office; known offices: AUS, TPA' });
    const nothing = await admin.request({ method: 'PATCH', url: `/api/users/${id}`, payload: {} });
    expect(nothing.statusCode).toBe(400);
    expect(nothing.json().error).toMatchObject({ code: 'invalid_input', message: '(body): changes nothing; give a role, locations, or both' });
    const missing = await admin.request({ method: 'PUT', url: '/api/users/9999/active', payload: { active: false } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toMatchObject({ code: 'not_found', message: 'No user has the id 9999; the Users page (GET /api/users) lists them.' });
    const notBoolean = await admin.request({ method: 'PUT', url: `/api/users/${id}/active`, payload: { active: 'no' } });
    expect(notBoolean.statusCode).toBe(400);
    expect(notBoolean.json().error).toMatchObject({ code: 'invalid_input', message: 'Request body is not valid: active="no": must be true (reactivate) or false (deactivate)' });
    expect((await auditOf(id)).map((a) => a.action)).toEqual(['user.create']);
  });

  it('deactivates a user: their open session answers 401 on its next request and they cannot sign in; reactivating lets them back in', async () => {
    const id = await add('leaver@clinic.example', 'front_desk', ['TPA']);
    const leaver = await signInAs(server, 'leaver@clinic.example', password);
    expect((await leaver.request({ method: 'GET', url: '/api/workspace' })).statusCode).toBe(200);
    const off = await admin.request({ method: 'PUT', url: `/api/users/${id}/active`, payload: { active: false } });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toEqual({ userId: id, active: false, sessionsEnded: 1 });
    const next = await leaver.request({ method: 'GET', url: '/api/workspace' });
    expect(next.statusCode).toBe(401);
    expect(next.json().error.code).toBe('unauthenticated');
    const signIn = await server.inject({ method: 'POST', url: '/api/session', payload: { email: 'leaver@clinic.example', password } });
    expect(signIn.statusCode).toBe(401);
    const listed = (await admin.request({ method: 'GET', url: '/api/users' })).json().users.find((u: { id: number }) => u.id === id);
    expect(listed.disabled).toBe(true);
    const on = await admin.request({ method: 'PUT', url: `/api/users/${id}/active`, payload: { active: true } });
    expect(on.json()).toEqual({ userId: id, active: true, sessionsEnded: 0 });
    expect((await signInAs(server, 'leaver@clinic.example', password)).csrfToken).toBeTruthy();
    expect(await auditOf(id)).toMatchObject([{ action: 'user.create' }, { action: 'user.deactivate', actor_user_id: adminId, details: { sessionsEnded: 1 } }, { action: 'user.reactivate', actor_user_id: adminId }]);
  });

  it('resets a password: a one-time password shown once, the old one and the user\'s sessions end', async () => {
    const id = await add('forgetful@clinic.example', 'front_desk', ['TPA']);
    const forgetful = await signInAs(server, 'forgetful@clinic.example', password);
    const reset = await admin.request({ method: 'POST', url: '/api/users/reset-password', payload: { email: 'forgetful@clinic.example' } });
    expect(reset.statusCode, reset.body).toBe(200);
    expect(reset.json()).toMatchObject({ userId: id, sessionsEnded: 1 });
    expect((await forgetful.request({ method: 'GET', url: '/api/workspace' })).statusCode).toBe(401);
    const fresh = await server.inject({ method: 'POST', url: '/api/session', payload: { email: 'forgetful@clinic.example', password: reset.json().oneTimePassword } });
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json().user.mustChangePassword).toBe(true);
    expect((await auditOf(id)).map((a) => a.action)).toContain('user.password_reset');
  });

  it('refuses to demote or deactivate the last active administrator (409), and allows it once another admin exists', async () => {
    const others = await t.store.db.selectFrom('users').select('id').where('role', '=', 'admin').where('id', '!=', adminId).execute();
    expect(others).toEqual([]);
    const demote = await admin.request({ method: 'PATCH', url: `/api/users/${adminId}`, payload: { role: 'manager' } });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error).toMatchObject({ code: 'conflict', message: `User ${adminId} is the last active administrator, so their role stays admin; make another user an administrator first.` });
    const deactivate = await admin.request({ method: 'PUT', url: `/api/users/${adminId}/active`, payload: { active: false } });
    expect(deactivate.statusCode).toBe(409);
    expect(deactivate.json().error).toMatchObject({ code: 'conflict', message: `User ${adminId} is the last active administrator and stays active; make another user an administrator first.` });
    // Offices can still change: the role stays admin.
    expect((await admin.request({ method: 'PATCH', url: `/api/users/${adminId}`, payload: { locations: 'all' } })).statusCode).toBe(200);
    // A deactivated admin does not count.
    const dormant = await add('dormant.admin@clinic.example', 'admin');
    expect((await admin.request({ method: 'PUT', url: `/api/users/${dormant}/active`, payload: { active: false } })).statusCode).toBe(200);
    expect((await admin.request({ method: 'PATCH', url: `/api/users/${adminId}`, payload: { role: 'manager' } })).statusCode).toBe(409);
    expect((await admin.request({ method: 'PUT', url: `/api/users/${dormant}/active`, payload: { active: true } })).statusCode).toBe(200);
    const allowed = await admin.request({ method: 'PATCH', url: `/api/users/${dormant}`, payload: { role: 'manager' } });
    expect(allowed.statusCode).toBe(200);
    expect((await admin.request({ method: 'GET', url: '/api/users' })).statusCode).toBe(200);
  });
});

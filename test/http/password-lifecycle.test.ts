/**
 * One-time passwords are one-time and temporary (issue 13, finding 2): they expire 72 hours after
 * issue (pinned clock), sign in once, and until the user chooses their own password every route but
 * the change, the session read and sign-out answers 403; a user changes their password; an admin
 * resets one (a new one-time password, the user's sessions ended, the lockout lifted). Every step is
 * audited.
 */
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestServer } from '../helpers/test-server.js';
import { addUser } from '../../src/use-cases/manage-users.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { signInAs, type SignedInClient } from '../helpers/http-session.js';

describe.each(backends)('password lifecycle over HTTP on %s', (backend) => {
  let t: TestStore;
  let server: FastifyInstance;
  let admin: SignedInClient;
  let now = new Date('2026-11-24T15:00:00Z');
  const clock = { now: () => new Date(now) };
  const advanceHours = (hours: number) => (now = new Date(now.getTime() + hours * 3_600_000));
  const signIn = (email: string, password: string) => server.inject({ method: 'POST', url: '/api/session', payload: { email, password } });
  const addWithOneTimePassword = async (email: string) => {
    const added = await addUser({ store: t.store, clock }, { email, role: 'front_desk', locations: 'all', actor: { userId: null, kind: 'cli' } });
    return added.oneTimePassword as string;
  };
  const auditActions = async (userId: number) =>
    (await t.store.db.selectFrom('audit_events').select('action').where('entity_type', '=', 'user').where('entity_id', '=', String(userId)).orderBy('id').execute()).map((e) => e.action);

  beforeAll(async () => {
    t = await openTestStore(backend);
    server = await buildTestServer({ store: t.store, clock, log: pino({ level: 'silent' }) }, { signInAttemptsPerMinute: 10_000 });
    await addUser({ store: t.store, clock }, { email: 'admin@clinic.example', role: 'admin', locations: 'all', password: 'granite-orchard-keeper-81', actor: { userId: null, kind: 'cli' } });
    admin = await signInAs(server, 'admin@clinic.example', 'granite-orchard-keeper-81');
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  it('signs in once with a one-time password; until the user chooses their own, only the change, the session and sign-out answer', async () => {
    const oneTime = await addWithOneTimePassword('new.hire@clinic.example');
    const first = await signIn('new.hire@clinic.example', oneTime);
    expect(first.statusCode).toBe(200);
    expect(first.json().user.mustChangePassword).toBe(true);
    const client = await clientFrom(first);

    for (const url of ['/api/worklist', '/api/workspace', '/api/patients/X1/card']) {
      const refused = await client.request({ method: 'GET', url });
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json().error).toMatchObject({ code: 'password_change_required', message: 'Choose your own password first: you signed in with a one-time password. Send the one-time password and a new one to POST /api/password (the app asks for them).' });
    }
    expect((await client.request({ method: 'GET', url: '/api/session' })).statusCode).toBe(200);

    const again = await signIn('new.hire@clinic.example', oneTime);
    expect(again.statusCode).toBe(401);
    expect(again.json().error).toMatchObject({ code: 'unauthenticated', message: 'This one-time password was already used to sign in. Choose your own password in that session, or ask an administrator for a new one-time password.' });

    const weak = await client.request({ method: 'POST', url: '/api/password', payload: { currentPassword: oneTime, newPassword: 'Xq7-lobe' } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error).toMatchObject({ code: 'invalid_input', message: 'newPassword: The new password is 8 characters long; use at least 15 (a few unrelated words work well)' });
    const wrongCurrent = await client.request({ method: 'POST', url: '/api/password', payload: { currentPassword: 'not-the-one-time-password', newPassword: 'copper-lantern-meadow-river' } });
    expect(wrongCurrent.statusCode).toBe(400);
    expect(wrongCurrent.json().error).toMatchObject({ code: 'invalid_input', message: 'currentPassword: is not your current password; type the password you signed in with.' });

    const changed = await client.request({ method: 'POST', url: '/api/password', payload: { currentPassword: oneTime, newPassword: 'copper-lantern-meadow-river' } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toEqual({ changed: true, otherSessionsEnded: 0 });
    expect((await client.request({ method: 'GET', url: '/api/workspace' })).statusCode).toBe(200);
    expect((await client.request({ method: 'GET', url: '/api/session' })).json().user.mustChangePassword).toBe(false);

    expect((await signIn('new.hire@clinic.example', oneTime)).json().error.message).toBe('The email or password is not correct.');
    const own = await signIn('new.hire@clinic.example', 'copper-lantern-meadow-river');
    expect(own.statusCode).toBe(200);
    expect(own.json().user.mustChangePassword).toBe(false);
    const userId = first.json().user.id as number;
    expect(await auditActions(userId)).toEqual(['user.create', 'session.sign_in', 'session.sign_in_failed', 'user.password_change_failed', 'user.password_change_failed', 'user.password_change', 'session.sign_in_failed', 'session.sign_in']);
  });

  it('expires a one-time password 72 hours after it was issued (pinned clock)', async () => {
    const early = await addWithOneTimePassword('early.bird@clinic.example');
    const late = await addWithOneTimePassword('late.comer@clinic.example');
    advanceHours(72);
    now = new Date(now.getTime() - 60_000);
    expect((await signIn('early.bird@clinic.example', early)).statusCode).toBe(200);
    now = new Date(now.getTime() + 60_000);
    const expired = await signIn('late.comer@clinic.example', late);
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error).toMatchObject({ code: 'unauthenticated', message: 'This one-time password expired on 2026-11-27 at 15:00 UTC (one-time passwords last 72 hours). Ask an administrator for a new one.' });
  });

  it('lets an admin reset a password: a new one-time password, the user signed out everywhere, the lockout lifted', async () => {
    admin = await signInAs(server, 'admin@clinic.example', 'granite-orchard-keeper-81');
    await addUser({ store: t.store, clock }, { email: 'forgetful@clinic.example', role: 'front_desk', locations: 'all', password: 'saffron-tide-pillar-ninety', actor: { userId: null, kind: 'cli' } });
    const session = await signInAs(server, 'forgetful@clinic.example', 'saffron-tide-pillar-ninety');
    for (let i = 0; i < 5; i++) await signIn('forgetful@clinic.example', `a-wrong-guess-${i}`);
    expect((await signIn('forgetful@clinic.example', 'saffron-tide-pillar-ninety')).json().error.message).toMatch(/^This account is locked/);

    const desk = await session.request({ method: 'POST', url: '/api/users/reset-password', payload: { email: 'forgetful@clinic.example' } });
    expect(desk.statusCode).toBe(403);
    expect(desk.json().error).toMatchObject({ code: 'forbidden', message: 'Your role (front_desk) does not allow this (users.manage).' });
    const missing = await admin.request({ method: 'POST', url: '/api/users/reset-password', payload: { email: 'nobody@clinic.example' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toMatchObject({ code: 'not_found', message: 'No account has the email "nobody@clinic.example"; `recare users list` lists the accounts.' });

    const reset = await admin.request({ method: 'POST', url: '/api/users/reset-password', payload: { email: 'Forgetful@Clinic.example' } });
    expect(reset.statusCode).toBe(200);
    const body = reset.json();
    expect(body).toMatchObject({ email: 'forgetful@clinic.example', sessionsEnded: 1, expiresAt: new Date(now.getTime() + 72 * 3_600_000).toISOString() });
    expect(body.oneTimePassword).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);

    expect((await session.request({ method: 'GET', url: '/api/session' })).statusCode).toBe(401);
    expect((await signIn('forgetful@clinic.example', 'saffron-tide-pillar-ninety')).json().error.message).toBe('The email or password is not correct.');
    const withOneTime = await signIn('forgetful@clinic.example', body.oneTimePassword);
    expect(withOneTime.statusCode).toBe(200);
    expect(withOneTime.json().user.mustChangePassword).toBe(true);
    const resets = await t.store.db.selectFrom('audit_events').select(['actor_user_id', 'details']).where('action', '=', 'user.password_reset').where('entity_id', '=', String(body.userId)).execute();
    expect(resets).toHaveLength(1);
    expect(resets[0]!.actor_user_id).toBe((await admin.request({ method: 'GET', url: '/api/session' })).json().user.id);
  });

  it('ends the other sessions when a user changes their password', async () => {
    await addUser({ store: t.store, clock }, { email: 'two.devices@clinic.example', role: 'front_desk', locations: 'all', password: 'maple-signal-harvest-forty', actor: { userId: null, kind: 'cli' } });
    const desk = await signInAs(server, 'two.devices@clinic.example', 'maple-signal-harvest-forty');
    const phone = await signInAs(server, 'two.devices@clinic.example', 'maple-signal-harvest-forty');
    const changed = await desk.request({ method: 'POST', url: '/api/password', payload: { currentPassword: 'maple-signal-harvest-forty', newPassword: 'quiet-river-stone-bridge-12' } });
    expect(changed.json()).toEqual({ changed: true, otherSessionsEnded: 1 });
    expect((await phone.request({ method: 'GET', url: '/api/session' })).statusCode).toBe(401);
    expect((await desk.request({ method: 'GET', url: '/api/session' })).statusCode).toBe(200);
  });

  async function clientFrom(response: Awaited<ReturnType<typeof signIn>>): Promise<SignedInClient> {
    const setCookie = [response.headers['set-cookie']].flat().find((c) => c?.startsWith('recare_session='));
    const cookie = (setCookie as string).split(';')[0] as string;
    const csrfToken = response.json().csrfToken as string;
    return { cookie, csrfToken, request: (options) => server.inject({ ...options, headers: { ...(options.headers ?? {}), cookie, 'x-csrf-token': csrfToken } }) };
  }
});

/**
 * TOTP second factor for managers and admins (issue 13, finding 2): enrolment confirmed by a first
 * valid code, recovery codes shown once and each usable once, sign-in asking for a code, codes not
 * replayable, removal with the current password and a code; other roles refused; every step audited.
 */
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/auth/totp.js';
import { buildTestServer } from '../helpers/test-server.js';
import { addUser } from '../../src/use-cases/manage-users.js';
import { resetPassword } from '../../src/use-cases/reset-password.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { signInAs } from '../helpers/http-session.js';

describe.each(backends)('two-factor sign-in over HTTP on %s', (backend) => {
  let t: TestStore;
  let server: FastifyInstance;
  let now = new Date('2026-11-24T15:00:10Z');
  const clock = { now: () => new Date(now) };
  const nextStep = () => (now = new Date(now.getTime() + 30_000));
  const password = 'harbor-lights-quartz-seventy';
  const signIn = (totp?: string) => server.inject({ method: 'POST', url: '/api/session', payload: { email: 'boss@clinic.example', password, ...(totp ? { totpCode: totp } : {}) } });

  beforeAll(async () => {
    t = await openTestStore(backend);
    server = await buildTestServer({ store: t.store, clock, log: pino({ level: 'silent' }) }, { signInAttemptsPerMinute: 10_000 });
    await addUser({ store: t.store, clock }, { email: 'boss@clinic.example', role: 'manager', locations: 'all', password, actor: { userId: null, kind: 'cli' } });
    await addUser({ store: t.store, clock }, { email: 'desk@clinic.example', role: 'front_desk', locations: 'all', password, actor: { userId: null, kind: 'cli' } });
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  it('enrols with a QR code confirmed by a first code, then asks for a code (or a recovery code, once) at sign-in, and removes it with password and code', async () => {
    const manager = await signInAs(server, 'boss@clinic.example', password);
    expect((await manager.request({ method: 'GET', url: '/api/two-factor' })).json()).toEqual({ available: true, enabled: false, recoveryCodesLeft: 0 });

    // A session alone cannot bind an authenticator: the current password comes first.
    const noPassword = await manager.request({ method: 'POST', url: '/api/two-factor/enrolment', payload: { currentPassword: 'not-my-password-at-all' } });
    expect(noPassword.statusCode).toBe(400);
    expect(noPassword.json().error).toMatchObject({ code: 'invalid_input', message: 'currentPassword: is not your current password; type the password you signed in with.' });
    const started = await manager.request({ method: 'POST', url: '/api/two-factor/enrolment', payload: { currentPassword: password } });
    expect(started.statusCode).toBe(200);
    const { secret, otpauthUri, qrCode } = started.json() as { secret: string; otpauthUri: string; qrCode: string };
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUri).toBe(`otpauth://totp/Recare:boss%40clinic.example?issuer=Recare&secret=${secret}&algorithm=SHA1&digits=6&period=30`);
    expect(Buffer.from(qrCode.replace(/^data:image\/svg\+xml;base64,/, ''), 'base64').toString()).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    // Not on until confirmed: sign-in still needs the password only.
    expect((await signIn()).statusCode).toBe(200);

    const wrong = await manager.request({ method: 'POST', url: '/api/two-factor/enrolment/confirm', payload: { code: '000000' === totpCode(secret, now) ? '111111' : '000000' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({ code: 'invalid_input', message: 'code: is not the current 6-digit code of the authenticator you just set up; check that its clock is right and type the code it shows now.' });
    const confirmed = await manager.request({ method: 'POST', url: '/api/two-factor/enrolment/confirm', payload: { code: totpCode(secret, now) } });
    expect(confirmed.statusCode).toBe(200);
    const recoveryCodes = confirmed.json().recoveryCodes as string[];
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5}$/);
    const stored = await t.store.db.selectFrom('recovery_codes').select('code_hash').execute();
    expect(stored).toHaveLength(10);
    expect(stored.some((s) => recoveryCodes.some((c) => s.code_hash.includes(c.replace(/-/g, ''))))).toBe(false);

    const noCode = await signIn();
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().error).toMatchObject({ code: 'unauthenticated', message: 'Enter the 6-digit code from your authenticator app (or one of your recovery codes).' });
    const replayed = await signIn(totpCode(secret, now));
    expect(replayed.json().error.message).toBe('This code was already used; wait for the next code from your authenticator app.');
    nextStep();
    expect((await signIn(totpCode(secret, now))).statusCode).toBe(200);
    expect((await signIn('123-not-a-code')).json().error.message).toBe('The code is not correct; use the current 6-digit code from your authenticator app, or an unused recovery code.');

    const recovered = await signIn(recoveryCodes[3]!.toUpperCase());
    expect(recovered.statusCode).toBe(200);
    expect((await signIn(recoveryCodes[3]!)).json().error.message).toBe('The code is not correct; use the current 6-digit code from your authenticator app, or an unused recovery code.');
    const fresh = await signInAs(server, 'boss@clinic.example', password, recoveryCodes[4]!);
    expect((await fresh.request({ method: 'GET', url: '/api/two-factor' })).json()).toEqual({ available: true, enabled: true, recoveryCodesLeft: 8 });
    const again = await fresh.request({ method: 'POST', url: '/api/two-factor/enrolment', payload: { currentPassword: password } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe('Your second factor is already on. To enrol another authenticator, remove it first (current password and a code).');

    nextStep();
    const badPassword = await fresh.request({ method: 'POST', url: '/api/two-factor/remove', payload: { currentPassword: 'not-my-password-at-all', code: totpCode(secret, now) } });
    expect(badPassword.statusCode).toBe(400);
    expect(badPassword.json().error.message).toBe('currentPassword: is not your current password; type the password you signed in with.');
    const badCode = await fresh.request({ method: 'POST', url: '/api/two-factor/remove', payload: { currentPassword: password, code: recoveryCodes[3]! } });
    expect(badCode.statusCode).toBe(400);
    expect(badCode.json().error.message).toBe('code: The code is not correct; use the current 6-digit code from your authenticator app, or an unused recovery code.');
    const removed = await fresh.request({ method: 'POST', url: '/api/two-factor/remove', payload: { currentPassword: password, code: totpCode(secret, now) } });
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toEqual({ enabled: false });
    expect((await signIn()).statusCode).toBe(200);
    expect(await t.store.db.selectFrom('recovery_codes').select('code_hash').execute()).toEqual([]);

    const actions = (await t.store.db.selectFrom('audit_events').select('action').where('action', 'like', 'user.totp%').orderBy('id').execute()).map((e) => e.action);
    expect(actions).toEqual(['user.totp_enrolment_failed', 'user.totp_enrolment_started', 'user.totp_enabled', 'user.totp_removal_failed', 'user.totp_removal_failed', 'user.totp_removed']);
  });

  it('an administrator\'s password reset also removes the second factor and its recovery codes (a lost phone and password)', async () => {
    const manager = await signInAs(server, 'boss@clinic.example', password);
    const { secret } = (await manager.request({ method: 'POST', url: '/api/two-factor/enrolment', payload: { currentPassword: password } })).json() as { secret: string };
    nextStep();
    expect((await manager.request({ method: 'POST', url: '/api/two-factor/enrolment/confirm', payload: { code: totpCode(secret, now) } })).statusCode).toBe(200);
    const user = await t.store.db.selectFrom('users').select('id').where('email', '=', 'boss@clinic.example').executeTakeFirstOrThrow();
    expect((await t.store.db.selectFrom('recovery_codes').select('code_hash').where('user_id', '=', user.id).execute()).length).toBe(10);

    const reset = await resetPassword({ store: t.store, clock }, { email: 'boss@clinic.example', actor: { userId: null, kind: 'cli' }, remoteAddress: null });
    // The one-time password signs in with no code asked, and the user chooses a password and may enrol again.
    await signInAs(server, 'boss@clinic.example', reset.oneTimePassword);
    expect(await t.store.db.selectFrom('users').select(['totp_enabled', 'totp_secret']).where('id', '=', user.id).executeTakeFirstOrThrow()).toEqual({ totp_enabled: false, totp_secret: null });
    expect(await t.store.db.selectFrom('recovery_codes').select('code_hash').where('user_id', '=', user.id).execute()).toEqual([]);
    const audit = await t.store.db.selectFrom('audit_events').select('details').where('action', '=', 'user.password_reset').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ secondFactorRemoved: true });
  });

  it('refuses a second factor to roles without one (403 with the role and permission)', async () => {
    const desk = await signInAs(server, 'desk@clinic.example', password);
    const refused = await desk.request({ method: 'POST', url: '/api/two-factor/enrolment', payload: {} });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'forbidden', message: 'Your role (front_desk) does not allow this (second_factor.use).' });
    expect((await desk.request({ method: 'GET', url: '/api/two-factor' })).json()).toEqual({ available: false, enabled: false, recoveryCodesLeft: 0 });
  });
});

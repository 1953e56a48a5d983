import { describe, expect, it } from 'vitest';
import { can, grants, inScope, isLocked, noSignInAttempts, oneTimePasswordExpiry, oneTimePasswordVerdict, passwordProblems, reserveSignInAttempt, roles, rolesWithSecondFactor, sessionVerdict } from '../../../src/domain/access/index.js';

const common = new Set(['password', 'qwerty', 'iloveyou', 'correcthorsebatterystaple']);
const ctx = { email: 'maria.lopez@clinic.example', commonPasswords: common };

describe('password rules (NIST SP 800-63B: length over complexity, no common passwords)', () => {
  it.each([
    ['short', 'is 5 characters long; use at least 15'],
    ['correcthorsebatterystaple', 'is on a list of common or breached passwords'],
    ['Password', 'is 8 characters long; use at least 15'],
    ['maria.lopez-is-my-password', 'contains the account email'],
    ['aaaaaaaaaaaaaaaaaaaa', 'repeats one character'],
    ['x'.repeat(129), 'is 129 characters long; use at most 128'],
  ])('rejects %j: it %s', (password, problem) => {
    expect(passwordProblems(password, ctx).join(' | ')).toContain(problem);
  });

  it.each(['orange grove harbor', 'keys-and-locations-42', 'ñandú sobre el río grande', 'no digits or symbols needed'])('accepts %j without composition rules', (password) => {
    expect(passwordProblems(password, ctx)).toEqual([]);
  });

  it('counts characters, not bytes', () => {
    expect(passwordProblems('日本語のパスワードです長い文章', ctx)).toEqual([]);
  });
});

describe('roles and scope', () => {
  it('builds each role on the one below it; clinical works the clinical queue; only admins manage users', () => {
    for (const permission of grants.front_desk) expect(can('coordinator', permission)).toBe(true);
    for (const permission of grants.coordinator) expect(can('manager', permission)).toBe(true);
    for (const permission of grants.manager) expect(can('admin', permission)).toBe(true);
    expect(roles.filter((r) => can(r, 'queue.clinical'))).toEqual(['clinical', 'manager', 'admin']);
    expect(roles.filter((r) => can(r, 'users.manage'))).toEqual(['admin']);
    expect(roles.filter((r) => can(r, 'imports.run'))).toEqual(['manager', 'admin']);
    expect(can('front_desk', 'cases.assign')).toBe(false);
  });

  it('sees patients of the scoped locations only, unless the account covers all of them', () => {
    expect(inScope({ allLocations: false, locationIds: [1, 2] }, 2)).toBe(true);
    expect(inScope({ allLocations: false, locationIds: [1, 2] }, 3)).toBe(false);
    expect(inScope({ allLocations: false, locationIds: [1] }, null)).toBe(false);
    expect(inScope({ allLocations: true, locationIds: [] }, 3)).toBe(true);
  });
});

describe('sessions and lockout', () => {
  const created = new Date('2026-11-24T08:00:00Z');
  const minutes = (m: number) => new Date(created.getTime() + m * 60_000);

  it('ends a session after 30 idle minutes, after 12 hours in any case, or when revoked', () => {
    expect(sessionVerdict({ createdAt: created, lastSeenAt: minutes(10), revokedAt: null }, minutes(39))).toEqual({ valid: true });
    expect(sessionVerdict({ createdAt: created, lastSeenAt: minutes(10), revokedAt: null }, minutes(40))).toEqual({ valid: false, reason: 'idle_timeout' });
    expect(sessionVerdict({ createdAt: created, lastSeenAt: minutes(719), revokedAt: null }, minutes(720))).toEqual({ valid: false, reason: 'absolute_timeout' });
    expect(sessionVerdict({ createdAt: created, lastSeenAt: minutes(1), revokedAt: minutes(2) }, minutes(3))).toEqual({ valid: false, reason: 'revoked' });
  });

  it('locks after the fifth consecutive failure for 15 minutes', () => {
    let state = noSignInAttempts;
    for (let i = 0; i < 4; i++) state = reserveSignInAttempt(state, created).next;
    expect(state).toEqual({ attempts: 4, lockedUntil: null, lastAttemptAt: created });
    state = reserveSignInAttempt(state, created).next;
    expect(state.lockedUntil).toEqual(minutes(15));
    expect(isLocked(state.lockedUntil, minutes(14))).toBe(true);
    expect(isLocked(state.lockedUntil, minutes(15))).toBe(false);
  });

  it('counts a check before it runs: the fifth may still run, later ones are refused unchecked until the lock ends, then a new window starts', () => {
    let state = noSignInAttempts;
    const mayCheck: boolean[] = [];
    for (let i = 0; i < 8; i++) {
      const reserved = reserveSignInAttempt(state, minutes(1));
      mayCheck.push(reserved.mayCheck);
      state = reserved.next;
    }
    expect(mayCheck).toEqual([true, true, true, true, true, false, false, false]);
    expect(state).toEqual({ attempts: 5, lockedUntil: minutes(16), lastAttemptAt: minutes(1) });
    expect(reserveSignInAttempt(state, minutes(15)).mayCheck).toBe(false);
    expect(reserveSignInAttempt(state, minutes(16))).toEqual({ mayCheck: true, next: { attempts: 1, lockedUntil: null, lastAttemptAt: minutes(16) } });
  });

  it('forgets a window after a day without a check: four typos months apart and one more do not lock', () => {
    let state = noSignInAttempts;
    for (let i = 0; i < 4; i++) state = reserveSignInAttempt(state, minutes(i * 60)).next;
    expect(state.attempts).toBe(4);
    const aDayLater = reserveSignInAttempt(state, minutes(3 * 60 + 24 * 60));
    expect(aDayLater).toEqual({ mayCheck: true, next: { attempts: 1, lockedUntil: null, lastAttemptAt: minutes(3 * 60 + 24 * 60) } });
    // Within the day, the fifth check still locks.
    expect(reserveSignInAttempt(state, minutes(3 * 60 + 24 * 60 - 1)).next.lockedUntil).toEqual(minutes(3 * 60 + 24 * 60 - 1 + 15));
  });

  it('lets a one-time password sign in once, until it expires 72 hours after issue', () => {
    const expiresAt = oneTimePasswordExpiry(created);
    expect(expiresAt).toEqual(minutes(72 * 60));
    expect(oneTimePasswordVerdict({ expiresAt: null, usedAt: null }, created)).toBe('own_password');
    expect(oneTimePasswordVerdict({ expiresAt, usedAt: null }, minutes(72 * 60 - 1))).toBe('usable');
    expect(oneTimePasswordVerdict({ expiresAt, usedAt: null }, minutes(72 * 60))).toBe('expired');
    expect(oneTimePasswordVerdict({ expiresAt, usedAt: minutes(5) }, minutes(6))).toBe('used');
    expect(oneTimePasswordExpiry(created, { validHours: 1 })).toEqual(minutes(60));
  });

  it('offers a second factor to managers and admins', () => {
    expect([...rolesWithSecondFactor]).toEqual(['manager', 'admin']);
  });
});

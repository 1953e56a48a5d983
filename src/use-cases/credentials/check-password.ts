/**
 * The one way a password is checked (sign-in, password change, second-factor removal): the check is
 * first reserved against the email's lockout window in the database, then argon2 runs — against the
 * account's hash, or a dummy hash when the account is missing or the window is locked, so that text
 * and timing are the same whether or not the account exists and whether or not it is locked.
 */
import { defaultLockoutPolicy, reserveSignInAttempt, type LockoutPolicy } from '../../domain/access/index.js';
import { verifyPassword } from '../../auth/password-hash.js';
import { sha256 } from '../../auth/tokens.js';
import { forgetSignInAttempts, reserveSignInAttempt as reserveInStore } from '../../db/queries/sign-in-attempts.js';
import { findUserByEmail, type UserAccount } from '../../db/queries/users.js';
import type { Deps } from '../deps.js';

export type PasswordCheck =
  | { ok: true; user: UserAccount; emailKey: string }
  | { ok: false; user: UserAccount | undefined; emailKey: string; reason: 'unknown_email' | 'disabled' | 'wrong_password' | 'locked'; lockedUntil: Date | null };

const wrongCredentialsMessage = 'The email or password is not correct.';

/** Failures are counted per email, known or not; only a hash of the normalised email is stored. */
export function signInEmailKey(email: string): string {
  return sha256(`sign-in:${email.trim().toLowerCase()}`);
}

export async function checkPassword(deps: Pick<Deps, 'store' | 'clock'>, email: string, password: string, policy: LockoutPolicy = defaultLockoutPolicy): Promise<PasswordCheck> {
  const { db } = deps.store;
  const now = deps.clock.now();
  const emailKey = signInEmailKey(email);
  const user = await findUserByEmail(db, email);
  const reservation = await reserveInStore(db, emailKey, now, (current) => reserveSignInAttempt(current, now, policy));
  if (!reservation.mayCheck) {
    await verifyPassword(null, password);
    return { ok: false, user, emailKey, reason: 'locked', lockedUntil: reservation.next.lockedUntil };
  }
  const matches = await verifyPassword(user?.passwordHash ?? null, password);
  if (matches && user && !user.disabledAt) return { ok: true, user, emailKey };
  const reason = !user ? 'unknown_email' : user.disabledAt ? 'disabled' : 'wrong_password';
  return { ok: false, user, emailKey, reason, lockedUntil: reservation.next.lockedUntil };
}

/** What a failed check answers: the lock (with its end) once the window is locked, else "not correct". */
export function failedCheckMessage(check: { lockedUntil: Date | null }): string {
  return check.lockedUntil ? lockedMessage(check.lockedUntil) : wrongCredentialsMessage;
}

function lockedMessage(until: Date): string {
  return `This account is locked after too many failed sign-ins. Try again after ${until.toISOString().slice(11, 16)} UTC, or ask an administrator.`;
}

/** A successful sign-in (or a password reset) ends the lockout window. */
export function forgetFailures(deps: Pick<Deps, 'store'>, emailKey: string): Promise<void> {
  return forgetSignInAttempts(deps.store.db, emailKey);
}

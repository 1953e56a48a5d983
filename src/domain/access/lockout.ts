/**
 * Sign-in lockout: at most `maxFailures` password checks per lockout window. Each check is counted
 * BEFORE it runs (a reservation), so parallel guesses cannot all see the same count: the fifth
 * reservation locks the account for `lockMinutes`, and later ones are refused unchecked until the
 * lock ends, when a new window starts. A successful sign-in ends the window (the store forgets it), and
 * so does a day without a check: five typos spread over months do not lock anyone out.
 * Unknown emails are counted the same way, so the lockout does not tell which accounts exist.
 */
export interface LockoutPolicy {
  maxFailures: number;
  lockMinutes: number;
  /** A window with no check for this long is over: its count starts again from zero. */
  forgetAfterMinutes: number;
}

export const defaultLockoutPolicy: LockoutPolicy = { maxFailures: 5, lockMinutes: 15, forgetAfterMinutes: 24 * 60 };

/** What is stored per sign-in email: checks reserved in this window, and the lock's end once locked. */
export interface SignInAttempts {
  attempts: number;
  lockedUntil: Date | null;
  /** The last check reserved (null: none yet). */
  lastAttemptAt: Date | null;
}

export const noSignInAttempts: SignInAttempts = { attempts: 0, lockedUntil: null, lastAttemptAt: null };

export function isLocked(lockedUntil: Date | null, now: Date): boolean {
  return lockedUntil !== null && lockedUntil > now;
}

/** One more password check asked for at `now`: whether it may run, and the state to store. */
export function reserveSignInAttempt(current: SignInAttempts, now: Date, policy: LockoutPolicy = defaultLockoutPolicy): { next: SignInAttempts; mayCheck: boolean } {
  if (isLocked(current.lockedUntil, now)) return { next: current, mayCheck: false };
  const forgotten = current.lastAttemptAt !== null && now.getTime() - current.lastAttemptAt.getTime() >= policy.forgetAfterMinutes * 60_000;
  const attempts = (current.lockedUntil === null && !forgotten ? current.attempts : 0) + 1;
  const lockedUntil = attempts >= policy.maxFailures ? new Date(now.getTime() + policy.lockMinutes * 60_000) : null;
  return { next: { attempts, lockedUntil, lastAttemptAt: now }, mayCheck: true };
}

/**
 * Sign-in lockout: after `maxFailures` wrong passwords in a row an account is locked for
 * `lockMinutes`; a successful sign-in resets the count. Values, not side effects.
 */
export interface LockoutPolicy {
  maxFailures: number;
  lockMinutes: number;
}

export const defaultLockoutPolicy: LockoutPolicy = { maxFailures: 5, lockMinutes: 15 };

export function isLocked(lockedUntil: Date | null, now: Date): boolean {
  return lockedUntil !== null && lockedUntil > now;
}

export function afterFailedSignIn(failedSignIns: number, now: Date, policy: LockoutPolicy = defaultLockoutPolicy): { failedSignIns: number; lockedUntil: Date | null } {
  const failures = failedSignIns + 1;
  if (failures >= policy.maxFailures) return { failedSignIns: 0, lockedUntil: new Date(now.getTime() + policy.lockMinutes * 60_000) };
  return { failedSignIns: failures, lockedUntil: null };
}

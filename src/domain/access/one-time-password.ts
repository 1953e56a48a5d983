/**
 * One-time passwords (issued by an administrator for a new account or a reset): valid for a limited
 * time from issue, and for one sign-in only; that sign-in's session must choose the user's own password.
 */
export interface OneTimePasswordPolicy {
  validHours: number;
}

export const defaultOneTimePasswordPolicy: OneTimePasswordPolicy = { validHours: 72 };

export function oneTimePasswordExpiry(issuedAt: Date, policy: OneTimePasswordPolicy = defaultOneTimePasswordPolicy): Date {
  return new Date(issuedAt.getTime() + policy.validHours * 3_600_000);
}

export interface OneTimePasswordState {
  /** Null: the password is the user's own (no one-time password is pending). */
  expiresAt: Date | null;
  usedAt: Date | null;
}

export type OneTimePasswordVerdict = 'own_password' | 'usable' | 'expired' | 'used';

export function oneTimePasswordVerdict(state: OneTimePasswordState, now: Date): OneTimePasswordVerdict {
  if (state.expiresAt === null) return 'own_password';
  if (state.usedAt !== null) return 'used';
  if (state.expiresAt <= now) return 'expired';
  return 'usable';
}

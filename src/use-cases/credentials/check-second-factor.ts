/**
 * A second-factor code typed at sign-in or to remove the factor: a 6-digit TOTP code (each time step
 * accepted once, so an overheard code cannot be replayed) or an unused recovery code (used up here).
 */
import { looksLikeTotpCode, totpStep } from '../../auth/totp.js';
import { recoveryCodeHash } from '../../auth/recovery-codes.js';
import { useRecoveryCode } from '../../db/queries/recovery-codes.js';
import { claimTotpStep, type UserAccount } from '../../db/queries/users.js';
import type { Deps } from '../deps.js';

export type SecondFactorResult = 'totp' | 'recovery_code' | 'missing' | 'wrong' | 'reused';

export async function checkSecondFactor(deps: Pick<Deps, 'store'>, user: UserAccount, code: string | undefined, at: Date): Promise<SecondFactorResult> {
  if (!user.totpEnabled || !user.totpSecret) return 'wrong';
  if (!code?.trim()) return 'missing';
  if (looksLikeTotpCode(code)) {
    const step = totpStep(user.totpSecret, code, at);
    if (step === null) return 'wrong';
    return (await claimTotpStep(deps.store.db, user.id, step)) ? 'totp' : 'reused';
  }
  return (await useRecoveryCode(deps.store.db, user.id, recoveryCodeHash(code), at)) ? 'recovery_code' : 'wrong';
}

export const secondFactorMessages: Record<Exclude<SecondFactorResult, 'totp' | 'recovery_code'>, string> = {
  missing: 'Enter the 6-digit code from your authenticator app (or one of your recovery codes).',
  wrong: 'The code is not correct; use the current 6-digit code from your authenticator app, or an unused recovery code.',
  reused: 'This code was already used; wait for the next code from your authenticator app.',
};

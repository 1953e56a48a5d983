/** Whether the signed-in user's second factor is on, and how many recovery codes are left. */
import { rolesWithSecondFactor } from '../domain/access/index.js';
import { countUnusedRecoveryCodes } from '../db/queries/recovery-codes.js';
import type { Deps } from './deps.js';
import type { ActiveSession } from './resolve-session.js';

export interface TwoFactorStatus {
  available: boolean;
  enabled: boolean;
  recoveryCodesLeft: number;
}

export async function readTwoFactorStatus(deps: Pick<Deps, 'store'>, session: ActiveSession): Promise<TwoFactorStatus> {
  const { user } = session;
  return {
    available: rolesWithSecondFactor.has(user.role),
    enabled: user.totpEnabled,
    recoveryCodesLeft: user.totpEnabled ? await countUnusedRecoveryCodes(deps.store.db, user.id) : 0,
  };
}

/**
 * A manager or admin turns their second factor off: the current password (checked under the lockout)
 * and a current code or an unused recovery code; the recovery codes go with it.
 */
import { AppError } from '../domain/errors.js';
import { appendAuditEvent } from '../db/queries/audit-events.js';
import { deleteRecoveryCodes } from '../db/queries/recovery-codes.js';
import { disableTotp } from '../db/queries/users.js';
import { forgetFailures } from './credentials/check-password.js';
import { confirmCurrentPassword } from './credentials/confirm-current-password.js';
import { checkSecondFactor, secondFactorMessages } from './credentials/check-second-factor.js';
import type { Deps } from './deps.js';
import type { ActiveSession } from './resolve-session.js';

export interface RemoveTwoFactorRequest {
  currentPassword: string;
  code: string;
  remoteAddress: string | null;
}

export async function removeTwoFactor(deps: Pick<Deps, 'store' | 'clock'>, session: ActiveSession, request: RemoveTwoFactorRequest): Promise<{ enabled: false }> {
  const { db } = deps.store;
  const { user } = session;
  const audit = (action: string, details: Record<string, unknown>) =>
    appendAuditEvent(db, { actorUserId: user.id, actorKind: 'user', action, entityType: 'user', entityId: String(user.id), patientId: null, remoteAddress: request.remoteAddress, details });
  if (!user.totpEnabled) throw new AppError('conflict', 'Your second factor is not on; nothing to remove.');

  const check = await confirmCurrentPassword(deps, user, request.currentPassword, { action: 'user.totp_removal_failed', remoteAddress: request.remoteAddress });
  const factor = await checkSecondFactor(deps, user, request.code, deps.clock.now());
  if (factor !== 'totp' && factor !== 'recovery_code') {
    await audit('user.totp_removal_failed', { reason: `second_factor_${factor}` });
    throw new AppError('invalid_input', `code: ${secondFactorMessages[factor]}`, [{ path: 'code', message: secondFactorMessages[factor] }]);
  }
  await forgetFailures(deps, check.emailKey);
  await disableTotp(db, user.id);
  await deleteRecoveryCodes(db, user.id);
  await audit('user.totp_removed', { with: factor });
  return { enabled: false };
}

/**
 * The first valid code from the authenticator confirms enrolment: the second factor is on from now
 * on, and ten recovery codes are issued — shown this once, stored only as hashes.
 */
import { AppError } from '../domain/errors.js';
import { newRecoveryCodes, recoveryCodeHash } from '../auth/recovery-codes.js';
import { totpStep } from '../auth/totp.js';
import { appendAuditEvent } from '../db/queries/audit-events.js';
import { replaceRecoveryCodes } from '../db/queries/recovery-codes.js';
import { claimTotpStep, enableTotp } from '../db/queries/users.js';
import type { Deps } from './deps.js';
import type { ActiveSession } from './resolve-session.js';

export interface TwoFactorEnabled {
  enabled: true;
  recoveryCodes: string[];
}

export async function confirmTwoFactorEnrolment(deps: Pick<Deps, 'store' | 'clock'>, session: ActiveSession, request: { code: string; remoteAddress: string | null }): Promise<TwoFactorEnabled> {
  const { db } = deps.store;
  const { user } = session;
  const now = deps.clock.now();
  if (user.totpEnabled) throw new AppError('conflict', 'Your second factor is already on; nothing to confirm.');
  if (!user.totpSecret) throw new AppError('conflict', 'No enrolment is in progress; start one first (POST /api/two-factor/enrolment).');
  const step = totpStep(user.totpSecret, request.code, now);
  if (step === null || !(await claimTotpStep(db, user.id, step))) {
    throw new AppError('invalid_input', 'code: is not the current 6-digit code of the authenticator you just set up; check that its clock is right and type the code it shows now.', [{ path: 'code', message: 'is not the current 6-digit code of the authenticator you just set up' }]);
  }
  if (!(await enableTotp(db, user.id))) throw new AppError('conflict', 'Your second factor changed meanwhile (another window?); reload and try again.');
  const recoveryCodes = newRecoveryCodes();
  await replaceRecoveryCodes(db, user.id, recoveryCodes.map(recoveryCodeHash), now);
  await appendAuditEvent(db, { actorUserId: user.id, actorKind: 'user', action: 'user.totp_enabled', entityType: 'user', entityId: String(user.id), patientId: null, remoteAddress: request.remoteAddress, details: { recoveryCodes: recoveryCodes.length } });
  return { enabled: true, recoveryCodes };
}

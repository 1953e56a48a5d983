/**
 * An administrator resets a user's password (HTTP for admins, `recare users reset-password` on the
 * server): a new one-time password (72 hours, single use, must be changed at sign-in), every session
 * of that user ended, the sign-in lockout lifted, and the second factor (with its recovery codes) removed:
 * a reset is how a user who lost both the password and the authenticator gets back in, and re-enrols.
 */
import { defaultOneTimePasswordPolicy, oneTimePasswordExpiry, type OneTimePasswordPolicy } from '../domain/access/index.js';
import { AppError } from '../domain/errors.js';
import { hashPassword } from '../auth/password-hash.js';
import { newOneTimePassword } from '../auth/tokens.js';
import { appendAuditEvent } from '../db/queries/audit-events.js';
import { revokeAllSessions } from '../db/queries/sessions.js';
import { deleteRecoveryCodes } from '../db/queries/recovery-codes.js';
import { disableTotp, findUserByEmail, setPassword } from '../db/queries/users.js';
import { forgetFailures, signInEmailKey } from './credentials/check-password.js';
import type { Deps } from './deps.js';

export interface ResetPasswordRequest {
  email: string;
  actor: { userId: number | null; kind: 'user' | 'cli' };
  remoteAddress: string | null;
}

export interface PasswordReset {
  userId: number;
  email: string;
  oneTimePassword: string;
  expiresAt: Date;
  sessionsEnded: number;
}

export async function resetPassword(deps: Pick<Deps, 'store' | 'clock'>, request: ResetPasswordRequest, policy: OneTimePasswordPolicy = defaultOneTimePasswordPolicy): Promise<PasswordReset> {
  const { db } = deps.store;
  const user = await findUserByEmail(db, request.email);
  if (!user) throw new AppError('not_found', `No account has the email "${request.email.trim().toLowerCase()}"; \`recare users list\` lists the accounts.`);
  const now = deps.clock.now();
  const oneTimePassword = newOneTimePassword();
  const expiresAt = oneTimePasswordExpiry(now, policy);
  await setPassword(db, user.id, { hash: await hashPassword(oneTimePassword), oneTimeUntil: expiresAt, at: now });
  const sessionsEnded = await revokeAllSessions(db, user.id, now);
  const secondFactorRemoved = user.totpEnabled;
  await disableTotp(db, user.id);
  await deleteRecoveryCodes(db, user.id);
  await forgetFailures(deps, signInEmailKey(user.email));
  await appendAuditEvent(db, { actorUserId: request.actor.userId, actorKind: request.actor.kind, action: 'user.password_reset', entityType: 'user', entityId: String(user.id), patientId: null, remoteAddress: request.remoteAddress, details: { sessionsEnded, secondFactorRemoved, expiresAt: expiresAt.toISOString() } });
  return { userId: user.id, email: user.email, oneTimePassword, expiresAt, sessionsEnded };
}

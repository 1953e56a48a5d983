/**
 * A signed-in user changes their own password: the current one (checked under the lockout, like a
 * sign-in), then a new one under the password rules. A pending one-time password ends with it; the
 * user's other sessions end (this one stays).
 */
import { passwordProblems } from '../domain/access/index.js';
import { AppError, type ErrorIssue } from '../domain/errors.js';
import { commonPasswords } from '../auth/common-passwords.js';
import { hashPassword } from '../auth/password-hash.js';
import { appendAuditEvent } from '../db/queries/audit-events.js';
import { revokeOtherSessions } from '../db/queries/sessions.js';
import { setPassword } from '../db/queries/users.js';
import { forgetFailures } from './credentials/check-password.js';
import { confirmCurrentPassword } from './credentials/confirm-current-password.js';
import type { Deps } from './deps.js';
import type { ActiveSession } from './resolve-session.js';

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
  remoteAddress: string | null;
}

export interface PasswordChanged {
  changed: true;
  /** Sessions on other devices that ended with the change. */
  otherSessionsEnded: number;
}

export async function changePassword(deps: Pick<Deps, 'store' | 'clock'>, session: ActiveSession, request: ChangePasswordRequest): Promise<PasswordChanged> {
  const { db } = deps.store;
  const { user } = session;
  const now = deps.clock.now();
  const audit = (action: string, details: Record<string, unknown>) =>
    appendAuditEvent(db, { actorUserId: user.id, actorKind: 'user', action, entityType: 'user', entityId: String(user.id), patientId: null, remoteAddress: request.remoteAddress, details });

  const check = await confirmCurrentPassword(deps, user, request.currentPassword, { action: 'user.password_change_failed', remoteAddress: request.remoteAddress });

  const issues: ErrorIssue[] = passwordProblems(request.newPassword, { email: user.email, displayName: user.displayName, commonPasswords: commonPasswords() }).map((problem) => ({ path: 'newPassword', message: `The new password ${problem}` }));
  if (request.newPassword === request.currentPassword) issues.push({ path: 'newPassword', message: 'The new password is the same as the current one; choose a different one' });
  if (issues.length) {
    await audit('user.password_change_failed', { reason: 'password_rules' });
    throw new AppError('invalid_input', issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
  }

  await setPassword(db, user.id, { hash: await hashPassword(request.newPassword), oneTimeUntil: null, at: now });
  await forgetFailures(deps, check.emailKey);
  const otherSessionsEnded = await revokeOtherSessions(db, user.id, session.sessionId, now);
  await audit('user.password_change', { otherSessionsEnded, replacedOneTimePassword: user.mustChangePassword });
  return { changed: true, otherSessionsEnded };
}

/**
 * "Type your current password": asked before a signed-in user changes what protects the account (the
 * password, the second factor), so a session left open or stolen cannot. The check counts under the
 * sign-in lockout like a sign-in; a failure is audited as `<action>_failed` and answered the same way
 * everywhere.
 */
import { AppError } from '../../domain/errors.js';
import { appendAuditEvent } from '../../db/queries/audit-events.js';
import type { UserAccount } from '../../db/queries/users.js';
import type { Deps } from '../deps.js';
import { checkPassword, failedCheckMessage } from './check-password.js';

export async function confirmCurrentPassword(
  deps: Pick<Deps, 'store' | 'clock'>,
  user: Pick<UserAccount, 'id' | 'email'>,
  currentPassword: string,
  failure: { action: string; remoteAddress: string | null },
): Promise<{ emailKey: string }> {
  const check = await checkPassword(deps, user.email, currentPassword);
  if (check.ok) return { emailKey: check.emailKey };
  await appendAuditEvent(deps.store.db, { actorUserId: user.id, actorKind: 'user', action: failure.action, entityType: 'user', entityId: String(user.id), patientId: null, remoteAddress: failure.remoteAddress, details: { reason: check.reason } });
  if (check.lockedUntil) throw new AppError('rate_limited', failedCheckMessage(check));
  throw new AppError('invalid_input', 'currentPassword: is not your current password; type the password you signed in with.', [{ path: 'currentPassword', message: 'is not your current password; type the password you signed in with' }]);
}

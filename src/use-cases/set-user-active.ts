/**
 * An administrator deactivates an account (every session of it ends at once, and it cannot sign in)
 * or reactivates it. Refused when it would leave no active administrator.
 */
import { leavesNoAdmin } from '../domain/access/index.js';
import { AppError } from '../domain/errors.js';
import { appendAuditEvent } from '../db/queries/audit-events.js';
import { revokeAllSessions } from '../db/queries/sessions.js';
import { activeAdminIds, findUserById, setUserDisabled } from '../db/queries/users.js';
import { userNotFound } from './change-user-access.js';
import type { Deps } from './deps.js';

export interface SetUserActiveRequest {
  userId: number;
  active: boolean;
  actor: { userId: number | null; kind: 'user' | 'cli' };
  remoteAddress: string | null;
}

export interface UserActivity {
  userId: number;
  active: boolean;
  /** Sessions ended by a deactivation (0 for a reactivation, or an account already in that state). */
  sessionsEnded: number;
}

export async function setUserActive(deps: Pick<Deps, 'store' | 'clock'>, request: SetUserActiveRequest): Promise<UserActivity> {
  const { db } = deps.store;
  const user = await findUserById(db, request.userId);
  if (!user) throw userNotFound(request.userId);
  const wasActive = user.disabledAt === null;
  if (wasActive === request.active) return { userId: user.id, active: request.active, sessionsEnded: 0 };
  if (!request.active && leavesNoAdmin(await activeAdminIds(db), { userId: user.id, role: user.role, active: false })) {
    throw new AppError('conflict', `User ${user.id} is the last active administrator and stays active; make another user an administrator first.`);
  }
  const now = deps.clock.now();
  await setUserDisabled(db, user.id, request.active ? null : now);
  const sessionsEnded = request.active ? 0 : await revokeAllSessions(db, user.id, now);
  await appendAuditEvent(db, {
    actorUserId: request.actor.userId, actorKind: request.actor.kind, action: request.active ? 'user.reactivate' : 'user.deactivate', entityType: 'user', entityId: String(user.id), patientId: null, remoteAddress: request.remoteAddress,
    details: { sessionsEnded },
  });
  return { userId: user.id, active: request.active, sessionsEnded };
}

/**
 * An administrator changes what an account may do: its role, its offices, or both. The change takes
 * effect on the user's next request (sessions read the account each time). Refused when it would
 * leave no active administrator.
 */
import { leavesNoAdmin, roles, type Role } from '../domain/access/index.js';
import { AppError, type ErrorIssue } from '../domain/errors.js';
import { appendAuditEvent } from '../db/queries/audit-events.js';
import { activeAdminIds, findUserById, updateUserAccess } from '../db/queries/users.js';
import type { Deps } from './deps.js';
import { resolveUserLocations } from './user-locations.js';

export interface ChangeUserAccessRequest {
  userId: number;
  role?: string;
  /** Office external ids, or 'all'. */
  locations?: string[] | 'all';
  actor: { userId: number | null; kind: 'user' | 'cli' };
  remoteAddress: string | null;
}

export interface UserAccessChanged {
  userId: number;
  role: Role;
  allLocations: boolean;
  locationIds: number[];
}

export async function changeUserAccess(deps: Pick<Deps, 'store'>, request: ChangeUserAccessRequest): Promise<UserAccessChanged> {
  const { db } = deps.store;
  const user = await findUserById(db, request.userId);
  if (!user) throw userNotFound(request.userId);
  const issues: ErrorIssue[] = [];
  if (request.role === undefined && request.locations === undefined) issues.push({ path: '(body)', message: 'changes nothing; give a role, locations, or both' });
  if (request.role !== undefined && !(roles as readonly string[]).includes(request.role)) issues.push({ path: 'role', value: request.role, message: `is not a role; use one of ${roles.join(', ')}` });
  const resolved = request.locations === undefined ? undefined : await resolveUserLocations(db, request.locations);
  if (resolved) issues.push(...resolved.issues);
  if (issues.length) throw new AppError('invalid_input', issues.map((i) => `${i.path}${i.value !== undefined ? ` ${JSON.stringify(i.value)}` : ''}: ${i.message}`).join('; '), issues);
  const role = (request.role ?? user.role) as Role;
  if (user.disabledAt === null && leavesNoAdmin(await activeAdminIds(db), { userId: user.id, role, active: true })) {
    throw new AppError('conflict', `User ${user.id} is the last active administrator, so their role stays admin; make another user an administrator first.`);
  }
  await updateUserAccess(db, user.id, { role, ...(resolved ? { scope: resolved.scope } : {}) });
  const scope = resolved?.scope ?? user.scope;
  await appendAuditEvent(db, {
    actorUserId: request.actor.userId, actorKind: request.actor.kind, action: 'user.access_change', entityType: 'user', entityId: String(user.id), patientId: null, remoteAddress: request.remoteAddress,
    details: { from: { role: user.role, allLocations: user.scope.allLocations, locationIds: user.scope.locationIds }, to: { role, allLocations: scope.allLocations, locationIds: scope.locationIds } },
  });
  return { userId: user.id, role, allLocations: scope.allLocations, locationIds: [...scope.locationIds] };
}

export function userNotFound(userId: number): AppError {
  return new AppError('not_found', `No user has the id ${userId}; the Users page (GET /api/users) lists them.`);
}

/**
 * Coordinators assign cases: set a case's owner for up to 500 cases at once. Every case must be in
 * the caller's offices (else it is "not found"), open, and the new owner must work at the case's
 * office and be allowed to work cases; nothing is assigned unless all pass. Each assignment is
 * appended to the audit log ('case.assign').
 */
import { can, inScope, type LocationScope } from '../domain/access/index.js';
import { AppError, type ErrorIssue } from '../domain/errors.js';
import { appendAuditEvent } from '../db/queries/audit-events.js';
import { casesForAssignment, listAssignableUsers, setCaseOwners, type AssignableUser } from '../db/queries/review-cases.js';
import type { Deps } from './deps.js';

export const maxAssignBatch = 500;

export interface AssignableUserList { users: { id: number; displayName: string; allLocations: boolean; locations: string[] }[] }

/** Users who may be given cases, limited to those who share an office with the caller. */
export async function readAssignableUsers(deps: Pick<Deps, 'store'>, request: { scope: LocationScope }): Promise<AssignableUserList> {
  const users = (await listAssignableUsers(deps.store.db)).filter((u) => can(u.role, 'outcomes.record') && sharesOffice(u, request.scope));
  return { users: users.map((u) => ({ id: u.id, displayName: u.displayName, allLocations: u.allLocations, locations: u.locations })) };
}

function sharesOffice(user: AssignableUser, scope: LocationScope): boolean {
  if (user.allLocations || scope.allLocations) return true;
  return user.locationIds.some((id) => scope.locationIds.includes(id));
}

export interface AssignRequest {
  caseIds: readonly number[];
  userId: number;
  actorUserId: number;
  scope: LocationScope;
}

export interface AssignCasesResult { assigned: number[]; userId: number; displayName: string }

export async function assignCases(deps: Pick<Deps, 'store' | 'clock' | 'log'>, request: AssignRequest): Promise<AssignCasesResult> {
  const ids = [...new Set(request.caseIds)];
  if (ids.length === 0 || ids.length > maxAssignBatch) {
    throw new AppError('invalid_input', `Give 1 to ${maxAssignBatch} case ids (given ${ids.length}).`, [{ path: 'caseIds', value: ids.length, message: `1 to ${maxAssignBatch} case ids` }]);
  }
  const user = (await listAssignableUsers(deps.store.db)).find((u) => u.id === request.userId);
  if (!user || !can(user.role, 'outcomes.record') || !sharesOffice(user, request.scope)) {
    throw new AppError('invalid_input', `User ${request.userId} cannot be given cases: no active user who works cases at your offices has that id.`, [{ path: 'userId', value: request.userId, message: 'not an assignable user' }]);
  }
  const found = new Map((await casesForAssignment(deps.store.db, ids)).map((c) => [c.caseId, c]));
  const issues: ErrorIssue[] = [];
  const missing = ids.filter((id) => { const c = found.get(id); return !c || !inScope(request.scope, c.locationId); });
  if (missing.length > 0) throw new AppError('not_found', `No case ${missing.map((id) => `#${id}`).join(', ')} is visible to you; nothing was assigned.`, [{ path: 'caseIds', value: missing, message: 'not visible to you' }]);
  for (const id of ids) {
    const c = found.get(id)!;
    if (c.state === 'closed') issues.push({ path: 'caseIds', value: id, message: `case #${id} is closed; only open cases can be assigned` });
    else if (!inScope({ allLocations: user.allLocations, locationIds: user.locationIds }, c.locationId)) {
      issues.push({ path: 'caseIds', value: id, message: `case #${id} is at an office where ${user.displayName} does not work (${user.allLocations ? 'all offices' : user.locations.join(', ') || 'no offices'})` });
    }
  }
  if (issues.length > 0) throw new AppError('invalid_input', `Nothing was assigned: ${issues.map((i) => i.message).join('; ')}.`, issues);
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    const updated = await setCaseOwners(tx.db, ids, user.id, now);
    if (updated !== ids.length) throw new AppError('conflict', 'Some of the cases closed while they were being assigned; reload the worklist and try again.');
    for (const id of ids) {
      await appendAuditEvent(tx.db, {
        actorUserId: request.actorUserId, actorKind: 'user', action: 'case.assign', entityType: 'case', entityId: String(id), patientId: found.get(id)!.patientId,
        remoteAddress: null, at: now, details: { ownerUserId: user.id },
      });
    }
  });
  deps.log.info({ cases: ids.length, userId: user.id }, 'cases assigned');
  return { assigned: ids, userId: user.id, displayName: user.displayName };
}

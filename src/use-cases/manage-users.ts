/** Adding users (CLI bootstrap and admins) with the password rules, and listing them. */
import { z } from 'zod';
import { defaultOneTimePasswordPolicy, oneTimePasswordExpiry, passwordProblems, roles, type OneTimePasswordPolicy, type Role } from '../domain/access/index.js';
import { AppError, type ErrorIssue } from '../domain/errors.js';
import { commonPasswords } from '../auth/common-passwords.js';
import { hashPassword } from '../auth/password-hash.js';
import { newOneTimePassword } from '../auth/tokens.js';
import { appendAuditEvent } from '../db/queries/audit-events.js';
import { findUserByEmail, insertUser, listUsers } from '../db/queries/users.js';
import type { Deps } from './deps.js';

export interface AddUserRequest {
  email: string;
  role: string;
  displayName?: string;
  /** Location external ids, or 'all' for a group's central team. */
  locations: string[] | 'all';
  /** Omit to generate a one-time password the user must change. */
  password?: string;
  actor: { userId: number | null; kind: 'user' | 'cli' };
}

export interface AddedUser {
  userId: number;
  oneTimePassword: string | null;
  /** When the one-time password stops working (null with a chosen password). */
  oneTimePasswordExpiresAt: Date | null;
}

const email = z.email();

export async function addUser(deps: Pick<Deps, 'store' | 'clock'>, request: AddUserRequest, policy: OneTimePasswordPolicy = defaultOneTimePasswordPolicy): Promise<AddedUser> {
  const { db } = deps.store;
  const issues: ErrorIssue[] = [];
  const normalized = request.email.trim().toLowerCase();
  if (!email.safeParse(normalized).success) issues.push({ path: 'email', value: request.email, message: 'is not an email address; use e.g. frontdesk@clinic.example' });
  if (!(roles as readonly string[]).includes(request.role)) issues.push({ path: 'role', value: request.role, message: `is not a role; use one of ${roles.join(', ')}` });
  if (request.password !== undefined) {
    for (const problem of passwordProblems(request.password, { email: normalized, displayName: request.displayName ?? null, commonPasswords: commonPasswords() })) {
      issues.push({ path: 'password', message: `The password ${problem}` });
    }
  }
  let locationIds: number[] = [];
  if (request.locations !== 'all') {
    if (request.locations.length === 0) issues.push({ path: 'location', message: "names no location; give --location ID (repeatable) or --location all" });
    const found = request.locations.length ? await db.selectFrom('locations').select(['id', 'external_id']).where('external_id', 'in', request.locations).execute() : [];
    const missing = request.locations.filter((l) => !found.some((f) => f.external_id === l));
    if (missing.length) {
      const known = await db.selectFrom('locations').select('external_id').orderBy('external_id').execute();
      issues.push({ path: 'location', value: missing.join(', '), message: `is not a location; known locations: ${known.map((k) => k.external_id).join(', ') || '(none yet)'}` });
    }
    locationIds = found.map((f) => f.id);
  }
  if (issues.length === 0 && (await findUserByEmail(db, normalized))) issues.push({ path: 'email', value: normalized, message: 'already has an account' });
  if (issues.length) {
    throw new AppError('invalid_input', issues.map((i) => `${i.path}${i.value !== undefined ? ` ${JSON.stringify(i.value)}` : ''}: ${i.message}`).join('; '), issues);
  }
  const oneTimePassword = request.password === undefined ? newOneTimePassword() : null;
  const now = deps.clock.now();
  const oneTimePasswordExpiresAt = oneTimePassword === null ? null : oneTimePasswordExpiry(now, policy);
  const userId = await insertUser(
    db,
    {
      email: normalized,
      displayName: request.displayName?.trim() || normalized.split('@')[0]!,
      role: request.role as Role,
      passwordHash: await hashPassword(request.password ?? (oneTimePassword as string)),
      oneTimePasswordExpiresAt,
      allLocations: request.locations === 'all',
      locationIds,
    },
    now,
  );
  await appendAuditEvent(db, { actorUserId: request.actor.userId, actorKind: request.actor.kind, action: 'user.create', entityType: 'user', entityId: String(userId), patientId: null, remoteAddress: null, details: { role: request.role, allLocations: request.locations === 'all', locationIds } });
  return { userId, oneTimePassword, oneTimePasswordExpiresAt };
}

export function readUsers(deps: Pick<Deps, 'store'>) {
  return listUsers(deps.store.db);
}

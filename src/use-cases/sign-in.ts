/**
 * Sign-in, sessions and sign-out. A session is a random cookie token (only its SHA-256 is stored)
 * plus a CSRF token the app sends back on every state-changing request. Failures are audited; five
 * wrong passwords in a row lock the account for 15 minutes.
 */
import { afterFailedSignIn, defaultSessionPolicy, isLocked, sessionVerdict, type SessionPolicy } from '../domain/access/index.js';
import { AppError } from '../domain/errors.js';
import { verifyPassword } from '../auth/password-hash.js';
import { newToken, sha256 } from '../auth/tokens.js';
import { verifyTotp } from '../auth/totp.js';
import { appendAuditEvent } from '../db/queries/audit-events.js';
import { findSession, insertSession, revokeAllSessions, revokeSession, touchSession } from '../db/queries/sessions.js';
import { findUserByEmail, findUserById, recordSignInFailure, recordSignInSuccess, type UserAccount } from '../db/queries/users.js';
import type { Deps } from './deps.js';

export interface SignInRequest {
  email: string;
  password: string;
  totpCode?: string;
  remoteAddress: string | null;
  userAgent: string | null;
}

export interface SignedIn {
  token: string;
  csrfToken: string;
  user: PublicUser;
}

export interface PublicUser {
  id: number;
  email: string;
  displayName: string;
  role: UserAccount['role'];
  allLocations: boolean;
  locationIds: readonly number[];
  mustChangePassword: boolean;
}

const wrongCredentials = 'The email or password is not correct.';

export async function signIn(deps: Pick<Deps, 'store' | 'clock' | 'log'>, request: SignInRequest): Promise<SignedIn> {
  const { db } = deps.store;
  const now = deps.clock.now();
  const user = await findUserByEmail(db, request.email);
  const fail = async (reason: string, message: string, userId: number | null) => {
    await appendAuditEvent(db, { actorUserId: userId, actorKind: 'user', action: 'session.sign_in_failed', entityType: 'user', entityId: userId === null ? null : String(userId), patientId: null, remoteAddress: request.remoteAddress, details: { reason } });
    deps.log.info({ userId, reason }, 'sign-in failed');
    return new AppError('unauthenticated', message);
  };
  if (!user || user.disabledAt) {
    await verifyPassword(null, request.password);
    throw await fail(user ? 'disabled' : 'unknown_email', wrongCredentials, user?.id ?? null);
  }
  if (isLocked(user.lockedUntil, now)) {
    throw await fail('locked', lockedMessage(user.lockedUntil as Date), user.id);
  }
  if (!(await verifyPassword(user.passwordHash, request.password))) {
    const next = afterFailedSignIn(user.failedSignIns, now);
    await recordSignInFailure(db, user.id, next.failedSignIns, next.lockedUntil);
    throw await fail('wrong_password', next.lockedUntil ? lockedMessage(next.lockedUntil) : wrongCredentials, user.id);
  }
  if (user.totpEnabled && user.totpSecret) {
    if (!request.totpCode) throw await fail('second_factor_missing', 'Enter the 6-digit code from your authenticator app.', user.id);
    if (!verifyTotp(user.totpSecret, request.totpCode, now)) throw await fail('second_factor_wrong', 'The 6-digit code is not correct; use the current code from your authenticator app.', user.id);
  }
  await recordSignInSuccess(db, user.id);
  const token = newToken();
  const csrfToken = newToken();
  await insertSession(db, { id: sha256(token), userId: user.id, csrfToken, createdAt: now, lastSeenAt: now, revokedAt: null, remoteAddress: request.remoteAddress, userAgent: request.userAgent?.slice(0, 200) ?? null });
  await appendAuditEvent(db, { actorUserId: user.id, actorKind: 'user', action: 'session.sign_in', entityType: 'user', entityId: String(user.id), patientId: null, remoteAddress: request.remoteAddress, details: {} });
  return { token, csrfToken, user: publicUser(user) };
}

function lockedMessage(until: Date): string {
  return `This account is locked after too many failed sign-ins. Try again after ${until.toISOString().slice(11, 16)} UTC, or ask an administrator.`;
}

export function publicUser(user: UserAccount): PublicUser {
  return { id: user.id, email: user.email, displayName: user.displayName, role: user.role, allLocations: user.scope.allLocations, locationIds: user.scope.locationIds, mustChangePassword: user.mustChangePassword };
}

export interface ActiveSession {
  sessionId: string;
  csrfToken: string;
  user: UserAccount;
}

/** The signed-in user behind a cookie token, or undefined when the session is unknown, revoked or expired. */
export async function resolveSession(deps: Pick<Deps, 'store' | 'clock'>, token: string, policy: SessionPolicy = defaultSessionPolicy): Promise<ActiveSession | undefined> {
  const { db } = deps.store;
  const now = deps.clock.now();
  const session = await findSession(db, sha256(token));
  if (!session) return undefined;
  const verdict = sessionVerdict(session, now, policy);
  if (!verdict.valid) {
    if (verdict.reason !== 'revoked') await revokeSession(db, session.id, now);
    return undefined;
  }
  const user = await findUserById(db, session.userId);
  if (!user || user.disabledAt) return undefined;
  // Refresh the idle clock at most once a minute: one write per request would be wasteful.
  if (now.getTime() - session.lastSeenAt.getTime() > 60_000) await touchSession(db, session.id, now);
  return { sessionId: session.id, csrfToken: session.csrfToken, user };
}

export async function signOut(deps: Pick<Deps, 'store' | 'clock'>, session: ActiveSession, remoteAddress: string | null): Promise<void> {
  await revokeSession(deps.store.db, session.sessionId, deps.clock.now());
  await appendAuditEvent(deps.store.db, { actorUserId: session.user.id, actorKind: 'user', action: 'session.sign_out', entityType: 'user', entityId: String(session.user.id), patientId: null, remoteAddress, details: {} });
}

export async function signOutEverywhere(deps: Pick<Deps, 'store' | 'clock'>, session: ActiveSession, remoteAddress: string | null): Promise<number> {
  const revoked = await revokeAllSessions(deps.store.db, session.user.id, deps.clock.now());
  await appendAuditEvent(deps.store.db, { actorUserId: session.user.id, actorKind: 'user', action: 'session.sign_out_everywhere', entityType: 'user', entityId: String(session.user.id), patientId: null, remoteAddress, details: { revoked } });
  return revoked;
}

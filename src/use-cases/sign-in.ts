/**
 * Sign-in: a password checked under the lockout (credentials/check-password.ts), a pending one-time
 * password that has not expired or been used, the second factor when the user has one; then a new
 * session. Every failure is audited with its reason; what the caller is told does not reveal whether
 * the account exists.
 */
import { defaultOneTimePasswordPolicy, oneTimePasswordVerdict, type OneTimePasswordPolicy } from '../domain/access/index.js';
import { AppError } from '../domain/errors.js';
import { newToken, sha256 } from '../auth/tokens.js';
import { appendAuditEvent } from '../db/queries/audit-events.js';
import { readDemoMode } from '../db/queries/demo-mode.js';
import { insertSession } from '../db/queries/sessions.js';
import { useOneTimePassword } from '../db/queries/users.js';
import { checkPassword, failedCheckMessage, forgetFailures } from './credentials/check-password.js';
import { checkSecondFactor, secondFactorMessages } from './credentials/check-second-factor.js';
import type { Deps } from './deps.js';
import { isPublishedDemoPassword } from './demo-users.js';
import { publicUser, type PublicUser } from './public-user.js';

export interface SignInRequest {
  email: string;
  password: string;
  /** A 6-digit authenticator code or a recovery code, for users with a second factor. */
  totpCode?: string;
  remoteAddress: string | null;
  userAgent: string | null;
}

export interface SignedIn {
  token: string;
  csrfToken: string;
  user: PublicUser;
}

export async function signIn(deps: Pick<Deps, 'store' | 'clock' | 'log'>, request: SignInRequest, policy: OneTimePasswordPolicy = defaultOneTimePasswordPolicy): Promise<SignedIn> {
  const { db } = deps.store;
  const now = deps.clock.now();
  const fail = async (reason: string, message: string, userId: number | null) => {
    await appendAuditEvent(db, { actorUserId: userId, actorKind: 'user', action: 'session.sign_in_failed', entityType: 'user', entityId: userId === null ? null : String(userId), patientId: null, remoteAddress: request.remoteAddress, details: { reason } });
    deps.log.info({ userId, reason }, 'sign-in failed');
    return new AppError('unauthenticated', message);
  };

  const check = await checkPassword(deps, request.email, request.password);
  if (!check.ok) throw await fail(check.reason, failedCheckMessage(check), check.user?.id ?? null);
  const { user } = check;
  // The demo accounts' passwords are published; once real data has arrived they open nothing.
  if (isPublishedDemoPassword(user.email, request.password) && !(await readDemoMode(db))) {
    throw await fail('demo_password_retired', `The demo clinic's published passwords stopped working when real data arrived. An administrator resets this account (\`recare users reset-password --email ${user.email}\`) to give it a password of its own.`, user.id);
  }

  const oneTime = oneTimePasswordVerdict({ expiresAt: user.oneTimePasswordExpiresAt, usedAt: user.oneTimePasswordUsedAt }, now);
  if (oneTime === 'expired') {
    const expired = (user.oneTimePasswordExpiresAt as Date).toISOString();
    throw await fail('one_time_password_expired', `This one-time password expired on ${expired.slice(0, 10)} at ${expired.slice(11, 16)} UTC (one-time passwords last ${policy.validHours} hours). Ask an administrator for a new one.`, user.id);
  }
  if (oneTime === 'used') throw await fail('one_time_password_used', usedMessage, user.id);

  let secondFactor: 'totp' | 'recovery_code' | null = null;
  if (user.totpEnabled) {
    const result = await checkSecondFactor(deps, user, request.totpCode, now);
    if (result !== 'totp' && result !== 'recovery_code') throw await fail(`second_factor_${result}`, secondFactorMessages[result], user.id);
    secondFactor = result;
  }
  // Checked again in the one statement that marks it used: two parallel sign-ins cannot both use it.
  if (oneTime === 'usable' && !(await useOneTimePassword(db, user.id, now))) throw await fail('one_time_password_used', usedMessage, user.id);

  await forgetFailures(deps, check.emailKey);
  const token = newToken();
  const csrfToken = newToken();
  await insertSession(db, { id: sha256(token), userId: user.id, csrfToken, createdAt: now, lastSeenAt: now, revokedAt: null, remoteAddress: request.remoteAddress, userAgent: request.userAgent?.slice(0, 200) ?? null });
  await appendAuditEvent(db, { actorUserId: user.id, actorKind: 'user', action: 'session.sign_in', entityType: 'user', entityId: String(user.id), patientId: null, remoteAddress: request.remoteAddress, details: { oneTimePassword: oneTime === 'usable', ...(secondFactor ? { secondFactor } : {}) } });
  return { token, csrfToken, user: publicUser({ ...user, ...(oneTime === 'usable' ? { oneTimePasswordUsedAt: now } : {}) }) };
}

const usedMessage = 'This one-time password was already used to sign in. Choose your own password in that session, or ask an administrator for a new one-time password.';

/**
 * The signed-in user behind a session cookie. A session is a random cookie token (only its SHA-256 is
 * stored) plus a CSRF token the app sends back on every state-changing request.
 */
import { defaultSessionPolicy, sessionVerdict, type SessionPolicy } from '../domain/access/index.js';
import { sha256 } from '../auth/tokens.js';
import { findSession, revokeSession, touchSession } from '../db/queries/sessions.js';
import { findUserById, type UserAccount } from '../db/queries/users.js';
import type { Deps } from './deps.js';

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

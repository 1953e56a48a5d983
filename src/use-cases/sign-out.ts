/** Ends this session. */
import { appendAuditEvent } from '../db/queries/audit-events.js';
import { revokeSession } from '../db/queries/sessions.js';
import type { Deps } from './deps.js';
import type { ActiveSession } from './resolve-session.js';

export async function signOut(deps: Pick<Deps, 'store' | 'clock'>, session: ActiveSession, remoteAddress: string | null): Promise<void> {
  await revokeSession(deps.store.db, session.sessionId, deps.clock.now());
  await appendAuditEvent(deps.store.db, { actorUserId: session.user.id, actorKind: 'user', action: 'session.sign_out', entityType: 'user', entityId: String(session.user.id), patientId: null, remoteAddress, details: {} });
}

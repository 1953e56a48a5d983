/** Ends every session of the signed-in user, this one included; answers how many ended. */
import { appendAuditEvent } from '../db/queries/audit-events.js';
import { revokeAllSessions } from '../db/queries/sessions.js';
import type { Deps } from './deps.js';
import type { ActiveSession } from './resolve-session.js';

export async function signOutEverywhere(deps: Pick<Deps, 'store' | 'clock'>, session: ActiveSession, remoteAddress: string | null): Promise<number> {
  const revoked = await revokeAllSessions(deps.store.db, session.user.id, deps.clock.now());
  await appendAuditEvent(deps.store.db, { actorUserId: session.user.id, actorKind: 'user', action: 'session.sign_out_everywhere', entityType: 'user', entityId: String(session.user.id), patientId: null, remoteAddress, details: { revoked } });
  return revoked;
}

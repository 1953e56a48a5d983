/**
 * An administrator ends demo mode (`recare demo --end`, or PUT /api/demo-mode): the demo sign-ins stop
 * being offered and the app stops calling itself a demo. An import of real data ends it too
 * (use-cases/imports/import-session.ts). The demo accounts' passwords are published, so from then on
 * those passwords no longer sign in (sign-in.ts); an administrator gives each account a password of its own.
 */
import { endDemoMode as endStoredDemoMode } from '../db/queries/demo-mode.js';
import type { Deps } from './deps.js';

export interface EndDemoModeRequest {
  actor: { userId: number | null; kind: 'user' | 'cli' };
  remoteAddress: string | null;
}

export async function endDemoMode(deps: Pick<Deps, 'store' | 'clock'>, request: EndDemoModeRequest): Promise<{ demo: false; ended: boolean }> {
  const ended = await endStoredDemoMode(deps.store.db, deps.clock.now(), { actorUserId: request.actor.userId, actorKind: request.actor.kind, remoteAddress: request.remoteAddress, details: { reason: 'command' } });
  return { demo: false, ended };
}

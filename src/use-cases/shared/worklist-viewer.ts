/**
 * Who is looking at a worklist and where: the signed-in user (HTTP), a user named on the command line
 * (`--user EMAIL`), or nobody in particular (the "anyone" view: every office, no personal callbacks).
 * Resolves an office given by its external id ("TPA") or number inside the viewer's scope.
 */
import { queues, type Queue } from '../../domain/cases/index.js';
import { can, type LocationScope, type Role } from '../../domain/access/index.js';
import { AppError } from '../../domain/errors.js';
import { findUserByEmail, findUserById } from '../../db/queries/users.js';
import type { Deps } from '../deps.js';

export interface WorklistViewer {
  userId: number | null;
  scope: LocationScope;
  /** Queues whose cases this viewer may see (the clinical queue needs queue.clinical). */
  visibleQueues: readonly Queue[];
}

export const anyoneViewer: WorklistViewer = { userId: null, scope: { allLocations: true, locationIds: [] }, visibleQueues: queues };

export interface ResolvedView {
  viewer: WorklistViewer;
  /** null: every office in scope is all offices. */
  locationIds: number[] | null;
  location: { id: number; externalId: string } | null;
}

export async function resolveWorklistView(deps: Pick<Deps, 'store'>, input: { viewer?: WorklistViewer; user?: string | null; location?: string | null }): Promise<ResolvedView> {
  const { db } = deps.store;
  let viewer = input.viewer ?? anyoneViewer;
  if (!input.viewer && input.user) {
    const reference = input.user.trim();
    const user = /^\d+$/.test(reference) ? await findUserById(db, Number(reference)) : await findUserByEmail(db, reference);
    if (!user || user.disabledAt) throw new AppError('not_found', `No active user ${JSON.stringify(reference)}; give the user's email (as in \`recare users\`) or numeric id.`);
    viewer = { userId: user.id, scope: user.scope, visibleQueues: visibleQueuesFor(user.role) };
  }
  const locations = await db.selectFrom('locations').select(['id', 'external_id']).orderBy('id').execute();
  const visible = locations.filter((l) => viewer.scope.allLocations || viewer.scope.locationIds.includes(l.id));
  if (input.location) {
    const wanted = input.location.trim();
    const match = visible.find((l) => l.external_id === wanted || String(l.id) === wanted);
    if (!match) {
      throw new AppError('not_found', `No office ${JSON.stringify(wanted)} is visible here; offices: ${visible.map((l) => l.external_id).join(', ') || '(none)'}.`, [{ path: 'location', value: wanted, message: 'is not an office in scope' }]);
    }
    return { viewer, locationIds: [match.id], location: { id: match.id, externalId: match.external_id } };
  }
  return { viewer, locationIds: viewer.scope.allLocations ? null : visible.map((l) => l.id), location: null };
}

/** The clinical queue is for roles with queue.clinical; the other queues for every worklist reader. */
export function visibleQueuesFor(role: Role): Queue[] {
  return queues.filter((q) => q !== 'clinical' || can(role, 'queue.clinical'));
}

/**
 * What the web app's header needs: the offices the signed-in user works at (id, name, time zone,
 * phone) and the escalation queues they may open. Read-only; no patient data.
 */
import type { LocationScope, Role } from '../domain/access/index.js';
import type { Queue } from '../domain/cases/index.js';
import { readPause } from '../db/queries/outbox.js';
import type { Deps } from './deps.js';
import { visibleQueuesFor } from './shared/worklist-viewer.js';

export interface Office {
  /** The practice system's id (what URLs and filters use). */
  id: string;
  numericId: number;
  name: string;
  timeZone: string;
  phone: string | null;
}

export interface Workspace {
  locations: Office[];
  queues: Queue[];
  /** A manager paused all automated messages: every page says so while it lasts. */
  messagingPaused: boolean;
}

export async function readWorkspace(deps: Pick<Deps, 'store'>, viewer: { role: Role; scope: LocationScope }): Promise<Workspace> {
  const rows = await deps.store.db.selectFrom('locations').select(['id', 'external_id', 'name', 'time_zone', 'phone']).orderBy('id').execute();
  const locations = rows
    .filter((l) => viewer.scope.allLocations || viewer.scope.locationIds.includes(l.id))
    .map((l) => ({ id: l.external_id, numericId: l.id, name: l.name, timeZone: l.time_zone, phone: l.phone }));
  return { locations, queues: visibleQueuesFor(viewer.role), messagingPaused: (await readPause(deps.store.db)).paused };
}

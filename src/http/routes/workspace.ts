/**
 * GET /api/workspace: what the web app's header needs: the offices the signed-in user works at (id,
 * name, time zone, phone) and the escalation queues they may open. Read-only; no patient data.
 */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../use-cases/deps.js';
import { visibleQueuesFor } from '../../use-cases/shared/worklist-viewer.js';
import { sessionOf } from '../route-access.js';

export async function registerWorkspaceRoutes(server: FastifyInstance, deps: Deps): Promise<void> {
  server.get('/api/workspace', { config: { access: { permission: 'worklist.read' } } }, async (request) => {
    const { user } = sessionOf(request);
    const rows = await deps.store.db.selectFrom('locations').select(['id', 'external_id', 'name', 'time_zone', 'phone']).orderBy('id').execute();
    const locations = rows
      .filter((l) => user.scope.allLocations || user.scope.locationIds.includes(l.id))
      .map((l) => ({ id: l.external_id, numericId: l.id, name: l.name, timeZone: l.time_zone, phone: l.phone }));
    return { locations, queues: visibleQueuesFor(user.role) };
  });
}

/**
 * Practice-system connections (issue 19), administrators only (integrations.manage):
 *   GET /api/connectors               each connection: mode, address, settings, when keys were entered (never the keys)
 *   PUT /api/connectors/open-dental   { mode, url?, developerKey?, customerKey?, syncEveryMinutes?, writeBack? };
 *                                     the keys may be left out to keep the stored ones (they are write-only)
 *   POST /api/connectors/open-dental/test   reads a row of each list the sync reads and checks comm-log writes (nothing
 *                                     created): which work, and why the others do not (200 either way: failures are answers)
 */
import type { FastifyInstance } from 'fastify';
import { connectOpenDental } from '../../use-cases/practice-system/connect-open-dental.js';
import { readConnectors } from '../../use-cases/practice-system/read-connectors.js';
import type { OpenDentalProbeFactory } from '../../use-cases/practice-system/open-dental-probe.js';
import { testOpenDentalConnection } from '../../use-cases/practice-system/test-open-dental.js';
import type { SecretSealer } from '../../use-cases/practice-system/secret-sealer.js';
import type { Deps } from '../../use-cases/deps.js';
import { sessionOf } from '../route-access.js';

export async function registerConnectorRoutes(server: FastifyInstance, deps: Deps & { secrets?: SecretSealer | null; openDental?: OpenDentalProbeFactory }): Promise<void> {
  const access = { config: { access: { permission: 'integrations.manage' as const } } };
  server.get('/api/connectors', access, async () => ({ connectors: await readConnectors(deps) }));
  server.put('/api/connectors/open-dental', access, async (request) => {
    const user = sessionOf(request).user;
    return connectOpenDental({ ...deps, secrets: deps.secrets ?? null }, { change: request.body ?? {}, actor: { userId: user.id, kind: 'user' }, remoteAddress: request.ip });
  });
  server.post('/api/connectors/open-dental/test', access, async () =>
    testOpenDentalConnection({ ...deps, secrets: deps.secrets ?? null, openDental: deps.openDental ?? null }));
}

import type { FastifyInstance } from 'fastify';
import { readHealth } from '../../use-cases/read-health.js';
import type { Deps } from '../../use-cases/deps.js';

/** GET /api/health: public by design (no patient data): status, backend, schema version, counts. */
export async function registerHealthRoutes(server: FastifyInstance, deps: Deps): Promise<void> {
  server.get('/api/health', { config: { access: { public: true, reason: 'liveness and counts, no patient data' } } }, async () => readHealth(deps));
}

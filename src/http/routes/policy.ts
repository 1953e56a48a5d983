/** The practice's contact policy (managers): read it, and change it within the law. */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../use-cases/deps.js';
import { readPolicy, updatePolicy } from '../../use-cases/manage-policy.js';
import { sessionOf } from '../route-access.js';

export async function registerPolicyRoutes(server: FastifyInstance, deps: Deps): Promise<void> {
  server.get('/api/policy', { config: { access: { permission: 'policy.manage' } } }, async () => readPolicy(deps));

  server.put('/api/policy', { config: { access: { permission: 'policy.manage', audit: { action: 'policy.update', entityType: 'organization' } } } }, async (request) =>
    updatePolicy(deps, { changes: request.body ?? null, actorUserId: sessionOf(request).user.id }));
}

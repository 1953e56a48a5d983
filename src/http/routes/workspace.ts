/**
 * GET /api/workspace: what the web app's header needs: the offices the signed-in user works at (id,
 * name, time zone, phone) and the escalation queues they may open. Read-only; no patient data.
 */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../use-cases/deps.js';
import { readWorkspace } from '../../use-cases/read-workspace.js';
import { sessionOf } from '../route-access.js';

export async function registerWorkspaceRoutes(server: FastifyInstance, deps: Deps): Promise<void> {
  server.get('/api/workspace', { config: { access: { permission: 'worklist.read' } } }, async (request) => {
    const { user } = sessionOf(request);
    return readWorkspace(deps, user);
  });
}

/**
 * GET /api/scripts: the call scripts (per program script key, English and Spanish), the call
 * decision tree, and the voicemail scripts (stored message templates, per program). Read-only.
 */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../use-cases/deps.js';
import { readCallScripts } from '../../use-cases/read-call-scripts.js';

export async function registerScriptRoutes(server: FastifyInstance, deps: Deps): Promise<void> {
  server.get('/api/scripts', { config: { access: { permission: 'worklist.read' } } }, async () => readCallScripts(deps));
}

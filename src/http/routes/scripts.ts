/** GET /api/scripts: the call scripts (per program script key, English and Spanish), the voicemail script and the call decision tree. Read-only data. */
import type { FastifyInstance } from 'fastify';
import scripts from '../../domain/messages/scripts/call-scripts.json' with { type: 'json' };
import type { Deps } from '../../use-cases/deps.js';

export async function registerScriptRoutes(server: FastifyInstance, _deps: Deps): Promise<void> {
  const { $comment: _comment, ...content } = scripts;
  server.get('/api/scripts', { config: { access: { permission: 'worklist.read' } } }, async () => content);
}

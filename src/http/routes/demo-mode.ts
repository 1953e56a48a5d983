/** Whether this is the demo clinic (the app's header says so), and an administrator ending demo mode. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../use-cases/deps.js';
import { endDemoMode } from '../../use-cases/end-demo-mode.js';
import { readDemoMode } from '../../use-cases/read-demo-mode.js';
import { parseBody } from '../parse-input.js';
import { sessionOf } from '../route-access.js';

// Demo mode can only end: loading the demo clinic again (`recare demo --reset`) is what starts it.
const change = z.object({ demo: z.literal(false, { error: 'must be false: demo mode can only be ended (`recare demo --reset` loads the demo clinic again)' }) });

export async function registerDemoModeRoutes(server: FastifyInstance, deps: Deps): Promise<void> {
  server.get('/api/demo-mode', { config: { access: { permission: 'worklist.read' } } }, async () => readDemoMode(deps));

  server.put('/api/demo-mode', { config: { access: { permission: 'users.manage' } } }, async (request) => {
    parseBody(change, request.body);
    return endDemoMode(deps, { actor: { userId: sessionOf(request).user.id, kind: 'user' }, remoteAddress: request.ip });
  });
}

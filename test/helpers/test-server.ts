/**
 * The HTTP server as the tests of non-messaging routes build it: their store, clock and log, with the
 * message providers the app uses when none is configured (the sandbox), built by app.ts as in production.
 */
import type { FastifyInstance } from 'fastify';
import { sandboxMessaging } from '../../src/app.js';
import { buildServer, type ServerDeps, type ServerOptions } from '../../src/http/build-server.js';
import type { Deps } from '../../src/use-cases/deps.js';

export function buildTestServer(deps: Deps & Partial<ServerDeps>, options?: ServerOptions): Promise<FastifyInstance> {
  return buildServer({ ...sandboxMessaging(deps.store), ...deps }, options);
}

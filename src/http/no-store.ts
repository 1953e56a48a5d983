/**
 * Every /api answer may carry patient data or a session's CSRF token, so no browser cache, shared
 * proxy or "back" button may keep a copy: `Cache-Control: no-store` on each one — successes, errors,
 * 401s and unknown /api paths alike (onSend runs for all of them).
 */
import type { FastifyInstance } from 'fastify';

export function installNoStore(server: FastifyInstance): void {
  server.addHook('onSend', async (request, reply, payload) => {
    const path = request.url.split('?')[0] ?? '';
    if (path === '/api' || path.startsWith('/api/')) reply.header('cache-control', 'no-store');
    return payload;
  });
}

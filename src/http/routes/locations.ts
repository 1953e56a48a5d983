/**
 * Locations (issue 14): managers look (locations.read), administrators change (locations.manage).
 *   GET   /api/locations       the offices in the caller's scope, each with address, phone, time zone,
 *                              hours per weekday (extended hours, closures), caller ID and sender identity
 *   PATCH /api/locations/:id   any of those fields; validated, audited (location.update with the field
 *                              names); an hours change moves planned work that now falls outside the hours
 * An office outside the caller's scope answers 404 like one that does not exist.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../domain/errors.js';
import type { Deps } from '../../use-cases/deps.js';
import { readLocations } from '../../use-cases/read-locations.js';
import { updateLocation } from '../../use-cases/update-location.js';
import { sessionOf } from '../route-access.js';

function locationIdOf(raw: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) {
    throw new AppError('invalid_input', `Location id ${JSON.stringify(raw)} is not a number; use the id GET /api/locations lists, e.g. /api/locations/1.`, [{ path: 'id', value: raw, message: 'a positive whole number' }]);
  }
  return id;
}

export async function registerLocationRoutes(server: FastifyInstance, deps: Deps): Promise<void> {
  server.get('/api/locations', { config: { access: { permission: 'locations.read' } } }, async (request) => ({ locations: await readLocations(deps, sessionOf(request).user.scope) }));

  server.patch<{ Params: { id: string } }>('/api/locations/:id', { config: { access: { permission: 'locations.manage' } } }, async (request) => {
    const id = locationIdOf(request.params.id);
    const user = sessionOf(request).user;
    return updateLocation(deps, { location: { id }, change: request.body ?? {}, scope: user.scope, actor: { userId: user.id, kind: 'user' }, remoteAddress: request.ip });
  });
}

/**
 * The one place access is checked. Every /api route declares `config.access` (route-access.ts):
 * public routes pass; every other route needs a live session (cookie), the route's permission for
 * the user's role, and — for state-changing methods — the session's CSRF token in `x-csrf-token`
 * and a same-origin `Origin` when the browser sends one. A user still on a one-time password reaches
 * only the routes that let them choose their own (403 password_change_required elsewhere). Failures
 * are 401 or 403 and say nothing about whether a record exists. Successful requests with an `audit` entry are appended to the
 * audit log; refused ones are recorded too.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can } from '../domain/access/index.js';
import { AppError } from '../domain/errors.js';
import { recordAudit } from '../use-cases/audit-log.js';
import type { Deps } from '../use-cases/deps.js';
import { resolveSession } from '../use-cases/resolve-session.js';
import type { RouteAccess } from './route-access.js';
import { isSameOrigin } from './same-origin.js';

export const sessionCookie = 'recare_session';
const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface GuardedRoute {
  method: string;
  url: string;
  access: RouteAccess;
}

export function installAuthGuard(server: FastifyInstance, deps: Deps): void {
  const table: GuardedRoute[] = [];
  // The access table lets tests walk every route × role without a hand-kept list.
  server.decorate('accessTable', table);
  server.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const access = (route.config as { access?: RouteAccess } | undefined)?.access;
    if (!access) throw new Error(`route ${route.method} ${route.url} declares no config.access; every API route must say who may call it`);
    for (const method of [route.method].flat()) if (method !== 'HEAD') table.push({ method, url: route.url, access });
  });

  server.addHook('preHandler', async (request) => {
    const access = request.routeOptions.config.access;
    if (!access || 'public' in access) return;
    const token = request.cookies[sessionCookie];
    const session = token ? await resolveSession(deps, token) : undefined;
    if (!session) throw new AppError('unauthenticated', 'Sign in first: this request needs a signed-in user (the session is missing or has expired).');
    request.session = session;
    if (unsafeMethods.has(request.method)) checkCsrf(request, session.csrfToken);
    if (session.user.mustChangePassword && !access.whilePasswordChangeRequired) {
      throw new AppError('password_change_required', 'Choose your own password first: you signed in with a one-time password. Send the one-time password and a new one to POST /api/password (the app asks for them).');
    }
    if (!can(session.user.role, access.permission)) {
      await recordAudit(deps, { actorUserId: session.user.id, actorKind: 'user', action: 'access.denied', entityType: 'route', entityId: `${request.method} ${request.routeOptions.url}`, patientId: null, remoteAddress: request.ip, details: { permission: access.permission } });
      throw new AppError('forbidden', `Your role (${session.user.role}) does not allow this (${access.permission}).`);
    }
  });

  // Before the answer leaves (onSend, not onResponse): a client that has the answer can rely on its audit entry existing.
  server.addHook('onSend', async (request, reply, payload) => {
    const access = request.routeOptions.config?.access;
    if (!access || 'public' in access || !access.audit || !request.session || reply.statusCode >= 400) return payload;
    const params = request.params as Record<string, string>;
    const patientRef = access.audit.patientParam ? params[access.audit.patientParam] : undefined;
    await recordAudit(deps, {
      actorUserId: request.session.user.id,
      actorKind: 'user',
      action: access.audit.action,
      entityType: access.audit.entityType ?? 'patient',
      entityId: patientRef ?? Object.values(params)[0] ?? null,
      patientId: request.auditPatientId ?? null,
      remoteAddress: request.ip,
      details: { method: request.method, route: request.routeOptions.url, status: reply.statusCode },
    });
    return payload;
  });
}

function checkCsrf(request: FastifyRequest, expected: string): void {
  const given = request.headers['x-csrf-token'];
  if (given !== expected) throw new AppError('forbidden', 'The request is missing its CSRF token (header x-csrf-token from GET /api/session); reload the page and try again.');
  const origin = request.headers.origin;
  if (origin !== undefined && !isSameOrigin(request, origin)) throw new AppError('forbidden', `Requests from ${origin} are not accepted; use Recare from its own address.`);
}

declare module 'fastify' {
  interface FastifyInstance {
    accessTable: GuardedRoute[];
  }
  interface FastifyRequest {
    /** Set by routes that resolve a patient, so the audit entry carries the internal patient id. */
    auditPatientId?: number;
  }
}

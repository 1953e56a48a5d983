/**
 * Every API route declares who may call it, in its route options:
 *
 *   server.get('/api/x', { config: { access: { permission: 'worklist.read' } } }, handler)
 *   server.get('/api/health', { config: { access: { public: true } } }, handler)
 *
 * The guard (auth-guard.ts) checks it in one place before any handler runs, and refuses to start
 * the server if an /api route declares nothing. `audit` names the action recorded in the audit log
 * when the request succeeds; `patientParam` names the route parameter that identifies the patient.
 * While a user signs in with a one-time password, only routes marked `whilePasswordChangeRequired`
 * answer (the password change, the session read, sign-out); every other route answers 403.
 */
import type { Permission } from '../domain/access/index.js';
import type { ActiveSession } from '../use-cases/resolve-session.js';

export type RouteAccess =
  | { public: true; reason: string }
  | { permission: Permission; audit?: { action: string; entityType?: string; patientParam?: string }; whilePasswordChangeRequired?: true };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** The signed-in user's session; set by the guard on every non-public route. */
    session?: ActiveSession;
  }
}

/** The session on a guarded route (the guard guarantees it). */
export function sessionOf(request: { session?: ActiveSession }): ActiveSession {
  if (!request.session) throw new Error('route reached without a session: declare config.access on it');
  return request.session;
}

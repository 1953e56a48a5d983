/**
 * The worklist for the signed-in user, scoped to their offices; searching it; a queue's list;
 * answering an escalation. The clinical queue is open to roles with queue.clinical only.
 * A search (names, phone numbers) travels in a POST body, never in a URL, where proxies and server
 * logs would keep it.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { can } from '../../domain/access/index.js';
import { queues } from '../../domain/cases/index.js';
import { AppError } from '../../domain/errors.js';
import { buildWorklist, segments } from '../../use-cases/build-worklist.js';
import type { Deps } from '../../use-cases/deps.js';
import { resolveEscalation } from '../../use-cases/resolve-escalation.js';
import { visibleQueuesFor, type WorklistViewer } from '../../use-cases/shared/worklist-viewer.js';
import { parseBody } from '../parse-input.js';
import { sessionOf } from '../route-access.js';

const instant = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 instant with an offset, e.g. 2026-11-24T10:00:00-05:00' });
const listQuery = z.object({
  location: z.string().max(64).optional(),
  queue: z.enum(queues).optional(),
  segment: z.enum(segments).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  at: instant.optional(),
  /** A read-only look ahead ("Show tomorrow's list"): after now, at most 14 days ahead. */
  preview: instant.optional(),
});
const searchBody = listQuery.extend({ q: z.string({ error: 'is required: a name, patient id or phone number' }).max(200) });
const resolveBody = z.object({ resolution: z.string().min(1).max(500), closeCase: z.boolean().default(false) });

function viewerOf(request: Parameters<typeof sessionOf>[0]): WorklistViewer {
  const { user } = sessionOf(request);
  return { userId: user.id, scope: user.scope, visibleQueues: visibleQueuesFor(user.role) };
}

export async function registerWorklistRoutes(server: FastifyInstance, deps: Deps): Promise<void> {
  server.get('/api/worklist', { config: { access: { permission: 'worklist.read' } } }, async (request) => {
    if ((request.query as Record<string, unknown>).q !== undefined) {
      throw new AppError('invalid_input', 'Search with POST /api/worklist/search and the search in the JSON body ({ "q": "…" }): a URL is kept in proxy and server logs, and a search holds names and phone numbers.', [{ path: 'q', message: 'not allowed in the URL; send it in the body of POST /api/worklist/search' }]);
    }
    const q = parseBody(listQuery, request.query, 'Query');
    return buildWorklist(deps, {
      viewer: viewerOf(request), location: q.location ?? null, queue: q.queue ?? null, segment: q.segment ?? null, limit: q.limit,
      ...(q.at ? { at: new Date(q.at) } : {}), ...(q.preview ? { preview: new Date(q.preview) } : {}),
    });
  });

  server.post('/api/worklist/search', { config: { access: { permission: 'worklist.read' } } }, async (request) => {
    const b = parseBody(searchBody, request.body);
    return buildWorklist(deps, {
      viewer: viewerOf(request), location: b.location ?? null, queue: b.queue ?? null, segment: b.segment ?? null, limit: b.limit, q: b.q,
      ...(b.at ? { at: new Date(b.at) } : {}), ...(b.preview ? { preview: new Date(b.preview) } : {}),
    });
  });

  server.get<{ Params: { queue: string } }>('/api/queues/:queue', { config: { access: { permission: 'worklist.read' } } }, async (request) => {
    const queue = queues.find((q) => q === request.params.queue);
    if (!queue) throw new AppError('not_found', `No queue ${JSON.stringify(request.params.queue)}; queues: ${queues.join(', ')}.`);
    if (queue === 'clinical' && !can(sessionOf(request).user.role, 'queue.clinical')) {
      throw new AppError('forbidden', `Your role (${sessionOf(request).user.role}) does not allow this (queue.clinical).`);
    }
    const q = parseBody(listQuery.omit({ queue: true, segment: true }), request.query, 'Query');
    return buildWorklist(deps, { viewer: viewerOf(request), location: q.location ?? null, queue, limit: q.limit, ...(q.at ? { at: new Date(q.at) } : {}) });
  });

  server.post<{ Params: { id: string } }>(
    '/api/escalations/:id/resolve',
    { config: { access: { permission: 'outcomes.record', audit: { action: 'escalation.resolve', entityType: 'escalation' } } } },
    async (request) => {
      const id = Number(request.params.id);
      if (!Number.isSafeInteger(id) || id < 1) throw new AppError('invalid_input', `Escalation id ${JSON.stringify(request.params.id)} is not a number; use e.g. /api/escalations/12/resolve.`);
      const body = parseBody(resolveBody, request.body);
      const viewer = viewerOf(request);
      return resolveEscalation(deps, { escalationId: id, resolution: body.resolution, closeCase: body.closeCase, actorUserId: viewer.userId, scope: viewer.scope, allowedQueues: viewer.visibleQueues });
    },
  );
}

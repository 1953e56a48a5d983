/**
 * The Fastify server: routes parse, call a use case and respond. Errors leave in one JSON shape with
 * a code from the catalog; unexpected ones are logged by request id and never show a stack trace.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { AppError, isAppError } from '../domain/errors.js';
import type { Deps } from '../use-cases/deps.js';
import { statusByCode, type ErrorBody } from './error-status.js';
import { registerContactCheckRoutes } from './routes/contact-check.js';
import { registerHealthRoutes } from './routes/health.js';

export interface ServerOptions {
  bodyLimitBytes?: number;
}

export async function buildServer(deps: Deps, options: ServerOptions = {}): Promise<FastifyInstance> {
  const server = Fastify({ logger: false, bodyLimit: options.bodyLimitBytes ?? 1_048_576, genReqId: () => crypto.randomUUID() });

  server.addHook('onResponse', async (request, reply) => {
    // Route pattern, not URL: a URL can carry search terms typed by staff (names, phone numbers).
    deps.log.info({ requestId: request.id, method: request.method, route: request.routeOptions.url ?? 'unmatched', status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });

  server.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const body = toErrorBody(error, request.id);
    if (body.status >= 500) deps.log.error({ requestId: request.id, err: { name: error.name, code: (error as FastifyError).code, stack: error.stack } }, 'request failed');
    return reply.status(body.status).send(body.body);
  });

  server.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = { error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}. The API lives under /api; try GET /api/health.`, requestId: request.id } };
    return reply.status(404).send(body);
  });

  await registerHealthRoutes(server, deps);
  await registerContactCheckRoutes(server, deps);

  const webRoot = fileURLToPath(new URL('../web/public/', import.meta.url));
  if (existsSync(webRoot)) await server.register(fastifyStatic, { root: webRoot, prefix: '/' });
  return server;
}

function toErrorBody(error: FastifyError | AppError, requestId: string): { status: number; body: ErrorBody } {
  if (isAppError(error)) {
    return { status: statusByCode[error.code], body: { error: { code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}), requestId } } };
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { status: 413, body: { error: { code: 'payload_too_large', message: 'The request body is larger than the 1 MB allowed.', requestId } } };
  }
  if (fastifyError.validation || (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500)) {
    return { status: fastifyError.statusCode ?? 400, body: { error: { code: 'invalid_input', message: fastifyError.message, requestId } } };
  }
  return { status: 500, body: { error: { code: 'internal', message: `Something went wrong inside Recare. Quote request id ${requestId} when reporting it.`, requestId } } };
}

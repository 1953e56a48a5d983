/**
 * The Fastify server: routes parse, call a use case and respond. Errors leave in one JSON shape with
 * a code from the catalog; unexpected ones are logged by request id and never show a stack trace.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { AppError, isAppError } from '../domain/errors.js';
import { statusByCode, type ErrorBody } from './error-status.js';
import { installAuthGuard } from './auth-guard.js';
import { installJsonBodyParser } from './json-body.js';
import { installNoStore } from './no-store.js';
import { registerAttemptRoutes } from './routes/attempts.js';
import { registerAuditRoutes } from './routes/audit.js';
import { registerCaseRoutes } from './routes/cases.js';
import { registerContactCheckRoutes } from './routes/contact-check.js';
import { registerDemoModeRoutes } from './routes/demo-mode.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerImportRoutes } from './routes/imports.js';
import { registerPasswordRoutes } from './routes/password.js';
import { registerPatientCardRoutes } from './routes/patient-card.js';
import { registerPolicyRoutes } from './routes/policy.js';
import { registerProgramRoutes } from './routes/programs.js';
import { registerReportRoutes } from './routes/reports.js';
import { registerWeeklyReportRoutes } from './routes/weekly-reports.js';
import { registerReviewRoutes } from './routes/review.js';
import { registerScriptRoutes } from './routes/scripts.js';
import { registerSessionRoutes } from './routes/session.js';
import { registerTemplateRoutes } from './routes/templates.js';
import { registerTwoFactorRoutes } from './routes/two-factor.js';
import { registerUserRoutes } from './routes/users.js';
import { registerLocationRoutes } from './routes/locations.js';
import { registerConnectorRoutes } from './routes/connectors.js';
import type { SecretSealer } from '../use-cases/practice-system/secret-sealer.js';
import type { OpenDentalProbeFactory } from '../use-cases/practice-system/open-dental-probe.js';
import { registerWorklistRoutes } from './routes/worklist.js';
import { registerWorkspaceRoutes } from './routes/workspace.js';
import { registerMessagingRoutes } from './routes/messaging.js';
import { registerWebhookRoutes } from './routes/webhooks.js';
import { registerPatientLinkRoutes, type PatientLinkLimits } from './routes/patient-links.js';
import type { MessagingDeps } from '../use-cases/messaging/messaging-deps.js';
import { defaultVoiceSettings, type VoiceDeps } from '../use-cases/voice/voice-deps.js';
import { registerVoiceRoutes } from './routes/voice.js';
import type { MessagingConfig } from '../config.js';
import type { WeeklyReportPrinter } from '../use-cases/reports/weekly-report-ports.js';

export interface ServerOptions {
  bodyLimitBytes?: number;
  /** Behind a TLS-terminating reverse proxy: whose X-Forwarded-* to trust (TRUST_PROXY), so cookies are marked Secure and limits see the client. */
  trustProxy?: boolean | number | string[];
  /** Sign-in attempts allowed per client address per minute (default 20). */
  signInAttemptsPerMinute?: number;
  /** Rate limits of the patient page (/b/{token}). */
  patientLinks?: PatientLinkLimits;
}

/** What the server is built from: the app (store, clock, log, message providers, printer and settings), built by app.ts. */
export type ServerDeps = MessagingDeps & { config?: { messaging: MessagingConfig }; reportPrinter?: WeeklyReportPrinter; secrets?: SecretSealer | null; openDental?: OpenDentalProbeFactory; voice?: VoiceDeps['voice'] };

/** A number of hops becomes the function Fastify takes for it (trust the first n proxies in front). */
function trustProxyOption(trust: ServerOptions['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return trust ?? false;
}

export async function buildServer(deps: ServerDeps, options: ServerOptions = {}): Promise<FastifyInstance> {
  const server = Fastify({ logger: false, bodyLimit: options.bodyLimitBytes ?? 1_048_576, genReqId: () => crypto.randomUUID(), trustProxy: trustProxyOption(options.trustProxy) });

  installJsonBodyParser(server);
  await server.register(fastifyCookie);
  await server.register(fastifyHelmet, {
    contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'], connectSrc: ["'self'"], frameAncestors: ["'none'"], formAction: ["'self'"], objectSrc: ["'none'"], baseUri: ["'self'"] } },
    referrerPolicy: { policy: 'no-referrer' },
    // HSTS only means something behind TLS; a reverse proxy that terminates TLS should set it.
    hsts: false,
  });
  // Only routes that opt in (sign-in) are rate limited; the limit is per client address.
  await server.register(fastifyRateLimit, { global: false, errorResponseBuilder: (_request, context) => new AppError('rate_limited', `Too many attempts from this address; wait ${Math.ceil(context.ttl / 1000)} seconds and try again.`) });
  // PostgreSQL text cannot hold NUL; refuse it at the door rather than fail deep inside a query.
  server.addHook('preValidation', async (request) => {
    const where = findNul({ params: request.params, query: request.query, body: request.body });
    if (where) throw new AppError('invalid_input', `${where} contains a NUL character (\\u0000), which is not allowed in any field.`);
  });
  installAuthGuard(server, deps);
  installNoStore(server);

  server.addHook('onResponse', async (request, reply) => {
    // Route pattern, not URL: a URL can carry search terms typed by staff (names, phone numbers).
    deps.log.info({ requestId: request.id, method: request.method, route: request.routeOptions.url ?? 'unmatched', status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });

  server.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const body = toErrorBody(error, request);
    if (body.status >= 500) deps.log.error({ requestId: request.id, err: { name: error.name, code: (error as FastifyError).code, stack: error.stack } }, 'request failed');
    return reply.status(body.status).send(body.body);
  });

  server.setNotFoundHandler((request, reply) => {
    // The web app routes in the browser (/cases/12, /queues/clinical): any other page GET gets its index.html.
    const path = request.url.split('?')[0] ?? '';
    if ((request.method === 'GET' || request.method === 'HEAD') && !path.startsWith('/api/') && path !== '/api' && !/\.[a-z0-9]+$/i.test(path) && 'sendFile' in reply) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    const body: ErrorBody = { error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}. The API lives under /api; try GET /api/health.`, requestId: request.id } };
    return reply.status(404).send(body);
  });

  await registerHealthRoutes(server, deps);
  await registerSessionRoutes(server, deps, { attemptsPerMinute: options.signInAttemptsPerMinute ?? 20 });
  await registerContactCheckRoutes(server, deps);
  await registerWorklistRoutes(server, deps);
  await registerCaseRoutes(server, deps);
  await registerAttemptRoutes(server, deps);
  await registerProgramRoutes(server, deps);
  await registerPolicyRoutes(server, deps);
  await registerReviewRoutes(server, deps);
  await registerReportRoutes(server, deps);
  await registerWeeklyReportRoutes(server, deps);
  await registerImportRoutes(server, deps);
  await registerUserRoutes(server, deps);
  await registerLocationRoutes(server, deps);
  await registerConnectorRoutes(server, deps);
  await registerAuditRoutes(server, deps);
  await registerPatientCardRoutes(server, deps);
  await registerScriptRoutes(server, deps);
  await registerTemplateRoutes(server, deps);
  await registerWorkspaceRoutes(server, deps);
  await registerPasswordRoutes(server, deps, { attemptsPerMinute: options.signInAttemptsPerMinute ?? 20 });
  await registerTwoFactorRoutes(server, deps, { attemptsPerMinute: options.signInAttemptsPerMinute ?? 20 });
  await registerDemoModeRoutes(server, deps);
  const messagingConfig: MessagingConfig = deps.config?.messaging ?? { twilio: null, smtp: null, sendgridEventPublicKey: null, publicBaseUrl: null, dispatchEverySeconds: 0, smsPerMinute: 60, stopConfirmation: null, portalUrl: null };
  await registerMessagingRoutes(server, deps, messagingConfig);
  await registerWebhookRoutes(server, deps, messagingConfig.publicBaseUrl);
  await registerVoiceRoutes(server, { ...deps, voice: deps.voice ?? { provider: null, settings: { ...defaultVoiceSettings, publicBaseUrl: messagingConfig.publicBaseUrl } } });
  await registerPatientLinkRoutes(server, deps, options.patientLinks);

  const webRoot = findWebRoot();
  if (webRoot) await server.register(fastifyStatic, { root: webRoot, prefix: '/' });
  return server;
}

/**
 * The built web app (dist/web, from `vite build`), found beside the compiled server or under the
 * working directory; else the placeholder page in src/web/public.
 */
function findWebRoot(): string | undefined {
  const candidates = [
    fileURLToPath(new URL('../../web/', import.meta.url)),
    join(process.cwd(), 'dist', 'web'),
    fileURLToPath(new URL('../web/public/', import.meta.url)),
  ];
  return candidates.find((dir) => existsSync(join(dir, 'index.html')));
}

function findNul(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'a value' : undefined;
  if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const found = findNul(inner, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return undefined;
}

function formatBytes(bytes: number): string {
  const mb = bytes / 1_048_576;
  if (mb >= 1) return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  return `${Math.floor(bytes / 1024)} KB`;
}

function toErrorBody(error: FastifyError | AppError, request: FastifyRequest): { status: number; body: ErrorBody } {
  const requestId = request.id;
  if (isAppError(error)) {
    return { status: statusByCode[error.code], body: { error: { code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}), requestId } } };
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    // Each route has its own limit (an import takes 50 MB, everything else 1 MB): name the one that applied.
    const route = request.routeOptions.url ? ` for ${request.method} ${request.routeOptions.url}` : '';
    return { status: 413, body: { error: { code: 'payload_too_large', message: `The request body is larger than the ${formatBytes(request.routeOptions.bodyLimit)} allowed${route}.`, requestId } } };
  }
  if (fastifyError.validation || (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500)) {
    return { status: fastifyError.statusCode ?? 400, body: { error: { code: 'invalid_input', message: fastifyError.message, requestId } } };
  }
  // A PostgreSQL data exception (class 22: bad value, out of range) is the caller's input, not a crash.
  const sqlState = (error as { code?: unknown }).code;
  if (typeof sqlState === 'string' && /^22[0-9A-Z]{3}$/.test(sqlState)) {
    return { status: 400, body: { error: { code: 'invalid_input', message: 'A value in the request is not valid (out of range or malformed); check ids, dates and numbers.', requestId } } };
  }
  return { status: 500, body: { error: { code: 'internal', message: `Something went wrong inside Recare. Quote request id ${requestId} when reporting it.`, requestId } } };
}

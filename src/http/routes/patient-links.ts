/**
 * The patient's own page (/b/{token}) and the staff side of it (issue links, booking requests and
 * their confirmation). The page sits outside /api: no staff session; what opens it is the unguessable
 * token, then the patient's date of birth or a texted code. Every POST carries a CSRF field matching a
 * SameSite=Strict cookie (and a same-origin Origin when the browser sends one); every answer is
 * `Cache-Control: no-store` and `Referrer-Policy: no-referrer`; requests are limited per address and
 * per token. A link that cannot be used gets one page, whatever the reason.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { bestTimes, dayParts, weekdays, type BestTime, type DayPart, type Weekday } from '../../domain/booking/booking-choices.js';
import { AppError, isAppError } from '../../domain/errors.js';
import { preferredChannels, type PreferredChannel } from '../../domain/compliance/index.js';
import { confirmBookingRequest, readBookingRequests } from '../../use-cases/booking/booking-requests.js';
import { issueLink } from '../../use-cases/booking/issue-link.js';
import { looksLikeToken, newToken } from '../../use-cases/booking/link-token.js';
import { actOnLink, confirmIdentity, sendIdentityCode, viewLink, type LinkView, type PageLanguage, type PatientAction } from '../../use-cases/booking/patient-link.js';
import type { MessagingDeps } from '../../use-cases/messaging/messaging-deps.js';
import { renderClosedPage, renderMessagePage, renderPatientPage } from '../patient-page/render-patient-page.js';
import { parseBody } from '../parse-input.js';
import { sessionOf } from '../route-access.js';
import { isSameOrigin } from '../same-origin.js';

const csrfCookie = 'recare_link_csrf';
const sessionCookie = 'recare_link_session';
const formLimit = 8 * 1024;

export interface PatientLinkLimits {
  /** Requests to the page per client address per minute (default 60). */
  perAddressPerMinute?: number;
  /** Requests to one link per minute (default 30). */
  perTokenPerMinute?: number;
}

type Form = Record<string, string | string[]>;
const one = (form: Form, name: string): string | undefined => { const v = form[name]; return Array.isArray(v) ? v[0] : v; };
const all = (form: Form, name: string): string[] => { const v = form[name]; return v === undefined ? [] : Array.isArray(v) ? v : [v]; };
const languageOf = (value: string | undefined): PageLanguage | null => (value === 'es' || value === 'en' ? value : null);

function send(reply: FastifyReply, status: number, html: string) {
  return reply.status(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').header('referrer-policy', 'no-referrer')
    .header('x-robots-tag', 'noindex, nofollow').send(html);
}

const issueBody = z.object({
  patient: z.string().min(1).max(64),
  purpose: z.string().max(32).optional(),
  days: z.number().int().optional(),
}).strict();

/** A picked time needs nothing; a proposal or a call needs the time agreed with the patient. */
const confirmBody = z.object({
  startsAt: z.iso.datetime({ offset: true, error: 'must be an ISO date and time with its offset, like 2026-12-08T14:00:00Z' }).optional(),
}).strict();

function idOf(raw: string, what: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) throw new AppError('invalid_input', `${what} id ${JSON.stringify(raw)} is not a number.`);
  return id;
}

export async function registerPatientLinkRoutes(server: FastifyInstance, deps: MessagingDeps, limits: PatientLinkLimits = {}): Promise<void> {
  // Staff: a link to send or read out, the case's booking requests, and the one action that confirms a picked time.
  server.post('/api/links', { config: { access: { permission: 'outcomes.record', audit: { action: 'link.issue', entityType: 'booking_link' } } } }, async (request, reply) => {
    const { user } = sessionOf(request);
    const body = parseBody(issueBody, request.body);
    const base = deps.messaging.publicBaseUrl ?? `${request.protocol}://${request.host}`;
    return reply.status(201).send(await issueLink(deps, { ...body, actorUserId: user.id, scope: user.scope, baseUrl: base }));
  });
  server.get<{ Params: { id: string } }>('/api/cases/:id/booking-requests', { config: { access: { permission: 'patients.read' } } }, async (request) => {
    return readBookingRequests(deps, { caseId: idOf(request.params.id, 'Case'), scope: sessionOf(request).user.scope });
  });
  server.post<{ Params: { id: string } }>('/api/booking-requests/:id/confirm', { config: { access: { permission: 'outcomes.record', audit: { action: 'booking_request.confirm', entityType: 'booking_request' } } } }, async (request) => {
    const { user } = sessionOf(request);
    const body = parseBody(confirmBody, request.body ?? {});
    return confirmBookingRequest(deps, {
      requestId: idOf(request.params.id, 'Booking request'), userId: user.id, scope: user.scope, ...(body.startsAt !== undefined ? { startsAt: new Date(body.startsAt) } : {}),
    });
  });

  await server.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: formLimit }, (_request, body, done) => {
      const form: Form = {};
      for (const [key, value] of new URLSearchParams(body as string)) {
        const had = form[key];
        form[key] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
      }
      done(null, form);
    });

    // Two limits on one request: the plugin's route hook runs once per request, so both are counted here.
    const perAddress = scope.createRateLimit({ max: limits.perAddressPerMinute ?? 60, timeWindow: '1 minute', keyGenerator: (request) => `link-address:${request.ip}` });
    const perToken = scope.createRateLimit({ max: limits.perTokenPerMinute ?? 30, timeWindow: '1 minute', keyGenerator: (request) => `link-token:${(request.params as { token?: string }).token ?? ''}` });
    const limited = async (request: FastifyRequest) => {
      for (const limit of [perAddress, perToken]) {
        const answer = await limit(request);
        if (!answer.isAllowed && answer.isExceeded) throw new AppError('rate_limited', `Too many requests; wait ${Math.ceil(answer.ttl / 1000)} seconds and try again.`);
      }
    };

    scope.setErrorHandler((error, request, reply) => {
      const language = languageOf(one((request.body ?? {}) as Form, 'lang')) ?? languageOf((request.query as { lang?: string }).lang) ?? 'en';
      if (isAppError(error) && error.code === 'rate_limited') return send(reply, 429, renderMessagePage(language, (t) => t.tooMany));
      if (isAppError(error) && error.code === 'forbidden') return send(reply, 403, renderMessagePage(language, (t) => t.csrf));
      const status = (error as { statusCode?: number }).statusCode;
      if (isAppError(error) || (status !== undefined && status < 500)) return send(reply, 404, renderClosedPage(language));
      deps.log.error({ requestId: request.id, err: { name: (error as Error).name, stack: (error as Error).stack } }, 'patient page failed');
      return send(reply, 500, renderClosedPage(language));
    });

    const access = { public: true as const, reason: 'the patient page: opened by the unguessable token in the link, then the date of birth or a texted code' };
    const options = { config: { access }, onRequest: limited };

    /** The page, with a CSRF cookie for its forms (set on the first look; a POST must bring it back). */
    const render = (request: FastifyRequest, reply: FastifyReply, token: string, view: LinkView, language: PageLanguage | null, session?: string | null) => {
      if (view.kind === 'closed') return send(reply, 404, renderClosedPage(language ?? 'en'));
      // Patients arrive through the public https address; behind a TLS proxy, TRUST_PROXY tells us the scheme.
      const secure = request.protocol === 'https' || (deps.messaging.publicBaseUrl?.startsWith('https://') ?? false);
      let csrf = request.cookies[csrfCookie];
      if (!looksLikeToken(csrf)) {
        csrf = newToken();
        reply.setCookie(csrfCookie, csrf, { httpOnly: true, sameSite: 'strict', secure, path: '/b/' });
      }
      if (session) reply.setCookie(sessionCookie, session, { httpOnly: true, sameSite: 'strict', secure, path: `/b/${token}` });
      if (view.kind === 'done') reply.clearCookie(sessionCookie, { path: `/b/${token}` });
      return send(reply, 200, renderPatientPage(view, { token, csrf, language: language ?? view.language }));
    };

    const checkCsrf = (request: FastifyRequest, form: Form) => {
      const cookie = request.cookies[csrfCookie];
      // Under Referrer-Policy: no-referrer browsers send `Origin: null` with a form's POST: that one says
      // nothing either way (the SameSite=Strict cookie and its copy in the form are the proof); any other
      // Origin must be this server.
      const origin = request.headers.origin;
      // Browsers that send Fetch Metadata say where the form came from: only this page (same-origin) may post.
      const site = request.headers['sec-fetch-site'];
      const crossSite = site !== undefined && site !== 'same-origin' && site !== 'none';
      if (!looksLikeToken(cookie) || one(form, 'csrf') !== cookie || crossSite || (origin !== undefined && origin !== 'null' && !isSameOrigin(request, origin))) {
        throw new AppError('forbidden', 'The form is missing its CSRF field or came from another site.');
      }
    };

    scope.get<{ Params: { token: string }; Querystring: { lang?: string } }>('/b/:token', options, async (request, reply) => {
      const language = languageOf(request.query.lang);
      const view = await viewLink(deps, { token: request.params.token, session: request.cookies[sessionCookie], language });
      return render(request, reply, request.params.token, view, language);
    });

    scope.post<{ Params: { token: string } }>('/b/:token/confirm', options, async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      checkCsrf(request, form);
      const language = languageOf(one(form, 'lang'));
      const code = one(form, 'code');
      const result = await confirmIdentity(deps, { token: request.params.token, language, ...(code !== undefined ? { code: code.slice(0, 16) } : { dateOfBirth: (one(form, 'dob') ?? '').slice(0, 16) }) });
      return render(request, reply, request.params.token, result.view, language, result.session);
    });

    scope.post<{ Params: { token: string } }>('/b/:token/code', options, async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      checkCsrf(request, form);
      const language = languageOf(one(form, 'lang'));
      return render(request, reply, request.params.token, await sendIdentityCode(deps, { token: request.params.token, language }), language);
    });

    const actions: Record<string, (form: Form) => PatientAction> = {
      pick: (form) => ({ kind: 'pick', startsAt: (one(form, 'startsAt') ?? '').slice(0, 40) }),
      propose: (form) => ({
        kind: 'propose',
        days: all(form, 'days').filter((d): d is Weekday => (weekdays as readonly string[]).includes(d)),
        parts: all(form, 'parts').filter((p): p is DayPart => (dayParts as readonly string[]).includes(p)),
      }),
      call: (form) => ({ kind: 'call', day: (one(form, 'day') ?? '').slice(0, 10), hour: Number(one(form, 'hour') ?? '') }),
      'not-now': () => ({ kind: 'not_now' }),
      preferences: (form) => {
        const channel = one(form, 'channel') ?? '';
        const best = one(form, 'bestTime') ?? '';
        return {
          kind: 'preferences',
          preferredChannel: (preferredChannels as readonly string[]).includes(channel) ? channel as PreferredChannel : null,
          language: languageOf(one(form, 'language')) ?? 'en',
          bestTime: (bestTimes as readonly string[]).includes(best) ? best as BestTime : null,
          stopTexts: one(form, 'stopTexts') === 'yes', stopEmails: one(form, 'stopEmails') === 'yes',
        };
      },
    };
    for (const [name, actionOf] of Object.entries(actions)) {
      scope.post<{ Params: { token: string } }>(`/b/:token/${name}`, options, async (request, reply) => {
        const form = (request.body ?? {}) as Form;
        checkCsrf(request, form);
        const language = languageOf(one(form, 'lang'));
        const view = await actOnLink(deps, { token: request.params.token, session: request.cookies[sessionCookie], action: actionOf(form), language });
        return render(request, reply, request.params.token, view, language);
      });
    }
  });
}

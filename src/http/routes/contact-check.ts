import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { channels, purposes } from '../../domain/compliance/types.js';
import { AppError } from '../../domain/errors.js';
import { checkContact } from '../../use-cases/check-contact.js';
import { requirePatientInScope } from '../../use-cases/shared/patient-scope.js';
import { sessionOf } from '../route-access.js';
import type { Deps } from '../../use-cases/deps.js';

const query = z.object({
  channel: z.enum(channels).optional(),
  purpose: z.enum(purposes).default('recall_due'),
  by: z.enum(['staff', 'automation']).default('staff'),
  at: z.iso.datetime({ offset: true, error: 'must be an ISO-8601 instant with an offset, e.g. 2026-11-24T19:30:00-05:00 or 2026-11-25T00:30:00Z' }).optional(),
  program: z.string().max(64).optional(),
});

/**
 * GET /api/patients/:patient/contact-check — "can I call now? if not, when?" for the web app: the
 * gate's answer for one channel, or for every channel when none is named.
 */
export async function registerContactCheckRoutes(server: FastifyInstance, deps: Deps): Promise<void> {
  const access = { permission: 'patients.read', audit: { action: 'patient.contact_check', patientParam: 'patient' } } as const;
  server.get<{ Params: { patient: string }; Querystring: Record<string, string> }>('/api/patients/:patient/contact-check', { config: { access } }, async (request) => {
    const patientId = await requirePatientInScope(deps, sessionOf(request).user.scope, request.params.patient);
    request.auditPatientId = patientId;
    const parsed = query.safeParse(request.query);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: String(i.path[0]), value: request.query[String(i.path[0])], message: i.message }));
      throw new AppError('invalid_input', `Query is not valid: ${issues.map((i) => `${i.path}=${JSON.stringify(i.value)}: ${i.message}`).join('; ')}`, issues);
    }
    const q = parsed.data;
    const at = q.at ? new Date(q.at) : deps.clock.now();
    const wanted = q.channel ? [q.channel] : [...channels];
    const results = [];
    let patient: { patientId: number; externalId: string } | undefined;
    for (const channel of wanted) {
      const r = await checkContact(deps, { patient: { recareId: patientId }, channel, purpose: q.purpose, automated: q.by === 'automation', programKey: q.program ?? null, at });
      patient ??= { patientId: r.patientId, externalId: r.externalId };
      results.push({
        channel,
        contactPoint: r.contactPoint,
        allowed: r.decision.allowed,
        reasons: r.decision.reasons.map((x) => ({ code: x.code, message: x.message })),
        nextAllowedAt: r.decision.nextAllowedAt?.toISOString() ?? null,
        timeZones: r.decision.timeZones,
        states: r.decision.states,
        mayLeaveVoicemail: r.decision.mayLeaveVoicemail,
        explanation: r.explanation,
      });
    }
    // Recare's numeric id and the source system's id, whichever of the two the path named.
    return { patientId: patient?.patientId, externalId: patient?.externalId, at: at.toISOString(), purpose: q.purpose, by: q.by, channels: results };
  });
}

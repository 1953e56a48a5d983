/**
 * The one path to any outbound touch: asks the gate at hand-off time and appends the decision, with
 * the ids of its inputs, its reasons and the rules' SHA-256, to the append-only compliance_decisions
 * table — allowed or not. The caller may proceed only when `allowed` is true, and records the
 * attempt with `decisionId`.
 */
import { decideTouch, type Channel, type ContactDecision, type Purpose } from '../domain/compliance/index.js';
import type { PatientGateFacts, PatientReference } from '../db/queries/gate-facts.js';
import type { Deps } from './deps.js';
import { loadFactsAndPolicy } from './shared/contact-facts.js';

export interface AuthorizeTouchRequest {
  patient: PatientReference;
  channel: Channel;
  purpose: Purpose;
  automated: boolean;
  programKey?: string | null;
  actorUserId?: number | null;
  /** A message handed over again (a retry, a stopped worker's entry): its own recorded attempt is this touch, not an earlier one the caps count. */
  excludeAttemptId?: number | null;
}

export interface AuthorizeTouchResult {
  decisionId: number;
  contactPointId: number | null;
  /** The number or address the touch uses (null for letters, or when the gate found none). */
  contactPointValue: string | null;
  decision: ContactDecision;
  /** What the gate decided on, for the caller's next step (which channels stay open), read once. */
  facts: PatientGateFacts;
}

export async function authorizeTouch(deps: Pick<Deps, 'store' | 'clock' | 'log'>, request: AuthorizeTouchRequest): Promise<AuthorizeTouchResult> {
  const now = deps.clock.now();
  const { facts, policy } = await loadFactsAndPolicy(deps, request.patient, now, { excludeAttemptId: request.excludeAttemptId ?? null });
  const { contactPoint, decision } = decideTouch(facts, policy, request, now);
  const inputs = {
    patientId: facts.patient.id,
    contactPointId: contactPoint?.id ?? null,
    consentIds: facts.consents.filter((c) => c.contactPointId === contactPoint?.id).map((c) => c.id ?? null),
    optOutIds: facts.optOuts.map((o) => o.id ?? null),
    preferenceKinds: facts.preferences.map((p) => p.kind),
    attemptsConsidered: facts.history.length,
    consentBasis: decision.consentBasis && { consentId: decision.consentBasis.consentId, kind: decision.consentBasis.kind },
    timeZones: decision.timeZones,
    states: decision.states,
    programKey: request.programKey ?? null,
    policy,
  };
  const row = await deps.store.db
    .insertInto('compliance_decisions')
    .values({
      decided_at: now,
      patient_id: facts.patient.id,
      contact_point_id: contactPoint?.id ?? null,
      channel: request.channel,
      purpose: request.purpose,
      automated: request.automated,
      allowed: decision.allowed,
      reasons: JSON.stringify(decision.reasons.map((r) => ({ code: r.code, message: r.message, ...(r.ruleId ? { ruleId: r.ruleId } : {}) }))),
      next_allowed_at: decision.nextAllowedAt,
      rules_sha256: decision.rulesSha256,
      inputs: JSON.stringify(inputs),
      actor_user_id: request.actorUserId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  deps.log.info({ decisionId: row.id, patientId: facts.patient.id, channel: request.channel, allowed: decision.allowed, codes: decision.reasons.map((r) => r.code) }, 'contact decision');
  return { decisionId: row.id, contactPointId: contactPoint?.id ?? null, contactPointValue: contactPoint?.value ?? null, decision, facts };
}

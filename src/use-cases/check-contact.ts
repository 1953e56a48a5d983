/**
 * "Can we contact this patient now, on this channel, for this purpose? If not, when?" — the gate's
 * answer for staff and the CLI. A preview: nothing is stored. Touches that happen go through
 * authorizeTouch, which stores the decision.
 */
import { decideTouch, explainDecision, type Channel, type ContactDecision, type ContactPointFacts, type Purpose } from '../domain/compliance/index.js';
import type { PatientReference } from '../db/queries/gate-facts.js';
import type { Deps } from './deps.js';
import { loadFactsAndPolicy } from './shared/contact-facts.js';

export interface CheckContactRequest {
  /** Internal id or the source system's patient id (as typed), or a Recare id already resolved. */
  patient: PatientReference;
  channel: Channel;
  purpose: Purpose;
  /** Who would make the touch: the system (automated) or a staff member. */
  automated: boolean;
  programKey?: string | null;
  at?: Date;
}

export interface CheckContactResult {
  patientId: number;
  externalId: string;
  contactPoint: Pick<ContactPointFacts, 'id' | 'kind' | 'use'> | null;
  decision: ContactDecision;
  explanation: string;
}

export async function checkContact(deps: Pick<Deps, 'store' | 'clock'>, request: CheckContactRequest): Promise<CheckContactResult> {
  const at = request.at ?? deps.clock.now();
  const { facts, policy } = await loadFactsAndPolicy(deps, request.patient, at);
  const { contactPoint, decision } = decideTouch(facts, policy, request, at);
  return {
    patientId: facts.patient.id,
    externalId: facts.patient.externalId,
    contactPoint: contactPoint && { id: contactPoint.id, kind: contactPoint.kind, use: contactPoint.use },
    decision,
    explanation: explainDecision(decision),
  };
}

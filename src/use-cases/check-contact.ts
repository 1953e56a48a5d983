/**
 * "Can we contact this patient now, on this channel, for this purpose? If not, when?" — the gate's
 * answer for staff and the CLI. A preview: nothing is stored. Touches that happen go through
 * authorizeTouch, which stores the decision.
 */
import {
  bundledRules,
  decide,
  defaultPolicy,
  explainDecision,
  gateInputFor,
  validatePolicy,
  type Channel,
  type ContactDecision,
  type ContactPolicy,
  type ContactPointFacts,
  type Purpose,
} from '../domain/compliance/index.js';
import { AppError } from '../domain/errors.js';
import { findPatientId, loadGateFacts, type PatientGateFacts } from '../db/queries/gate-facts.js';
import type { Deps } from './deps.js';

export interface CheckContactRequest {
  /** Internal id or the source system's patient id. */
  patient: string;
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

/** The gate's answer for one touch on the contact point that channel would use (shared by preview and hand-off). */
export function decideTouch(
  facts: PatientGateFacts,
  policy: ContactPolicy,
  touch: { channel: Channel; purpose: Purpose; automated: boolean; programKey?: string | null },
  at: Date,
): { contactPoint: ContactPointFacts | null; decision: ContactDecision } {
  const input = gateInputFor(facts, { channel: touch.channel, purpose: touch.purpose, automated: touch.automated, programKey: touch.programKey ?? null });
  const decision = decide(input, policy, bundledRules, at);
  return { contactPoint: input.contactPoint, decision };
}

export async function loadFactsAndPolicy(deps: Pick<Deps, 'store'>, patientReference: string, at: Date): Promise<{ facts: PatientGateFacts; policy: ContactPolicy }> {
  const { db } = deps.store;
  const patientId = await findPatientId(db, patientReference);
  const facts = patientId === undefined ? undefined : await loadGateFacts(db, patientId, at);
  if (!facts) {
    throw new AppError('not_found', `No patient has the id ${JSON.stringify(patientReference)}. Use the practice-management system's patient id (e.g. D0000042) or Recare's numeric id.`);
  }
  return { facts, policy: await readContactPolicy(deps) };
}

/** The practice's policy over strict-mode defaults; a stored policy below the legal floor is refused. */
export async function readContactPolicy(deps: Pick<Deps, 'store'>): Promise<ContactPolicy> {
  const organization = await deps.store.db.selectFrom('organization').select('policy').executeTakeFirst();
  // `recall` holds the engine's settings (engine-settings.ts), not contact policy.
  const { recall: _recall, ...stored } = organization?.policy ?? {};
  if (Object.keys(stored).length === 0) return defaultPolicy;
  const validation = validatePolicy({ ...defaultPolicy, ...stored }, bundledRules);
  if (!validation.ok) {
    throw new AppError('invalid_config', `The practice's contact policy is not valid: ${validation.issues.map((i) => i.message).join('; ')}`, validation.issues.map((i) => ({ path: i.path, value: i.value, message: i.message })));
  }
  return validation.policy;
}

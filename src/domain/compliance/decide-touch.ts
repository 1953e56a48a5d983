/**
 * The gate's answer for one touch on the contact point that channel would use: the same question for
 * a preview (check-contact), a hand-off (authorizeTouch) and the worklist's "can we reach them now".
 */
import { bundledRules } from './calling-rules.js';
import { chooseContactPoint } from './choose-contact-point.js';
import type { ContactPolicy } from './contact-policy.js';
import { decide } from './decide.js';
import type { Channel, ContactDecision, ContactPointFacts, GateInput, Purpose } from './types.js';

/** What the gate knows of a patient before a touch picks its contact point (gate-facts.ts loads it). */
export interface PatientContactFacts extends Omit<GateInput, 'touch' | 'contactPoint'> {
  contactPoints: ContactPointFacts[];
}

export interface TouchToDecide {
  channel: Channel;
  purpose: Purpose;
  automated: boolean;
  programKey?: string | null;
}

export function decideTouch(
  facts: PatientContactFacts,
  policy: ContactPolicy,
  touch: TouchToDecide,
  at: Date,
): { contactPoint: ContactPointFacts | null; decision: ContactDecision } {
  const contactPoint = chooseContactPoint(touch.channel, facts.contactPoints, facts.preferences);
  const decision = decide(
    {
      touch: { channel: touch.channel, purpose: touch.purpose, automated: touch.automated, programKey: touch.programKey ?? null },
      patient: facts.patient,
      contactPoint,
      consents: facts.consents,
      optOuts: facts.optOuts,
      preferences: facts.preferences,
      history: facts.history,
    },
    policy,
    bundledRules,
    at,
  );
  return { contactPoint, decision };
}

/**
 * The gate's answer for one touch on the contact point that channel would use: the same question for
 * a preview (check-contact), a hand-off (authorizeTouch) and the worklist's "can we reach them now".
 */
import { bundledRules } from './calling-rules.js';
import { gateInputFor, type PatientContactFacts } from './channel-choice.js';
import type { ContactPolicy } from './contact-policy.js';
import { decide } from './decide.js';
import type { Channel, ContactDecision, ContactPointFacts, Purpose } from './types.js';

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
  const input = gateInputFor(facts, { channel: touch.channel, purpose: touch.purpose, automated: touch.automated, programKey: touch.programKey ?? null });
  return { contactPoint: input.contactPoint, decision: decide(input, policy, bundledRules, at) };
}

/**
 * Choosing the channel of a staff touch (call, text, email) by the contact gate's own rules and
 * nothing else: a touch on a channel goes to the contact point that channel would use
 * (chooseContactPoint), and a channel is open when the gate's standing rules (standingReasons: the
 * opt-outs with revoke-all, consent with written consent for a promotion, confidential requests, …)
 * let it through at some hour. The gate, the worklist's suggested channel and an outcome's next step
 * all ask here, so none can pick a channel the others refuse.
 */
import type { CallingRules } from './calling-rules.js';
import { chooseContactPoint } from './choose-contact-point.js';
import type { ContactPolicy } from './contact-policy.js';
import { standingReasons } from './decide.js';
import { attemptChannels, type AttemptChannel, type ContactPointFacts, type GateInput, type Purpose, type Touch } from './types.js';

/** What the gate knows of a patient before a touch picks its contact point (gate-facts.ts loads it). */
export interface PatientContactFacts extends Omit<GateInput, 'touch' | 'contactPoint'> {
  contactPoints: ContactPointFacts[];
}

/** The gate's question for a touch, on the contact point its channel would use. */
export function gateInputFor(facts: PatientContactFacts, touch: Touch): GateInput {
  return {
    touch,
    patient: facts.patient,
    contactPoint: chooseContactPoint(touch.channel, facts.contactPoints, facts.preferences),
    consents: facts.consents,
    optOuts: facts.optOuts,
    preferences: facts.preferences,
    history: facts.history,
  };
}

/** The staff channels the gate would allow for this purpose at some hour, in call, text, email order. */
export function openChannels(
  facts: PatientContactFacts,
  touch: { purpose: Purpose; programKey: string | null; automated: boolean },
  policy: ContactPolicy,
  rules: CallingRules | null,
  at: Date | number,
): AttemptChannel[] {
  return attemptChannels.filter((channel) => standingReasons(gateInputFor(facts, { ...touch, channel }), policy, rules, at).length === 0);
}

/** The preferred channel when it is usable, else the first usable one; null when none is. */
export function pickChannel(preferred: AttemptChannel, usable: readonly AttemptChannel[]): AttemptChannel | null {
  return usable.includes(preferred) ? preferred : usable[0] ?? null;
}

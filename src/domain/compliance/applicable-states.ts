/**
 * Which states' rules govern a touch (README 4.5, INV-16): the address state, every state of the
 * phone's area code (FL, OK, CT and VA presume an in-state area code reaches a resident; strict mode
 * extends that to every state), and the practice's state (FL and TX also govern calls made from them).
 */
import { areaCodeOf, lookupAreaCode } from './area-codes.js';
import type { ContactPolicy } from './contact-policy.js';
import type { ContactPointFacts, PatientFacts } from './types.js';

export type StateSource = 'address' | 'area_code' | 'practice';

export interface ApplicableStates {
  states: string[];
  sources: Record<string, StateSource[]>;
}

export function applicableStates(
  patient: PatientFacts,
  contactPoint: ContactPointFacts | null,
  policy: Pick<ContactPolicy, 'applyPracticeStateRules'>,
): ApplicableStates {
  const sources: Record<string, StateSource[]> = {};
  const add = (state: string | null | undefined, source: StateSource): void => {
    const s = state?.trim().toUpperCase();
    if (!s || !/^[A-Z]{2}$/.test(s)) return;
    const list = (sources[s] ??= []);
    if (!list.includes(source)) list.push(source);
  };
  add(patient.state, 'address');
  if (contactPoint?.kind === 'phone') {
    const npa = areaCodeOf(contactPoint.value);
    for (const s of (npa ? lookupAreaCode(npa)?.states : undefined) ?? []) add(s, 'area_code');
  }
  if (policy.applyPracticeStateRules) add(patient.homeLocation?.state, 'practice');
  return { states: Object.keys(sources), sources };
}

/**
 * Which outcomes reach the patient: every outcome except the practice's "not reached" set (by
 * default No answer, Left message and Wrong number). An attempt with no outcome (a message handed
 * to a provider) reaches nobody by itself; a reply does.
 */
import { outcomeKeys, type OutcomeKey } from '../outcomes/outcome-vocabulary.js';
import type { ReportingPolicy } from '../policy/reporting-policy.js';

export function reachedOutcomes(policy: Pick<ReportingPolicy, 'notReachedOutcomes'>): OutcomeKey[] {
  const notReached = new Set<string>(policy.notReachedOutcomes);
  return outcomeKeys.filter((key) => !notReached.has(key));
}

/**
 * The randomized holdout's draw: when a program holds out a share of its patients, each of its due
 * items is assigned once, at random, to 'holdout' (no proactive outreach for this item) or 'outreach'
 * (worked as usual), when the planner first records it. The draw is stored and never made again, so
 * re-planning, a changed share or a switched-off holdout never moves an item between groups; the
 * report compares the groups to measure what outreach adds. The randomness comes in as a function
 * (crypto-based in production, seeded in tests), so the rule stays pure.
 */
import { holdoutShareOf, type HoldoutPolicy } from '../policy/holdout-policy.js';

export const outreachGroups = ['holdout', 'outreach'] as const;
export type OutreachGroup = (typeof outreachGroups)[number];

/** A uniform draw from [0, 1). */
export type RandomSource = () => number;

/** The group of a newly recorded item of `programKey`: null when the program holds out nobody. */
export function drawOutreachGroup(programKey: string, holdout: HoldoutPolicy, random: RandomSource): OutreachGroup | null {
  const share = holdoutShareOf(holdout, programKey);
  if (share === null) return null;
  return random() < share ? 'holdout' : 'outreach';
}

/** "held out from outreach to measure what outreach adds (hygiene, since 2026-03-02)": what staff read on the card and in explain. */
export function heldOutSentence(programName: string, sinceLocalDate: string): string {
  return `held out from outreach to measure what outreach adds (${programName}, since ${sinceLocalDate})`;
}

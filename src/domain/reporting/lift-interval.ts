/**
 * What outreach added, measured honestly: per program, the randomized holdout group (no proactive
 * outreach) against the outreach group, as the difference of two independent proportions with a 95%
 * confidence interval, and the same in booked visits. Pure: the counts come in, the figures and one
 * plain sentence go out.
 *
 * The interval is Newcombe's hybrid score interval (Newcombe 1998, Stat Med 17:873-890, method 10),
 * built from each group's Wilson score interval (no continuity correction):
 *   Wilson bounds l, u of p = x/n: (2np + z² ∓ z·√(z² + 4np(1−p))) / (2(n + z²))
 *   D = p₁ − p₂,  low = D − √((p₁−l₁)² + (u₂−p₂)²),  high = D + √((u₁−p₁)² + (p₂−l₂)²)
 * It stays inside [−1, 1], behaves at 0/n and n/n, and keeps close to its nominal 95% coverage at the
 * small counts a holdout of 5–10% gives, where the simple Wald interval does not.
 */
import { AppError } from '../errors.js';

/** The two-sided 95% normal quantile. */
export const z95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/** The Wilson score interval of x successes in n trials; null when n is 0 (no share to bound). */
export function wilsonInterval(x: number, n: number, z = z95): Interval | null {
  checkCount(x, n, 'x', 'n');
  if (n === 0) return null;
  const p = x / n;
  const z2 = z * z;
  const centre = 2 * n * p + z2;
  const spread = z * Math.sqrt(z2 + 4 * n * p * (1 - p));
  const denominator = 2 * (n + z2);
  // At 0/n and n/n the bound is exactly 0 or 1; the closed form can miss it by a rounding error.
  return { low: x === 0 ? 0 : (centre - spread) / denominator, high: x === n ? 1 : (centre + spread) / denominator };
}

export interface Difference extends Interval {
  difference: number;
}

/** p₁ − p₂ with Newcombe's hybrid score interval (method 10); null when either group is empty. */
export function newcombeDifference(x1: number, n1: number, x2: number, n2: number, z = z95): Difference | null {
  const w1 = wilsonInterval(x1, n1, z);
  const w2 = wilsonInterval(x2, n2, z);
  if (w1 === null || w2 === null) return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const difference = p1 - p2;
  return {
    difference,
    low: difference - Math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2),
    high: difference + Math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2),
  };
}

/** One group's counts: patients with a due item of the program, and of them those scheduled and attended. */
export interface GroupCounts {
  eligible: number;
  scheduled: number;
  attended: number;
}

/** Each group's share, the difference (outreach − holdout) and its 95% interval; null where a group is empty. */
export interface ShareComparison {
  outreach: number | null;
  holdout: number | null;
  difference: number | null;
  ci95: Interval | null;
}

export interface LiftInput {
  program: string;
  /** The program's name for the sentence (default: the key). */
  programName?: string;
  outreach: GroupCounts;
  holdout: GroupCounts;
  /**
   * The self-credited figure, computed by the figures: every patient scheduled after a touch, as other
   * recall tools report it. Shown beside the lift, labelled as such; it is not what outreach added.
   */
  selfCreditedScheduled: number | null;
  /** Words for the period in the sentence, e.g. "this quarter" (default: none). */
  periodWords?: string;
}

export interface ProgramLift {
  program: string;
  outreach: GroupCounts;
  holdout: GroupCounts;
  scheduledShare: ShareComparison;
  attendedShare: ShareComparison;
  /** Booked visits outreach added: the scheduled-share difference and its interval × the outreach group's eligible, rounded. */
  addedScheduled: { estimate: number; low: number; high: number } | null;
  selfCredited: { label: string; scheduled: number | null };
  sentence: string;
}

export const selfCreditedLabel = 'Self-credited: all scheduled after a touch (not what outreach added)';

/** The lift of one program from its two groups' counts. */
export function programLift(input: LiftInput): ProgramLift {
  for (const [name, group] of [['outreach', input.outreach], ['holdout', input.holdout]] as const) {
    checkCount(group.scheduled, group.eligible, `${name}.scheduled`, `${name}.eligible`);
    checkCount(group.attended, group.scheduled, `${name}.attended`, `${name}.scheduled`);
  }
  const scheduledShare = compare(input.outreach.scheduled, input.outreach.eligible, input.holdout.scheduled, input.holdout.eligible);
  const attendedShare = compare(input.outreach.attended, input.outreach.eligible, input.holdout.attended, input.holdout.eligible);
  const n = input.outreach.eligible;
  const visits = (share: number) => roundVisits(share * n);
  const addedScheduled = scheduledShare.difference === null || scheduledShare.ci95 === null ? null
    : { estimate: visits(scheduledShare.difference), low: visits(scheduledShare.ci95.low), high: visits(scheduledShare.ci95.high) };
  return {
    program: input.program, outreach: { ...input.outreach }, holdout: { ...input.holdout }, scheduledShare, attendedShare, addedScheduled,
    selfCredited: { label: selfCreditedLabel, scheduled: input.selfCreditedScheduled },
    sentence: liftSentence(input, scheduledShare.ci95, addedScheduled),
  };
}

function compare(x1: number, n1: number, x2: number, n2: number): ShareComparison {
  const d = newcombeDifference(x1, n1, x2, n2);
  return {
    outreach: n1 === 0 ? null : x1 / n1, holdout: n2 === 0 ? null : x2 / n2,
    difference: d === null ? null : d.difference, ci95: d === null ? null : { low: d.low, high: d.high },
  };
}

// Math.round(-0.4) is -0: a count of visits has no sign of zero.
const roundVisits = (v: number) => Math.round(v) + 0;

const visitsWord = (n: number) => `${n} booked visit${Math.abs(n) === 1 ? '' : 's'}`;

/** The lift in plain words: what outreach added, or why no figure can be given. */
export function liftSentence(
  input: Pick<LiftInput, 'outreach' | 'holdout' | 'periodWords' | 'program' | 'programName'>, ci95: Interval | null, added: ProgramLift['addedScheduled'],
): string {
  const period = input.periodWords ? ` ${input.periodWords}` : '';
  const name = input.programName ?? input.program;
  if (input.holdout.eligible === 0 && input.outreach.eligible === 0) return `No ${name} patients were eligible${period}, so there is nothing to compare.`;
  if (input.holdout.eligible === 0) {
    return `What outreach added cannot be measured${period}: no ${name} patients were held out (switch the holdout on for ${name} to measure it).`;
  }
  if (input.outreach.eligible === 0 || added === null || ci95 === null) return `What outreach added cannot be measured${period}: no ${name} patients were in the outreach group.`;
  const ci = `95% CI ${added.low}–${added.high}`;
  // Decided on the interval itself, not on the rounded visits: 0.4 of a visit above zero is still above zero.
  if (ci95.low > 0) return `Outreach added ${visitsWord(added.estimate)}${period} (${ci}).`;
  if (ci95.high < 0) return `Outreach was followed by fewer bookings than the holdout${period}: ${visitsWord(-added.estimate)} fewer (95% CI ${-added.high}–${-added.low}).`;
  return `No clear difference${period}: outreach added an estimated ${visitsWord(added.estimate)}, but the 95% CI (${added.low} to ${added.high}) includes none.`;
}

function checkCount(part: number, whole: number, partName: string, wholeName: string): void {
  const wholeOk = Number.isInteger(whole) && whole >= 0;
  const partOk = Number.isInteger(part) && part >= 0 && part <= whole;
  if (wholeOk && partOk) return;
  const [path, value] = wholeOk ? [partName, part] : [wholeName, whole];
  const allowed = wholeOk ? `a whole number from 0 to ${wholeName} (${whole})` : 'a whole number, 0 or more';
  throw new AppError('invalid_input', `${path} is ${JSON.stringify(value)}; allowed: ${allowed}`, [{ path, value, message: `must be ${allowed}` }]);
}

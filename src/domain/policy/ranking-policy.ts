/**
 * The worklist's order as data (organization.policy.ranking): which band a case falls in, in which
 * order the bands come, and how long each program's item stays fresh (its active window). Managers
 * edit it on the Policy page; the defaults are the order the front desk's experience argues for:
 * work that is most likely to book first, stale work last. Responsiveness, urgency and fee only
 * move a case within its band (domain/cases/priority.ts).
 */
import { z } from 'zod';

export const rankingBands = [
  'callback_due', 'time_bound', 'engaged_recently', 'missed_recently', 'treatment_recent', 'recall_window', 'rest', 'past_window',
] as const;
export type RankingBand = (typeof rankingBands)[number];

/**
 * How long after its due date an item stays fresh: whole days or whole calendar months. Past it, the
 * item is worked as reactivation (the softer script and cadence) and ranks in the last band.
 */
export type ActiveWindow = { days: number } | { months: number };

export interface RankingPolicy {
  /** Every band once, first band first. */
  order: RankingBand[];
  /** Programs whose items are time-bound (a post-op check, a confirmation). */
  timeBoundPrograms: string[];
  /** A reply, a call back or an opened link within this many days puts the case in "engaged recently". */
  engagedWithinDays: number;
  missedPrograms: string[];
  missedWithinDays: number;
  treatmentPrograms: string[];
  presentedWithinDays: number;
  recallPrograms: string[];
  /** Recall due this many days before or after today. */
  recallWithinDays: number;
  /** Per program key; a program not named here never goes stale. */
  activeWindows: Record<string, ActiveWindow>;
  /** The program whose script and cadence work an item past its active window. */
  reactivationProgram: string;
}

export const defaultRankingPolicy: RankingPolicy = {
  order: [...rankingBands],
  timeBoundPrograms: ['post_op', 'confirmation'],
  engagedWithinDays: 7,
  missedPrograms: ['missed_visit'],
  missedWithinDays: 30,
  treatmentPrograms: ['unscheduled_treatment'],
  presentedWithinDays: 30,
  recallPrograms: ['hygiene', 'perio_maintenance', 'periodic_exam'],
  recallWithinDays: 30,
  activeWindows: {
    unscheduled_treatment: { days: 90 },
    hygiene: { months: 12 },
    perio_maintenance: { months: 12 },
    periodic_exam: { months: 12 },
  },
  reactivationProgram: 'reactivation',
};

export const rankingDayBounds = { min: 1, max: 365 } as const;

const wholeFromTo = (min: number, max: number, unit: string) => {
  const message = `must be a whole number of ${unit} from ${min} to ${max}`;
  return z.number({ error: message }).int(message).min(min, message).max(max, message);
};
const days = wholeFromTo(rankingDayBounds.min, rankingDayBounds.max, 'days');
const programKey = z.string().regex(/^[a-z][a-z0-9_]{1,47}$/, 'must be a program key (lower-case letters, digits and underscores)');
const programList = z.array(programKey).max(50);
const activeWindowSchema = z.union([
  z.object({ days: wholeFromTo(1, 3650, 'days') }).strict(),
  z.object({ months: wholeFromTo(1, 120, 'months') }).strict(),
], { error: 'must be { "days": 1–3650 } or { "months": 1–120 }' });

export const rankingPolicySchema = z.object({
  order: z.array(z.enum(rankingBands)).refine((o) => o.length === rankingBands.length && new Set(o).size === rankingBands.length, {
    message: `must name every band once: ${rankingBands.join(', ')}`,
  }),
  timeBoundPrograms: programList,
  engagedWithinDays: days,
  missedPrograms: programList,
  missedWithinDays: days,
  treatmentPrograms: programList,
  presentedWithinDays: days,
  recallPrograms: programList,
  recallWithinDays: days,
  activeWindows: z.record(programKey, activeWindowSchema),
  reactivationProgram: programKey,
}).strict();

/** What a stored or edited ranking policy may leave out: each missing field keeps its default. */
export const storedRankingPolicySchema = rankingPolicySchema.partial().transform((given): RankingPolicy => ({ ...defaultRankingPolicy, ...given }));

/** "90 days", "12 months". */
export function describeActiveWindow(window: ActiveWindow): string {
  const [n, unit] = 'days' in window ? [window.days, 'day'] : [window.months, 'month'];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** The window as a PostgreSQL interval literal ('90 days', '12 months') for the worklist's SQL mirror. */
export function activeWindowInterval(window: ActiveWindow): string {
  return 'days' in window ? `${window.days} days` : `${window.months} months`;
}

/** Each problem of a ranking policy as the policy's issues say them: where, what was given, what is allowed. */
export function rankingIssuesOf(given: unknown, issues: readonly z.core.$ZodIssue[]): { path: string; value: unknown; message: string }[] {
  return issues.map((issue) => {
    const path = ['ranking', ...issue.path.map(String)].join('.');
    let value: unknown = given;
    for (const key of issue.path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
    const allowed = issue.code === 'invalid_value' ? `; allowed: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
      : issue.code === 'unrecognized_keys' ? `; unknown: ${issue.keys.join(', ')}; allowed: ${Object.keys(defaultRankingPolicy).join(', ')}` : '';
    return { path, value, message: `${path} is ${value === undefined ? 'missing' : JSON.stringify(value)}: ${issue.message}${allowed}` };
  });
}

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
/** An active window is whole days or whole calendar months within these bounds. */
export const activeWindowBounds = { days: { min: 1, max: 3650 }, months: { min: 1, max: 120 } } as const;

/**
 * Each band in plain words, for the Policy page and the worklist's why: the labels use the words of
 * the bands' reasons in the why (ranking-band.ts), so the page and the list agree; the description
 * says what puts a case there.
 */
export const rankingBandLabels: Readonly<Record<RankingBand, { label: string; description: string }>> = {
  callback_due: { label: 'Callback due now', description: 'The patient asked for a call back and that time has come.' },
  time_bound: { label: 'Time-bound', description: 'Items that lose their point when late: the time-bound programs, by default post-op checks and confirmations.' },
  engaged_recently: { label: 'Engaged recently', description: 'The patient replied, called back or opened a link within the "engaged within" days.' },
  missed_recently: { label: 'Missed or cancelled visit', description: 'A no-show or a cancellation within the "missed within" days, not yet rebooked.' },
  treatment_recent: { label: 'Treatment presented', description: 'Treatment presented within the "presented within" days and not yet scheduled.' },
  recall_window: { label: 'Recall due', description: 'A cleaning, perio maintenance or exam due within ± the "recall within" days of today.' },
  rest: { label: 'The rest, oldest last', description: 'Everything else still inside its active window; the longer overdue, the later.' },
  past_window: {
    label: 'Past its active window',
    description: "Every item is past its program's active window: worked as reactivation (the softer script, at most 3 touches over 6 weeks, then the weekly review).",
  },
};

/** A whole number in a range, every failure in one sentence that says what is allowed. */
const wholeIn = (range: { min: number; max: number }, unit: string) => {
  const error = `must be a whole number of ${unit} from ${range.min} to ${range.max}`;
  return z.number({ error }).int({ error }).min(range.min, { error }).max(range.max, { error });
};
const days = wholeIn(rankingDayBounds, 'days');
const programKey = z.string().regex(/^[a-z][a-z0-9_]{1,47}$/, 'must be a program key (lower-case letters, digits and underscores)');
const programList = z.array(programKey).max(50);
const activeWindowSchema = z.union([
  z.object({ days: wholeIn(activeWindowBounds.days, 'days') }).strict(),
  z.object({ months: wholeIn(activeWindowBounds.months, 'months') }).strict(),
], { error: `must be { "days": ${activeWindowBounds.days.min}–${activeWindowBounds.days.max} } or { "months": ${activeWindowBounds.months.min}–${activeWindowBounds.months.max} }` });

export const rankingPolicySchema = z.strictObject({
  order: z.array(z.enum(rankingBands, { error: 'is not a band' }), { error: 'must be a list of bands' }).refine((o) => o.length === rankingBands.length && new Set(o).size === rankingBands.length, {
    message: `must name every band once: ${rankingBands.join(', ')}`,
  // Checked once every band is there, so a list missing bands gets one message, not two.
  }).refine((o) => o.length !== rankingBands.length || new Set(o).size !== rankingBands.length || o[o.length - 1] === 'past_window', { message: 'must end with "past_window": work past its active window always ranks below fresh work' }),
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
}, { error: (issue) => (issue.code === 'unrecognized_keys' ? 'is not a setting of the worklist order' : 'must be an object of settings') });

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
  return issues.flatMap((issue) => {
    // An unknown setting is named on its own path, so the message shows what was sent, not the whole policy.
    const paths = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key]) : [issue.path];
    return paths.map((issuePath) => {
      const path = ['ranking', ...issuePath.map(String)].join('.');
      let value: unknown = given;
      for (const key of issuePath) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
      const allowed = issue.code === 'invalid_value' ? `; allowed: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
        : issue.code === 'unrecognized_keys' && issue.path.length === 0 ? `; allowed: ${Object.keys(defaultRankingPolicy).join(', ')}` : '';
      return { path, value, message: `${path} is ${value === undefined ? 'missing' : JSON.stringify(value)}: ${issue.message}${allowed}` };
    });
  });
}

/**
 * The report's settings as data (organization.policy.reporting): how long after a touch a booking
 * still counts for it, what a touch costs, and which outcomes do not count as reaching the patient.
 * The defaults are the issue's (docs/reporting.md); the hourly staff cost has no honest default, so
 * until a practice sets it the cost per booked visit is null rather than a made-up number.
 */
import { z } from 'zod';
import { outcomeKeys, type OutcomeKey } from '../outcomes/outcome-vocabulary.js';

export const costChannels = ['sms', 'email', 'letter', 'voice'] as const;
export type CostChannel = (typeof costChannels)[number];

export interface ReportingPolicy {
  /** A booking first seen within this many local days after a touch is credited to it (day 14 counts, day 15 does not). */
  attributionWindowDays: number;
  /** Staff time one call attempt costs, in minutes. */
  staffMinutesPerCall: number;
  /** What an hour of staff time costs the practice, in cents; null = not set (the cost per booked visit is then null). */
  hourlyStaffCostCents: number | null;
  /** What one message (or one call's telephony) costs, per channel, in cents. */
  unitCostCents: Record<CostChannel, number>;
  /** Outcomes that did not reach the patient; every other outcome is two-way contact. */
  notReachedOutcomes: OutcomeKey[];
}

export const defaultReportingPolicy: ReportingPolicy = {
  attributionWindowDays: 14,
  staffMinutesPerCall: 4,
  hourlyStaffCostCents: null,
  // Typical US list prices in 2026: a text segment ≈ 1¢, an email ≈ 0¢, a printed and mailed letter ≈ 70¢;
  // a staff call's cost is its time (staffMinutesPerCall × hourlyStaffCostCents), so its unit cost is 0.
  unitCostCents: { sms: 1, email: 0, letter: 70, voice: 0 },
  notReachedOutcomes: ['no_answer', 'left_message', 'wrong_number'],
};

export const reportingBounds = {
  attributionWindowDays: { min: 1, max: 90 },
  staffMinutesPerCall: { min: 0, max: 120 },
  hourlyStaffCostCents: { min: 0, max: 100_000 },
  unitCostCents: { min: 0, max: 10_000 },
} as const;

const whole = (range: { min: number; max: number }, unit: string) => {
  const error = `must be a whole number of ${unit} from ${range.min} to ${range.max}`;
  return z.number({ error }).int({ error }).min(range.min, { error }).max(range.max, { error });
};
const minutesError = `must be a number of minutes from ${reportingBounds.staffMinutesPerCall.min} to ${reportingBounds.staffMinutesPerCall.max}`;

export const reportingPolicySchema = z.strictObject({
  attributionWindowDays: whole(reportingBounds.attributionWindowDays, 'days'),
  staffMinutesPerCall: z.number({ error: minutesError }).min(reportingBounds.staffMinutesPerCall.min, { error: minutesError }).max(reportingBounds.staffMinutesPerCall.max, { error: minutesError }),
  hourlyStaffCostCents: whole(reportingBounds.hourlyStaffCostCents, 'cents').nullable(),
  unitCostCents: z.strictObject(Object.fromEntries(costChannels.map((c) => [c, whole(reportingBounds.unitCostCents, 'cents')])) as Record<CostChannel, z.ZodNumber>, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `is not a channel; channels: ${costChannels.join(', ')}` : 'must be an object of cents per channel'),
  }).partial(),
  notReachedOutcomes: z.array(z.enum(outcomeKeys as [OutcomeKey, ...OutcomeKey[]], { error: `is not an outcome key; keys: ${outcomeKeys.join(', ')}` }), { error: 'must be a list of outcome keys' })
    .refine((keys) => new Set(keys).size === keys.length, { message: 'must name each outcome once' }),
}, { error: (issue) => (issue.code === 'unrecognized_keys' ? `is not a setting of the report; settings: ${Object.keys(defaultReportingPolicy).join(', ')}` : 'must be an object of settings') });

/** What a stored or edited reporting policy may leave out: each missing field (and each missing channel's cost) keeps its default. */
export const storedReportingPolicySchema = reportingPolicySchema.partial().transform((given): ReportingPolicy => ({
  ...defaultReportingPolicy,
  ...given,
  unitCostCents: { ...defaultReportingPolicy.unitCostCents, ...given.unitCostCents },
  notReachedOutcomes: given.notReachedOutcomes ?? defaultReportingPolicy.notReachedOutcomes,
  hourlyStaffCostCents: given.hourlyStaffCostCents === undefined ? defaultReportingPolicy.hourlyStaffCostCents : given.hourlyStaffCostCents,
}));

/** Each problem as the policy's issues say them: where, what was given, what is allowed. */
export function reportingIssuesOf(given: unknown, issues: readonly z.core.$ZodIssue[]): { path: string; value: unknown; message: string }[] {
  return issues.flatMap((issue) => {
    const paths = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key]) : [issue.path];
    return paths.map((issuePath) => {
      const path = ['reporting', ...issuePath.map(String)].join('.');
      let value: unknown = given;
      for (const key of issuePath) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
      return { path, value, message: `${path} is ${value === undefined ? 'missing' : JSON.stringify(value)}: ${issue.message}` };
    });
  });
}

/** A change over the stored settings: each field given replaces the stored one; channel costs merge per channel. */
export function mergeReporting(stored: Record<string, unknown>, given: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...stored, ...given };
  const costs = given.unitCostCents;
  if (costs !== null && typeof costs === 'object' && !Array.isArray(costs)) {
    merged.unitCostCents = { ...((stored.unitCostCents ?? {}) as Record<string, unknown>), ...(costs as Record<string, unknown>) };
  }
  return merged;
}

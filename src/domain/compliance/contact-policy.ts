/**
 * The practice's contact policy. Defaults are the compliance README's "strict mode", with the numbers
 * taken from the rules JSON's enginePolicyDefaults. A practice may change them through configuration
 * (organization.policy), but validatePolicy refuses anything less protective than the law.
 */
import { z } from 'zod';
import { DateTime } from 'luxon';
import { bundledRules, type CallingRules } from './calling-rules.js';
import { parseObservedShift } from './holidays.js';
import { purposes, type Purpose } from './types.js';

export interface ContactPolicy {
  /** Automated touches per patient per local calendar day, all channels (INV-04). Legal ceiling 1. */
  maxAutomatedTouchesPerLocalDay: number;
  /** Automated touches per patient in any rolling 7 × 24 h, all channels (INV-05). Legal ceiling 3. */
  maxAutomatedTouchesPerRolling7Days: number;
  /** Automated touches per recall program per patient in any rolling 7 × 24 h. */
  maxTouchesPerProgramPer7Days: number;
  /** Purposes the per-program cap does not apply to (confirmations and post-op checks). */
  programCapExemptPurposes: Purpose[];
  /** Stop handing SMS to the carrier this many minutes before a window closes (queue latency). */
  smsHandoffCutoffMinutes: number;
  /**
   * Sunday and holiday bans apply to appointment reminders too, unless counsel turned that off; the
   * exception must name its approver so the decision record shows who accepted the risk.
   */
  sundayHolidayBansForAppointmentReminders: { apply: true } | { apply: false; approvedBy: string };
  /** Enforce the JSON's unverifiedLeads windows (KY, IL, MI, MN, NM, NV, WV) as policy. */
  adoptUnverifiedLeads: boolean;
  /**
   * INV-15: a holiday calendar that governs the recipient must be reviewed for the local year.
   * 'block' fails closed; 'apply_listed_dates' enforces the listed holidays without the review.
   */
  unreviewedHolidayCalendars: 'block' | 'apply_listed_dates';
  /** Years a person reviewed each holiday calendar (adds to the JSON's reviewedForYear). */
  holidayCalendarReviews: Record<string, number[]>;
  /** Operator-loaded proclamation and emergency days per calendar id, 'YYYY-MM-DD'. */
  proclamationDays: Record<string, string[]>;
  /** The observed-date shift for fixed-date holidays of calendars that state none (PA, LA). */
  defaultObservedShift: string | null;
  /** Louisiana emergency switch (INV-17): blocks automated non-reminder touches to LA-governed patients. */
  laEmergencyActive: boolean;
  /** Utah 13-25a-103: prior express consent lifts Utah's time, Sunday and holiday limits. */
  utahPriorConsentRelief: boolean;
  /** Strict mode: staff-initiated touches need a consent record too (the law needs it only for automated ones). */
  requireConsentForStaffTouches: boolean;
  /** States whose mini-TCPA makes automated reactivation need written consent (README 2.5). */
  writtenConsentForAutomatedReactivationIn: string[];
  /** Apply the practice location's state rules as well (FL and TX also govern calls made from the state). */
  applyPracticeStateRules: boolean;
  /** Email is outside the calling tables; strict mode still keeps it to the federal 08:00–21:00. */
  emailWindow: 'federal' | 'none';
}

function defaultsFrom(rules: CallingRules | null): ContactPolicy {
  const d = rules?.policyDefaults;
  return {
    maxAutomatedTouchesPerLocalDay: d?.maxAutomatedMessagesPerLocalDay ?? 1,
    maxAutomatedTouchesPerRolling7Days: d?.maxAutomatedMessagesPerRolling7Days ?? 3,
    maxTouchesPerProgramPer7Days: 1,
    programCapExemptPurposes: ['appointment_reminder', 'post_op'],
    smsHandoffCutoffMinutes: d?.smsHandoffCutoffMinutesBeforeWindowEnd ?? 15,
    sundayHolidayBansForAppointmentReminders: { apply: true },
    adoptUnverifiedLeads: d?.adoptUnverifiedLeadsAsPolicy ?? true,
    unreviewedHolidayCalendars: d?.failClosed === false ? 'apply_listed_dates' : 'block',
    holidayCalendarReviews: {},
    proclamationDays: {},
    defaultObservedShift: 'sat->fri,sun->mon',
    laEmergencyActive: false,
    utahPriorConsentRelief: false,
    requireConsentForStaffTouches: true,
    writtenConsentForAutomatedReactivationIn: ['FL', 'OK', 'MD', 'CT'],
    applyPracticeStateRules: true,
    emailWindow: 'federal',
  };
}

export const strictPolicy: ContactPolicy = Object.freeze(defaultsFrom(bundledRules)) as ContactPolicy;
export const defaultPolicy: ContactPolicy = strictPolicy;

/** The legal ceilings validatePolicy enforces (FCC healthcare exemption and residential-line caps). */
export const legalCeilings = { perLocalDay: 1, perRolling7Days: 3 } as const;

export interface PolicyIssue {
  path: string;
  value: unknown;
  message: string;
}

export type PolicyValidation = { ok: true; policy: ContactPolicy } | { ok: false; issues: PolicyIssue[] };

const isoDate = z.string().refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && DateTime.fromISO(s).isValid, 'expected a date YYYY-MM-DD');

const policySchema = z.object({
  maxAutomatedTouchesPerLocalDay: z.number().int().min(0),
  maxAutomatedTouchesPerRolling7Days: z.number().int().min(0),
  maxTouchesPerProgramPer7Days: z.number().int().min(0).max(21),
  programCapExemptPurposes: z.array(z.enum(purposes)),
  smsHandoffCutoffMinutes: z.number().int().min(0).max(180),
  sundayHolidayBansForAppointmentReminders: z.union([
    z.object({ apply: z.literal(true) }),
    z.object({ apply: z.literal(false), approvedBy: z.string() }),
  ]),
  adoptUnverifiedLeads: z.boolean(),
  unreviewedHolidayCalendars: z.enum(['block', 'apply_listed_dates']),
  holidayCalendarReviews: z.record(z.string(), z.array(z.number().int().min(2000).max(2100))),
  proclamationDays: z.record(z.string(), z.array(isoDate)),
  defaultObservedShift: z.string().nullable(),
  laEmergencyActive: z.boolean(),
  utahPriorConsentRelief: z.boolean(),
  requireConsentForStaffTouches: z.boolean(),
  writtenConsentForAutomatedReactivationIn: z.array(z.string().regex(/^[A-Z]{2}$/, 'expected a two-letter state code')),
  applyPracticeStateRules: z.boolean(),
  emailWindow: z.enum(['federal', 'none']),
}).strict();

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let v: unknown = input;
  for (const key of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}

/**
 * Validates a (partial) policy from configuration, filling gaps from the strict defaults. Every
 * problem is listed with what was given and what is allowed.
 */
export function validatePolicy(input: unknown, rules: CallingRules | null = bundledRules): PolicyValidation {
  if (input !== undefined && (input === null || typeof input !== 'object' || Array.isArray(input))) {
    return { ok: false, issues: [{ path: '(policy)', value: input, message: 'the policy must be an object of settings' }] };
  }
  const merged = { ...defaultsFrom(rules), ...(input as Record<string, unknown> | undefined) };
  const parsed = policySchema.safeParse(merged);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => {
        const path = i.path.map(String).join('.');
        return { path, value: valueAt(merged, i.path), message: `${path}: ${i.message} (given ${JSON.stringify(valueAt(merged, i.path))})` };
      }),
    };
  }
  const policy = parsed.data as ContactPolicy;
  const issues: PolicyIssue[] = [];
  if (policy.maxAutomatedTouchesPerLocalDay > legalCeilings.perLocalDay) {
    issues.push({
      path: 'maxAutomatedTouchesPerLocalDay', value: policy.maxAutomatedTouchesPerLocalDay,
      message: `maxAutomatedTouchesPerLocalDay is ${policy.maxAutomatedTouchesPerLocalDay}; at most ${legalCeilings.perLocalDay} is allowed (FCC healthcare-exemption and residential-line cap: 1 message per day)`,
    });
  }
  if (policy.maxAutomatedTouchesPerRolling7Days > legalCeilings.perRolling7Days) {
    issues.push({
      path: 'maxAutomatedTouchesPerRolling7Days', value: policy.maxAutomatedTouchesPerRolling7Days,
      message: `maxAutomatedTouchesPerRolling7Days is ${policy.maxAutomatedTouchesPerRolling7Days}; at most ${legalCeilings.perRolling7Days} is allowed (FCC healthcare-exemption cap: 3 messages per week)`,
    });
  }
  const ban = policy.sundayHolidayBansForAppointmentReminders;
  if (!ban.apply && ban.approvedBy.trim() === '') {
    issues.push({
      path: 'sundayHolidayBansForAppointmentReminders.approvedBy', value: ban.approvedBy,
      message: 'turning off Sunday and holiday bans for appointment reminders needs the name of the approver (given an empty name)',
    });
  }
  if (policy.defaultObservedShift !== null && parseObservedShift(policy.defaultObservedShift) === null) {
    issues.push({
      path: 'defaultObservedShift', value: policy.defaultObservedShift,
      message: `defaultObservedShift "${policy.defaultObservedShift}" is not a shift rule; use e.g. "sat->fri,sun->mon" or null`,
    });
  }
  if (rules) {
    const known = Object.keys(rules.holidayCalendars);
    for (const key of [...Object.keys(policy.holidayCalendarReviews), ...Object.keys(policy.proclamationDays)]) {
      if (!known.includes(key)) {
        issues.push({ path: key, value: key, message: `holiday calendar "${key}" does not exist; allowed: ${known.join(', ')}` });
      }
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, policy };
}

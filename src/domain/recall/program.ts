/**
 * A recall program as data: which patients it applies to (its trigger), when outreach starts and
 * ends, what suppresses it, its cadence, scripts and templates, the gate purpose of its touches and
 * its urgency. Specialty clinics add programs (a 6-week post-procedure follow-up, an annual diabetic
 * eye exam, a referral not completed within 30 days) by writing one of these, not code;
 * validateProgram() says exactly what is wrong when they get it wrong.
 */
import { z } from 'zod';
import { cadenceSchema } from '../cadence/cadence.js';
import { purposes } from '../compliance/types.js';
import { calendarDurationSchema } from './calendar-duration.js';

export const codeSystems = ['CDT', 'CPT', 'SNOMED', 'ICD10'] as const;
export type CodeSystem = (typeof codeSystems)[number];

const code = z.string().trim().min(1).max(40);
/** Trigger codes per code system, e.g. { "CDT": ["D1110"], "SNOMED": ["1260009003"] }. */
export const triggerCodesSchema = z.object({
  CDT: z.array(code).optional(), CPT: z.array(code).optional(), SNOMED: z.array(code).optional(), ICD10: z.array(code).optional(),
}).strict();
export type TriggerCodes = z.infer<typeof triggerCodesSchema>;

const matchers = {
  codes: triggerCodesSchema.default({}),
  /** Also count procedures that data/procedure-programs.json maps to this program's key. */
  useProcedureMap: z.boolean().default(false),
  /** Appointment types (appointments.type, case-insensitive) that count like a trigger code. */
  appointmentTypes: z.array(z.string().trim().min(1)).default([]),
};

/** Last completed trigger + interval (hygiene, perio maintenance, exam, annual eye exam). */
const intervalTrigger = z.object({
  kind: z.literal('interval'),
  ...matchers,
  interval: calendarDurationSchema,
  /** imported_recalls.recall_type values (case-insensitive) whose PMS due date wins over the computed one. */
  importedRecallTypes: z.array(z.string().trim().min(1)).default([]),
}).strict();

/** Planned procedures (treatment presented) that no scheduled appointment carries. */
const plannedTreatmentTrigger = z.object({
  kind: z.literal('planned_treatment'),
  ...matchers,
  /** Treatment presented longer ago than this is left alone. */
  presentedWithin: calendarDurationSchema.optional(),
}).strict();

/** A cancelled or no-show appointment with no later appointment. */
const missedVisitTrigger = z.object({
  kind: z.literal('missed_visit'),
  statuses: z.array(z.enum(['cancelled', 'no_show'])).min(1).default(['cancelled', 'no_show']),
  /** Only these appointment types; empty = every type. */
  appointmentTypes: z.array(z.string().trim().min(1)).default([]),
}).strict();

/** A completed procedure (or appointment type) + a delay: post-op check, 6-week follow-up, result review. */
const afterProcedureTrigger = z.object({
  kind: z.literal('after_procedure'),
  ...matchers,
  after: calendarDurationSchema,
}).strict();

/** A scheduled, unconfirmed appointment; the outreach window is counted from its start. */
const confirmationTrigger = z.object({
  kind: z.literal('confirmation'),
  appointmentTypes: z.array(z.string().trim().min(1)).default([]),
}).strict();

/** No completed visit for N months and no future appointment. */
const lapsedTrigger = z.object({
  kind: z.literal('lapsed'),
  lapsedAfterMonths: z.number().int().min(12, 'lapsed window must be 12 to 36 months').max(36, 'lapsed window must be 12 to 36 months'),
}).strict();

/** An outgoing referral not completed within a window. */
const referralTrigger = z.object({
  kind: z.literal('referral'),
  /** Only referrals to these specialties (case-insensitive); empty = every referral. */
  specialties: z.array(z.string().trim().min(1)).default([]),
  notCompletedWithin: calendarDurationSchema,
}).strict();

export const triggerSchema = z.discriminatedUnion('kind', [
  intervalTrigger, plannedTreatmentTrigger, missedVisitTrigger, afterProcedureTrigger, confirmationTrigger, lapsedTrigger, referralTrigger,
]);
export type ProgramTrigger = z.infer<typeof triggerSchema>;
export type TriggerKind = ProgramTrigger['kind'];

export const suppressionRules = ['any_future_appointment', 'appointment_with_code', 'nothing'] as const;
export type SuppressionRule = (typeof suppressionRules)[number];

export const programSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{1,47}$/, 'use lower-case letters, digits and underscores, starting with a letter (e.g. "diabetic_eye_exam")'),
  name: z.string().trim().min(1).max(80),
  enabled: z.boolean().default(true),
  /** The gate purpose of this program's touches (recall_due, treatment_followup, post_op, …). */
  purpose: z.enum(purposes),
  /** 0–100; orders reasons in a case and cases in the worklist (post-op 90 … reactivation 20). */
  urgency: z.number().int().min(0).max(100),
  trigger: triggerSchema,
  /** Outreach window relative to the due date (negative = before): start 14 days before, end open. */
  outreach: z.object({ start: calendarDurationSchema, end: calendarDurationSchema.nullable().default(null) }).strict(),
  /** What takes an item off the list: any future appointment, one that carries the planned code, or nothing. */
  suppressedBy: z.enum(suppressionRules),
  /** Programs this one replaces when its trigger is at least as recent (perio maintenance replaces hygiene). */
  supersedes: z.array(z.string()).default([]),
  cadence: cadenceSchema,
  /**
   * The channels whose cadence steps the dispatcher sends by itself (through the gate at hand-off);
   * steps on other channels wait for a person. Empty: every step is worked by staff.
   */
  automatedChannels: z.array(z.enum(['sms', 'email'])).default([]),
  /** Script shown to staff and the message templates per channel (keys into messages/). */
  scriptKey: z.string().min(1),
  templateKeys: z.object({ sms: z.string().optional(), email: z.string().optional(), voicemail: z.string().optional(), letter: z.string().optional() }).strict().default({}),
}).strict();

export type RecallProgram = z.infer<typeof programSchema>;
/** What a clinic writes: defaults (enabled, codes, supersedes …) may be left out. */
export type RecallProgramInput = z.input<typeof programSchema>;

export interface ProgramIssue {
  /** Where in the program, e.g. "trigger.lapsedAfterMonths". */
  path: string;
  /** The value given there (undefined when missing). */
  value: unknown;
  message: string;
}

export type ProgramValidation = { ok: true; program: RecallProgram } | { ok: false; issues: ProgramIssue[] };

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function describeAllowed(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value') return `; allowed: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator) {
    return '; allowed kinds: interval, planned_treatment, missed_visit, after_procedure, confirmation, lapsed, referral';
  }
  if (issue.code === 'unrecognized_keys') return '';
  return '';
}

/**
 * Checks a program a clinic wrote and returns it with defaults filled in, or every problem with
 * where it is, what was given and what is allowed. Expected outcome: a value, never a throw.
 */
export function validateProgram(input: unknown): ProgramValidation {
  const parsed = programSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((issue) => {
        const path = issue.path.map(String).join('.') || '(program)';
        const value = valueAt(input, issue.path);
        const given = value === undefined ? 'missing' : `given ${JSON.stringify(value)}`;
        return { path, value, message: `${path}: ${issue.message} (${given})${describeAllowed(issue)}` };
      }),
    };
  }
  const program = parsed.data;
  const issues: ProgramIssue[] = [];
  const t = program.trigger;
  if ((t.kind === 'interval' || t.kind === 'after_procedure') && !t.useProcedureMap && t.appointmentTypes.length === 0
    && Object.values(t.codes).every((list) => !list || list.length === 0)) {
    issues.push({ path: 'trigger.codes', value: t.codes, message: 'trigger.codes: a program needs trigger codes, appointment types or useProcedureMap: true, or it never applies to anyone (given none)' });
  }
  if (program.supersedes.includes(program.key)) {
    issues.push({ path: 'supersedes', value: program.supersedes, message: `supersedes: a program cannot supersede itself (given "${program.key}")` });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, program };
}

/** Validates a whole set: each program and unique keys. */
export function validatePrograms(inputs: unknown[]): { ok: true; programs: RecallProgram[] } | { ok: false; issues: ProgramIssue[] } {
  const issues: ProgramIssue[] = [];
  const programs: RecallProgram[] = [];
  inputs.forEach((input, i) => {
    const result = validateProgram(input);
    if (result.ok) programs.push(result.program);
    else issues.push(...result.issues.map((issue) => ({ ...issue, path: `[${i}].${issue.path}`, message: `program ${i + 1}: ${issue.message}` })));
  });
  const seen = new Set<string>();
  for (const p of programs) {
    if (seen.has(p.key)) issues.push({ path: 'key', value: p.key, message: `key: "${p.key}" is used by two programs; keys must be unique` });
    seen.add(p.key);
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, programs };
}

/**
 * How long a visit of each program takes and who sees the patient, read from
 * appointment-types.json and validated when loaded (a typo in the data fails every test instead of
 * offering 0-minute visits). A program missing from the data takes `defaultMinutes` with any provider.
 */
import { z } from 'zod';
import data from './appointment-types.json' with { type: 'json' };

/** A provider role as providers.role stores it. */
export type BookingRole = 'dentist' | 'hygienist' | 'physician' | 'other';

export interface AppointmentType {
  minutes: number;
  /** Roles that may see the patient; empty = any provider. A provider whose role is 'other' (not stated) is never excluded. */
  roles: readonly BookingRole[];
  /** The treatment plan's own length wins when the plan states one. */
  fromPlan: boolean;
}

const minutes = z.number({ error: 'must be a number of minutes' }).int({ error: 'must be whole minutes' })
  .min(5, { error: 'must be at least 5 minutes' }).max(480, { error: 'must be at most 480 minutes (8 hours)' })
  .refine((m) => m % 5 === 0, { error: 'must be a multiple of 5 minutes' });

const typeSchema = z.strictObject({
  minutes,
  roles: z.array(z.enum(['dentist', 'hygienist', 'physician', 'other'])).default([]),
  fromPlan: z.boolean().default(false),
});

export const appointmentTypesSchema = z.strictObject({
  defaultMinutes: minutes,
  types: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, { error: 'must be a program key (lower case, digits, _)' }), typeSchema),
});

export type AppointmentTypes = z.infer<typeof appointmentTypesSchema>;

function load(): AppointmentTypes {
  const parsed = appointmentTypesSchema.safeParse(data);
  if (!parsed.success) {
    throw new Error(`booking/appointment-types.json is invalid:\n${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  return parsed.data;
}

export const defaultAppointmentTypes: AppointmentTypes = load();

/**
 * The visit a case books: its lead program's type, else the default length with any provider. For a
 * type that takes its length from the plan, `plannedMinutes` (when known and positive) wins.
 */
export function appointmentTypeFor(
  programKey: string | null,
  options: { plannedMinutes?: number | null; types?: AppointmentTypes } = {},
): AppointmentType {
  const types = options.types ?? defaultAppointmentTypes;
  const type = programKey !== null ? types.types[programKey] : undefined;
  if (!type) return { minutes: types.defaultMinutes, roles: [], fromPlan: false };
  const planned = options.plannedMinutes;
  const fromPlan = type.fromPlan && planned !== undefined && planned !== null && planned > 0;
  return { minutes: fromPlan ? planned : type.minutes, roles: type.roles, fromPlan: type.fromPlan };
}

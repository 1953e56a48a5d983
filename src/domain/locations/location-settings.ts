/**
 * An office's settings as an administrator edits them: name, address, phone, time zone, working
 * hours per weekday (with the remote call team's extended hours), closures, and the caller ID and
 * sender identity the channels use. One zod schema checks every field and reports every problem with
 * what is wrong, what was given and what is allowed.
 *
 * Office hours are stored in locations.hours (jsonb). Two shapes exist: the original
 * { opensAt, closesAt, workingDays, holidayNames?, closedDates?, openDates? } (one set of hours for
 * all working days) and this module's { week, closures, observeStateHolidays }. `calendarSettingsOf`
 * reads either into a BusinessCalendar, so databases written before per-weekday hours keep working.
 */
import { z } from 'zod';
import type { BusinessCalendar, Closure, DayHours } from '../cadence/business-days.js';
import { isValidTimeZone, parseDay } from '../cadence/zoned-time.js';
import type { ErrorIssue } from '../errors.js';

/** Weekday keys in ISO order: mon = 1 … sun = 7. */
export const weekdayKeys = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekdayKey = (typeof weekdayKeys)[number];

export const weekdayNames: Record<WeekdayKey, string> = {
  mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday',
};

/** One weekday: office hours and, optionally, how long the remote call team works on. */
export interface WeekdayHours extends DayHours {
  extendedUntil: string | null;
}

export interface OfficeHours {
  /** null = closed that weekday. */
  week: Record<WeekdayKey, WeekdayHours | null>;
  closures: Closure[];
  /** false: only the closures close the office (its own holidays instead of the state's). */
  observeStateHolidays: boolean;
}

/** Monday–Friday 08:00–17:00, the state's public holidays: what an office without settings works. */
export const defaultOfficeHours: OfficeHours = {
  week: {
    mon: { opensAt: '08:00', closesAt: '17:00', extendedUntil: null }, tue: { opensAt: '08:00', closesAt: '17:00', extendedUntil: null },
    wed: { opensAt: '08:00', closesAt: '17:00', extendedUntil: null }, thu: { opensAt: '08:00', closesAt: '17:00', extendedUntil: null },
    fri: { opensAt: '08:00', closesAt: '17:00', extendedUntil: null }, sat: null, sun: null,
  },
  closures: [],
  observeStateHolidays: true,
};

const timePattern = /^([01]\d|2[0-3]):[0-5]\d$/;
const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

const time = z.string({ error: 'must be a time of day as HH:mm (24-hour), e.g. "08:00"' })
  .regex(timePattern, { error: 'is not a time of day; use HH:mm on a 24-hour clock, from "00:00" to "23:59", e.g. "08:00" or "17:30"' });

const weekdayHoursSchema = z.strictObject({
  opensAt: time,
  closesAt: time,
  extendedUntil: time.nullable().default(null),
}, { error: 'must be { opensAt, closesAt, extendedUntil? } or null (closed that day)' }).superRefine((day, ctx) => {
  if (minutesOf(day.closesAt) <= minutesOf(day.opensAt)) {
    ctx.addIssue({ code: 'custom', path: ['closesAt'], input: day.closesAt, message: `must be after the opening time ${day.opensAt}; an office day opens and closes on the same day` });
  }
  if (day.extendedUntil !== null && minutesOf(day.extendedUntil) <= minutesOf(day.closesAt)) {
    ctx.addIssue({ code: 'custom', path: ['extendedUntil'], input: day.extendedUntil, message: `must be after the closing time ${day.closesAt} (extended hours run on after the office closes), or null for none` });
  }
});

const localDate = z.string({ error: 'must be a date as YYYY-MM-DD, e.g. "2026-12-24"' })
  .refine((d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && parseDay(d) !== null, { error: 'is not a calendar date; use YYYY-MM-DD, e.g. "2026-12-24"' });

const closureSchema = z.strictObject({
  date: localDate,
  name: z.string().trim().max(80, { error: 'must be at most 80 characters' }).nullable().default(null).transform((n) => (n === '' ? null : n)),
}, { error: 'must be { date: "YYYY-MM-DD", name?: "Christmas Eve" }' });

export const officeHoursSchema = z.strictObject({
  week: z.strictObject(
    Object.fromEntries(weekdayKeys.map((k) => [k, weekdayHoursSchema.nullable()])) as Record<WeekdayKey, z.ZodNullable<typeof weekdayHoursSchema>>,
    { error: `must name every weekday (${weekdayKeys.join(', ')}), each with its hours or null when closed` },
  ),
  closures: z.array(closureSchema).max(366, { error: 'may list at most 366 closures' }).default([]).superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((c, i) => {
      if (seen.has(c.date)) ctx.addIssue({ code: 'custom', path: [i, 'date'], input: c.date, message: 'is listed twice; give each closed date once' });
      seen.add(c.date);
    });
  }),
  observeStateHolidays: z.boolean({ error: 'must be true (the state\'s public holidays close the office) or false (only the closures do)' }).default(true),
}, { error: 'must be { week, closures, observeStateHolidays }' });

const e164 = z.string({ error: 'must be a phone number in E.164 form, e.g. "+18135550100"' })
  .regex(/^\+[1-9]\d{7,14}$/, { error: 'is not an E.164 phone number; use + and the country code with digits only, e.g. "+18135550100"' });

const optionalText = (max: number) => z.string({ error: 'must be text or null' }).trim().max(max, { error: `must be at most ${max} characters` }).nullable()
  .transform((v) => (v === '' ? null : v));

/** What PATCH /api/locations/:id and `recare locations set-…` may change; every field optional. */
export const locationChangeSchema = z.strictObject({
  name: z.string({ error: 'must be text' }).trim().min(1, { error: 'must not be empty' }).max(120, { error: 'must be at most 120 characters' }),
  address1: optionalText(200),
  city: optionalText(100),
  state: z.string({ error: 'must be a two-letter US state code' }).trim().toUpperCase()
    .regex(/^[A-Z]{2}$/, { error: 'is not a two-letter US state code; use e.g. "FL" or "TX"' }).nullable(),
  zip: z.string({ error: 'must be a ZIP code' }).trim().regex(/^\d{5}(-\d{4})?$/, { error: 'is not a ZIP code; use 5 digits or ZIP+4, e.g. "33602"' }).nullable(),
  phone: e164.nullable(),
  timeZone: z.string({ error: 'must be an IANA time zone' })
    .refine((zone) => isValidTimeZone(zone), { error: 'is not an IANA time zone; use e.g. "America/New_York", "America/Chicago" or "America/Phoenix"' }),
  hours: officeHoursSchema,
  callerId: e164.nullable(),
  senderName: optionalText(80),
  senderEmail: z.email({ error: 'is not an email address; use one plain address such as "tampa@smile-dental.example"' }).max(254).nullable(),
}).partial();

export type LocationChange = z.infer<typeof locationChangeSchema>;

export type ParsedLocationChange = { ok: true; change: LocationChange } | { ok: false; issues: ErrorIssue[] };

/** The change, or every problem with its path, the value given and what is allowed. */
export function parseLocationChange(input: unknown): ParsedLocationChange {
  const parsed = locationChangeSchema.safeParse(input ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => {
        const path = i.path.map(String).join('.') || '(body)';
        const value = i.path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k as string] : undefined), input);
        return { path, ...(value !== undefined ? { value } : {}), message: i.message };
      }),
    };
  }
  if (Object.keys(parsed.data).length === 0) {
    return { ok: false, issues: [{ path: '(body)', message: `changes nothing; give at least one of ${Object.keys(locationChangeSchema.shape).join(', ')}` }] };
  }
  return { ok: true, change: parsed.data };
}

/** One line for an AppError message: `week.mon.opensAt "8am": is not a time of day; …`. */
export function describeIssues(issues: readonly ErrorIssue[]): string {
  return issues.map((i) => `${i.path}${i.value !== undefined ? ` ${JSON.stringify(i.value)}` : ''}: ${i.message}`).join('; ');
}

// ---- reading what is stored ------------------------------------------------------------------------

const isTime = (v: unknown): v is string => typeof v === 'string' && timePattern.test(v);
const isDateList = (v: unknown): v is string[] => Array.isArray(v) && v.every((d) => typeof d === 'string');

/** The office hours of a stored locations.hours value, in either shape (an unreadable value: the defaults). */
export function readOfficeHours(stored: unknown): OfficeHours {
  const raw = stored !== null && typeof stored === 'object' ? (stored as Record<string, unknown>) : {};
  if ('week' in raw) {
    const parsed = officeHoursSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
  }
  // The original shape: the same hours on every working day, plus unnamed closed dates.
  const opensAt = isTime(raw.opensAt) ? raw.opensAt : '08:00';
  const closesAt = isTime(raw.closesAt) ? raw.closesAt : '17:00';
  const workingDays = Array.isArray(raw.workingDays) && raw.workingDays.every((d) => Number.isInteger(d) && d >= 1 && d <= 7) ? (raw.workingDays as number[]) : [1, 2, 3, 4, 5];
  const week = Object.fromEntries(weekdayKeys.map((k, i) => [k, workingDays.includes(i + 1) ? { opensAt, closesAt, extendedUntil: null } : null])) as OfficeHours['week'];
  const closures = isDateList(raw.closedDates) ? raw.closedDates.map((date) => ({ date, name: null })) : [];
  return { week, closures, observeStateHolidays: !(Array.isArray(raw.holidayNames) && raw.holidayNames.length === 0) };
}

/**
 * The one reader from locations.hours to the business calendar: per-weekday hours, extended hours and
 * named closures from the new shape; opensAt/closesAt/workingDays (and holidayNames, closedDates,
 * openDates) from the original one.
 */
export function calendarSettingsOf(stored: unknown): Partial<BusinessCalendar> {
  const raw = stored !== null && typeof stored === 'object' ? (stored as Record<string, unknown>) : {};
  if ('week' in raw) {
    const parsed = officeHoursSchema.safeParse(raw);
    if (parsed.success) return calendarOfHours(parsed.data);
  }
  const out: Partial<BusinessCalendar> = {};
  if (isTime(raw.opensAt)) out.opensAt = raw.opensAt;
  if (isTime(raw.closesAt)) out.closesAt = raw.closesAt;
  if (Array.isArray(raw.workingDays) && raw.workingDays.every((d) => Number.isInteger(d) && d >= 1 && d <= 7)) out.workingDays = raw.workingDays as number[];
  if (raw.holidayNames === null || isDateList(raw.holidayNames)) out.holidayNames = raw.holidayNames;
  if (isDateList(raw.closedDates)) out.closedDates = raw.closedDates;
  if (isDateList(raw.openDates)) out.openDates = raw.openDates;
  return out;
}

/** The calendar fields of office hours in the new shape. */
export function calendarOfHours(hours: OfficeHours): Partial<BusinessCalendar> {
  const weeklyHours: Record<number, DayHours | null> = {};
  const extendedUntil: Record<number, string> = {};
  weekdayKeys.forEach((key, i) => {
    const day = hours.week[key];
    weeklyHours[i + 1] = day ? { opensAt: day.opensAt, closesAt: day.closesAt } : null;
    if (day?.extendedUntil) extendedUntil[i + 1] = day.extendedUntil;
  });
  return {
    weeklyHours, extendedUntil, closures: hours.closures,
    // An empty filter matches no public holiday: only the office's own closures close it.
    holidayNames: hours.observeStateHolidays ? null : [],
  };
}

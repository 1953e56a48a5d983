/**
 * Calendar durations of programs ("6 months", "48 hours before") and how they read in evidence text.
 * Months are calendar months: 2025-08-31 + 6 months = 2026-02-28, as a front desk would count.
 */
import { z } from 'zod';
import { addToInstantIn, addToLocalDate } from '../cadence/zoned-time.js';

const part = z.number().int().min(-1200).max(1200);
export const calendarDurationSchema = z.object({
  years: part.optional(), months: part.optional(), weeks: part.optional(), days: part.optional(), hours: part.optional(),
}).strict().refine((d) => Object.values(d).some((v) => v !== undefined), { message: 'give at least one of years, months, weeks, days, hours' });

export type CalendarDuration = z.infer<typeof calendarDurationSchema>;

/** A local calendar date plus a duration (hours are ignored on dates). */
export function addToDate(localDate: string, duration: CalendarDuration): string {
  return addToLocalDate(localDate, duration);
}

/** An instant plus a duration, counted in a time zone so that "48 hours before" and "+1 day" survive DST. */
export function addToInstant(instant: Date, duration: CalendarDuration, timeZone: string): Date {
  return addToInstantIn(instant, duration, timeZone);
}

const unitNames: [keyof CalendarDuration, string][] = [['years', 'year'], ['months', 'month'], ['weeks', 'week'], ['days', 'day'], ['hours', 'hour']];

// Programs are values never changed in place, so a duration's words are memoized per object.
const described = new WeakMap<CalendarDuration, string>();

/** "6 months", "1 year 2 weeks", "48 hours" (signs dropped: the sentence says before or after). */
export function describeDuration(duration: CalendarDuration): string {
  let text = described.get(duration);
  if (text === undefined) {
    text = wordsOf(duration);
    described.set(duration, text);
  }
  return text;
}

function wordsOf(duration: CalendarDuration): string {
  const words = unitNames.flatMap(([key, name]) => {
    const value = Math.abs(duration[key] ?? 0);
    return value === 0 ? [] : [`${value} ${name}${value === 1 ? '' : 's'}`];
  });
  return words.length > 0 ? words.join(' ') : '0 days';
}

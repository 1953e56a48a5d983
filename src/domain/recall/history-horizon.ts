/**
 * How much of a patient's history a plan must read one row at a time: completed procedures recent
 * enough for an after-procedure program to still be looking at them, and completed appointments of the
 * types a program triggers on. Everything older arrives as the latest row per code (plan-facts.ts).
 */
import { DateTime } from 'luxon';
import type { CalendarDuration } from './calendar-duration.js';
import type { RecallProgram } from './program.js';

const durationDays = (d: CalendarDuration | null | undefined) =>
  d ? Math.abs(d.years ?? 0) * 366 + Math.abs(d.months ?? 0) * 31 + Math.abs(d.weeks ?? 0) * 7 + Math.abs(d.days ?? 0) + Math.ceil(Math.abs(d.hours ?? 0) / 24) : 0;

/** The first date whose completed procedures must arrive one by one; null: all of them (an open-ended program). */
export function completedDetailSince(programs: readonly RecallProgram[], now: Date): string | null {
  let horizon = 0;
  for (const p of programs) {
    if (p.trigger.kind !== 'after_procedure') continue;
    if (p.outreach.end === null) return null;
    horizon = Math.max(horizon, durationDays(p.trigger.after) + durationDays(p.outreach.end) + durationDays(p.outreach.start));
  }
  return DateTime.fromJSDate(now, { zone: 'utc' }).minus({ days: horizon + 3 }).toISODate();
}

/** The appointment types (trimmed, lower case) any program triggers on. */
export function triggerAppointmentTypes(programs: readonly RecallProgram[]): string[] {
  const types = new Set<string>();
  for (const p of programs) {
    if (p.trigger.kind === 'interval' || p.trigger.kind === 'after_procedure') for (const t of p.trigger.appointmentTypes) types.add(t.trim().toLowerCase());
  }
  return [...types];
}

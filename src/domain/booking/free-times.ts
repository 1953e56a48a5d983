/**
 * Free times a booking link may offer, from Recare's own calendar: the office's business days and
 * hours (closures and observed holidays close it), the provider and chair schedules, minus the busy
 * appointments. Pure: the calendar, schedules, appointments, duration and "now" are arguments.
 *
 * A start time is free for a schedule block (a provider in a chair, or a chair or provider alone)
 * when the whole visit lies inside both the block and the office's hours of that local date, it
 * starts at least the lead time after now, and no busy appointment overlaps it in the same chair or
 * with the same provider. Start times lie on a grid of `stepMinutes` after local midnight, in wall
 * time, so 09:00 stays 09:00 across a DST change; a wall time that does not exist that day is skipped.
 * A date row of a provider (or of a chair without a provider) replaces that provider's weekday rows
 * for the date; a date row without hours means not working that day.
 *
 * Spreading rule (what the patient sees):
 * 1. The days of the horizon that have a free time are counted (n). Up to `max` of them are picked
 *    evenly spaced from the first to the last (day index round(i·(n−1)/(max−1))), so the offer
 *    covers both weeks and different weekdays instead of the next few days only.
 * 2. On the i-th picked day the earliest free morning time (before 12:00 local) is offered when i is
 *    even, the earliest afternoon time when i is odd; when that half has none, the other half's.
 * 3. With fewer days than `max`, the other half of each day follows, in day order; then any further
 *    time, earliest first, at least two hours from the times already chosen on its day.
 * The times are returned in chronological order.
 */
import {
  atLocalTime, closingTime, isBusinessDay, localDateOf, localMinutesOf, minutesOf, openingTime, addCalendarDays,
  type BusinessCalendar,
} from '../cadence/business-days.js';
import { parseDay, weekdayOf } from '../cadence/zoned-time.js';
import type { BookingRole } from './appointment-types.js';

/** One schedule row: a provider and/or a chair at the office, by ISO weekday or for one date. */
export interface ScheduleBlock {
  providerId: number | null;
  /** The provider's role, to match the appointment type; null = not known (never excluded). */
  providerRole: BookingRole | null;
  chair: string | null;
  /** 1 = Monday … 7 = Sunday; null on a date row. */
  weekday: number | null;
  /** 'YYYY-MM-DD' local; null on a weekday row. */
  date: string | null;
  /** Local 'HH:mm'; null (both) on a date row = not working that date. */
  start: string | null;
  end: string | null;
}

/** An appointment that occupies its chair and its provider. Unknown chair or provider blocks only the other. */
export interface BusyAppointment {
  startsAt: Date;
  durationMinutes: number;
  providerId: number | null;
  chair: string | null;
}

export interface FreeTimeQuery {
  calendar: BusinessCalendar;
  schedules: readonly ScheduleBlock[];
  busy: readonly BusyAppointment[];
  durationMinutes: number;
  /** Roles that may see the patient (the appointment type's); empty or absent = any. */
  roles?: readonly BookingRole[];
  now: Date;
  /** Calendar days searched, today included. Default 14. */
  horizonDays?: number;
  /** At most this many times. Default 6. */
  max?: number;
  /** No time sooner than this after now. Default 120 minutes. */
  leadMinutes?: number;
  /** Start times on this grid of local minutes. Default 15. */
  stepMinutes?: number;
  /** Only times this accepts are offered (a patient's proposed days and day parts); absent = all. */
  accept?: (time: FreeTime) => boolean;
}

export interface FreeTime {
  startsAt: Date;
  endsAt: Date;
  providerId: number | null;
  chair: string | null;
  /** Local date and 'HH:mm' in the office's zone. */
  localDate: string;
  localTime: string;
  half: 'morning' | 'afternoon';
}

export const freeTimeDefaults = { horizonDays: 14, max: 6, leadMinutes: 120, stepMinutes: 15 } as const;

const msPerMinute = 60_000;
/** Round 3 keeps further times of one day this far apart. */
const sameDayGapMinutes = 120;
const noon = 12 * 60;

function isoWeekdayOfDate(localDate: string): number {
  const day = parseDay(localDate);
  if (day === null) throw new Error(`not a local date: ${localDate}`);
  return weekdayOf(day);
}

const ownerKey = (b: { providerId: number | null; chair: string | null }) => (b.providerId !== null ? `p${b.providerId}` : `c${b.chair ?? ''}`);

/** The blocks that apply on a local date, in a stable order (provider id, then chair; chair-only rows last). */
export function blocksOn(schedules: readonly ScheduleBlock[], localDate: string, roles: readonly BookingRole[] = []): ScheduleBlock[] {
  const weekday = isoWeekdayOfDate(localDate);
  const overridden = new Set(schedules.filter((b) => b.date === localDate).map(ownerKey));
  const applies = (b: ScheduleBlock) => (b.date === localDate || (b.date === null && b.weekday === weekday && !overridden.has(ownerKey(b))));
  const roleFits = (b: ScheduleBlock) => roles.length === 0 || b.providerRole === null || b.providerRole === 'other' || roles.includes(b.providerRole);
  return schedules
    .filter((b) => applies(b) && b.start !== null && b.end !== null && roleFits(b))
    .sort((a, b) => (a.providerId ?? Number.MAX_SAFE_INTEGER) - (b.providerId ?? Number.MAX_SAFE_INTEGER)
      || (a.chair ?? '').localeCompare(b.chair ?? '') || minutesOf(a.start ?? '') - minutesOf(b.start ?? ''));
}

function overlaps(busy: BusyAppointment, start: number, end: number): boolean {
  const busyStart = busy.startsAt.getTime();
  return busyStart < end && busyStart + busy.durationMinutes * msPerMinute > start;
}

function blockIsFree(block: ScheduleBlock, busy: readonly BusyAppointment[], start: number, end: number): boolean {
  return !busy.some((b) => overlaps(b, start, end)
    && ((block.chair !== null && b.chair === block.chair) || (block.providerId !== null && b.providerId === block.providerId)));
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const timeOf = (minutes: number) => `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;

/** Every free start time of one local date (one per instant: the first free block in blocksOn order). */
export function freeTimesOn(query: FreeTimeQuery, localDate: string): FreeTime[] {
  const { calendar, durationMinutes } = query;
  const step = query.stepMinutes ?? freeTimeDefaults.stepMinutes;
  if (!isBusinessDay(calendar, localDate)) return [];
  const earliest = query.now.getTime() + (query.leadMinutes ?? freeTimeDefaults.leadMinutes) * msPerMinute;
  const opens = minutesOf(openingTime(calendar, localDate));
  const closes = minutesOf(closingTime(calendar, localDate, 'office'));
  const blocks = blocksOn(query.schedules, localDate, query.roles ?? []);
  const found = new Map<number, FreeTime>();
  for (const block of blocks) {
    const from = Math.max(opens, minutesOf(block.start ?? '00:00'));
    const until = Math.min(closes, minutesOf(block.end ?? '00:00'));
    for (let m = Math.ceil(from / step) * step; m + durationMinutes <= until; m += step) {
      const startsAt = atLocalTime(calendar, localDate, timeOf(m));
      const start = startsAt.getTime();
      if (found.has(start) || start < earliest) continue;
      // A wall time that does not exist (a spring-forward gap) resolves elsewhere: not offered.
      if (localDateOf(calendar, startsAt) !== localDate || localMinutesOf(calendar, startsAt) !== m) continue;
      const end = start + durationMinutes * msPerMinute;
      const endsAt = new Date(end);
      // A visit that a clock change would stretch past the block's wall-clock end is not offered either.
      if (localDateOf(calendar, endsAt) !== localDate || localMinutesOf(calendar, endsAt) !== m + durationMinutes) continue;
      if (!blockIsFree(block, query.busy, start, end)) continue;
      found.set(start, {
        startsAt, endsAt, providerId: block.providerId, chair: block.chair, localDate, localTime: timeOf(m), half: m < noon ? 'morning' : 'afternoon',
      });
    }
  }
  return [...found.values()].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** The local dates searched: today (in the office's zone) and the following days of the horizon. */
export function horizonDates(query: Pick<FreeTimeQuery, 'calendar' | 'now' | 'horizonDays'>): string[] {
  const today = localDateOf(query.calendar, query.now);
  const days = query.horizonDays ?? freeTimeDefaults.horizonDays;
  return Array.from({ length: days }, (_, i) => addCalendarDays(today, i));
}

/** At most `max` free times over the horizon, spread by the rule in this file's header. */
export function freeTimes(query: FreeTimeQuery): FreeTime[] {
  const max = query.max ?? freeTimeDefaults.max;
  if (max <= 0) return [];
  const accept = query.accept ?? (() => true);
  const days = horizonDates(query).map((date) => freeTimesOn(query, date).filter(accept)).filter((times) => times.length > 0);
  const chosen: FreeTime[] = [];
  const taken = new Set<FreeTime>();
  const take = (time: FreeTime | undefined) => {
    if (time && chosen.length < max && !taken.has(time)) {
      chosen.push(time);
      taken.add(time);
    }
  };
  const firstIn = (times: FreeTime[], half: FreeTime['half']) => times.find((t) => t.half === half);
  const other = (half: FreeTime['half']) => (half === 'morning' ? 'afternoon' : 'morning');

  const n = days.length;
  const picks = Math.min(max, n);
  for (let i = 0; i < picks; i++) {
    const times = days[picks === 1 ? 0 : Math.round((i * (n - 1)) / (picks - 1))] as FreeTime[];
    const half = i % 2 === 0 ? 'morning' : 'afternoon';
    take(firstIn(times, half) ?? firstIn(times, other(half)));
  }
  for (const times of days) {
    const used = chosen.find((t) => t.localDate === times[0]?.localDate);
    if (used) take(firstIn(times, other(used.half)));
  }
  for (const times of days) {
    for (const time of times) {
      const near = chosen.some((t) => t.localDate === time.localDate
        && Math.abs(t.startsAt.getTime() - time.startsAt.getTime()) < sameDayGapMinutes * msPerMinute);
      if (!near) take(time);
    }
  }
  return chosen.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/**
 * The free time starting at `startsAt`, re-checked against the current appointments, or null when it
 * is taken, past the lead time, outside the horizon, the hours or the schedules, or off the grid.
 * When the chair or provider the patient was offered is still free, that one is kept.
 */
export function freeTimeAt(
  query: FreeTimeQuery,
  startsAt: Date,
  prefer: { providerId: number | null; chair: string | null } | null = null,
): FreeTime | null {
  const localDate = localDateOf(query.calendar, startsAt);
  if (!horizonDates(query).includes(localDate)) return null;
  const at = startsAt.getTime();
  const everyBlock = { ...query, stepMinutes: query.stepMinutes ?? freeTimeDefaults.stepMinutes };
  const blocks = blocksOn(query.schedules, localDate, query.roles ?? []);
  const ordered = prefer
    ? [...blocks.filter((b) => b.providerId === prefer.providerId && b.chair === prefer.chair), ...blocks.filter((b) => !(b.providerId === prefer.providerId && b.chair === prefer.chair))]
    : blocks;
  for (const block of ordered) {
    const hit = freeTimesOn({ ...everyBlock, schedules: [block], roles: [] }, localDate).find((t) => t.startsAt.getTime() === at);
    if (hit) return hit;
  }
  return null;
}

/** Whether a time offered earlier can still be booked. */
export function isStillFree(query: FreeTimeQuery, startsAt: Date): boolean {
  return freeTimeAt(query, startsAt) !== null;
}

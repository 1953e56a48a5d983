/**
 * Business days of one location: its hours per weekday in its own IANA zone, minus the public
 * holidays of its US state (date-holidays) and the dates the office closes (named closures, closed
 * dates) or opens specially. A weekday may have extended hours for a remote call team: staff touches
 * may be placed until then ('staff' hours), while the office's own hours ('office') govern automated
 * messages and openings; whether a given patient may be called then is still the contact gate's call. Local calendar dates are 'YYYY-MM-DD' strings so that a date never shifts with the
 * server's zone; instants are Dates. Luxon resolves DST: a wall time that does not exist (02:30 on a
 * spring-forward Sunday) moves forward, an ambiguous one takes the first occurrence.
 */
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { addToLocalDate, atLocalTimeIn, localDateIn, localMinutesIn, parseDay, weekdayOf } from './zoned-time.js';

/** One weekday's office hours, local 'HH:mm'. */
export interface DayHours {
  opensAt: string;
  closesAt: string;
}

/** A date the office is closed, with the name staff see ("Christmas Eve"); null = unnamed. */
export interface Closure {
  date: string;
  name: string | null;
}

/** Office hours, or the longer day a remote call team works (extended hours count as open for staff touches). */
export type HoursKind = 'office' | 'staff';

export interface BusinessCalendar {
  /** IANA zone of the location (locations.time_zone). */
  timeZone: string;
  /** Two-letter USPS state of the location (locations.state); null = federal holidays only. */
  state: string | null;
  /** ISO weekdays the office works (1 = Monday … 7 = Sunday). Default Monday–Friday. */
  workingDays?: readonly number[];
  /** Local opening and closing time, 'HH:mm'. Defaults 08:00 and 17:00. */
  opensAt?: string;
  closesAt?: string;
  /**
   * Only holidays whose name contains one of these (case-insensitive) close the office; null or
   * absent = every public holiday of the state closes it.
   */
  holidayNames?: readonly string[] | null;
  /** Extra closed dates (staff training, a storm) and special open dates that override a holiday. */
  closedDates?: readonly string[];
  openDates?: readonly string[];
  /**
   * Hours per ISO weekday (1 = Monday … 7 = Sunday); a weekday missing or null is closed. When given
   * it wins over workingDays/opensAt/closesAt (the older one-size-fits-all shape).
   */
  weeklyHours?: Readonly<Partial<Record<number, DayHours | null>>>;
  /** Later closing time per ISO weekday for a remote call team ('HH:mm', after that day's closing). */
  extendedUntil?: Readonly<Partial<Record<number, string>>>;
  /** Named closures: holidays the office observes beyond (or, with holidayNames [], instead of) the state's. */
  closures?: readonly Closure[];
}

/** A locations row (camelCase) is enough to build a calendar; `holidaysRegion` like 'US-FL' wins over `state`. */
export function businessCalendarFor(
  location: { timeZone: string; state: string | null; holidaysRegion?: string | null },
  overrides: Partial<Omit<BusinessCalendar, 'timeZone' | 'state'>> = {},
): BusinessCalendar {
  const region = location.holidaysRegion?.match(/^US-([A-Z]{2})$/i)?.[1]?.toUpperCase();
  return { timeZone: location.timeZone, state: region ?? location.state?.toUpperCase() ?? null, ...overrides };
}

const defaultWorkingDays = [1, 2, 3, 4, 5];

// Building a date-holidays calendar parses its rules; one per state and year is plenty. The cache
// only memoizes a pure function of its key, so it keeps the domain free of observable state.
const holidayCache = new Map<string, Map<string, string>>();

function publicHolidays(state: string | null, year: number): Map<string, string> {
  const key = `${state ?? ''}|${year}`;
  const cached = holidayCache.get(key);
  if (cached) return cached;
  const calendar = state ? new Holidays('US', state, { types: ['public'] }) : new Holidays('US', { types: ['public'] });
  const byDate = new Map<string, string>();
  for (const h of calendar.getHolidays(year) || []) {
    const date = h.date.slice(0, 10);
    byDate.set(date, byDate.has(date) ? `${byDate.get(date)}; ${h.name}` : h.name);
  }
  holidayCache.set(key, byDate);
  return byDate;
}

/** The holiday that closes the office on a local date, or null. */
export function holidayOn(calendar: BusinessCalendar, localDate: string): string | null {
  if (calendar.openDates?.includes(localDate)) return null;
  const closure = calendar.closures?.find((c) => c.date === localDate);
  if (closure) return closure.name ?? 'office closed (closure)';
  if (calendar.closedDates?.includes(localDate)) return 'office closed (closed dates)';
  const name = publicHolidays(calendar.state, Number(localDate.slice(0, 4))).get(localDate) ?? null;
  if (name === null) return null;
  const filter = calendar.holidayNames;
  if (filter && !filter.some((f) => name.toLowerCase().includes(f.toLowerCase()))) return null;
  return name;
}

const defaultHours: DayHours = { opensAt: '08:00', closesAt: '17:00' };

function isoWeekdayOf(localDate: string): number {
  const day = parseDay(localDate);
  return day !== null ? weekdayOf(day) : DateTime.fromISO(localDate, { zone: 'utc' }).weekday;
}

/** The office hours of an ISO weekday, or null when the office does not work that weekday. */
export function weekdayHours(calendar: BusinessCalendar, weekday: number): DayHours | null {
  if (calendar.weeklyHours) return calendar.weeklyHours[weekday] ?? null;
  if (!(calendar.workingDays ?? defaultWorkingDays).includes(weekday)) return null;
  return { opensAt: calendar.opensAt ?? defaultHours.opensAt, closesAt: calendar.closesAt ?? defaultHours.closesAt };
}

/**
 * The hours that apply on a local date, whether or not it is a business day: its weekday's, else (a
 * special open date on a day off) the calendar's general hours, else the first working weekday's.
 */
function hoursOfDate(calendar: BusinessCalendar, localDate: string): DayHours {
  const own = weekdayHours(calendar, isoWeekdayOf(localDate));
  if (own) return own;
  if (calendar.opensAt || calendar.closesAt || !calendar.weeklyHours) {
    return { opensAt: calendar.opensAt ?? defaultHours.opensAt, closesAt: calendar.closesAt ?? defaultHours.closesAt };
  }
  for (let weekday = 1; weekday <= 7; weekday++) {
    const hours = calendar.weeklyHours[weekday];
    if (hours) return hours;
  }
  return defaultHours;
}

export function isBusinessDay(calendar: BusinessCalendar, localDate: string): boolean {
  if (calendar.openDates?.includes(localDate)) return true;
  if (weekdayHours(calendar, isoWeekdayOf(localDate)) === null) return false;
  return holidayOn(calendar, localDate) === null;
}

/** The local calendar date of an instant in the calendar's zone. */
export function localDateOf(calendar: BusinessCalendar, instant: Date): string {
  return localDateIn(instant, calendar.timeZone);
}

export function addCalendarDays(localDate: string, days: number): string {
  return addToLocalDate(localDate, { days });
}

/** The first business day strictly after `localDate`. */
export function nextBusinessDay(calendar: BusinessCalendar, localDate: string): string {
  let date = addCalendarDays(localDate, 1);
  // A year has far fewer than 366 consecutive closed days; the bound only guards a misconfiguration.
  for (let i = 0; i < 366 && !isBusinessDay(calendar, date); i++) date = addCalendarDays(date, 1);
  return date;
}

/** `n` business days after `localDate` (n = 0: the date itself if it is a business day, else the next one). */
export function addBusinessDays(calendar: BusinessCalendar, localDate: string, n: number): string {
  if (n === 0) return isBusinessDay(calendar, localDate) ? localDate : nextBusinessDay(calendar, localDate);
  let date = localDate;
  for (let i = 0; i < n; i++) date = nextBusinessDay(calendar, date);
  return date;
}

/** The instant of a local wall time ('HH:mm') on a local date, in the calendar's zone. */
export function atLocalTime(calendar: BusinessCalendar, localDate: string, time: string): Date {
  const [hour, minute] = time.split(':').map(Number);
  return atLocalTimeIn(localDate, hour ?? 0, minute ?? 0, calendar.timeZone);
}

/** Minutes after local midnight of an instant. */
export function localMinutesOf(calendar: BusinessCalendar, instant: Date): number {
  return localMinutesIn(instant, calendar.timeZone);
}

export function minutesOf(time: string): number {
  const [hour, minute] = time.split(':').map(Number);
  return (hour ?? 0) * 60 + (minute ?? 0);
}

/** Opening time ('HH:mm') on a local date (without one: the calendar's general opening time). */
export function openingTime(calendar: BusinessCalendar, localDate?: string): string {
  if (localDate === undefined) return calendar.opensAt ?? defaultHours.opensAt;
  return hoursOfDate(calendar, localDate).opensAt;
}

/**
 * Closing time ('HH:mm') on a local date (without one: the calendar's general closing time); for
 * 'staff', the remote team's extended closing time when that weekday has one.
 */
export function closingTime(calendar: BusinessCalendar, localDate?: string, kind: HoursKind = 'office'): string {
  if (localDate === undefined) return calendar.closesAt ?? defaultHours.closesAt;
  const closes = hoursOfDate(calendar, localDate).closesAt;
  if (kind === 'office') return closes;
  const extended = calendar.extendedUntil?.[isoWeekdayOf(localDate)];
  return extended !== undefined && minutesOf(extended) > minutesOf(closes) ? extended : closes;
}

/**
 * The instant itself when the office is open then; otherwise the next opening. For 'staff' touches
 * the day runs to the extended closing time.
 */
export function nextOpenInstant(calendar: BusinessCalendar, instant: Date, kind: HoursKind = 'office'): Date {
  const date = localDateOf(calendar, instant);
  const minutes = localMinutesOf(calendar, instant);
  if (isBusinessDay(calendar, date)) {
    const opens = openingTime(calendar, date);
    if (minutes < minutesOf(opens)) return atLocalTime(calendar, date, opens);
    if (minutes < minutesOf(closingTime(calendar, date, kind))) return instant;
  }
  const next = nextBusinessDay(calendar, date);
  return atLocalTime(calendar, next, openingTime(calendar, next));
}

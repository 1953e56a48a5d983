/**
 * Business days of one location: its working weekdays and opening hours in its own IANA zone, minus
 * the public holidays of its US state (date-holidays) and any dates the office closes or opens
 * specially. Local calendar dates are 'YYYY-MM-DD' strings so that a date never shifts with the
 * server's zone; instants are Dates. Luxon resolves DST: a wall time that does not exist (02:30 on a
 * spring-forward Sunday) moves forward, an ambiguous one takes the first occurrence.
 */
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { addToLocalDate, atLocalTimeIn, localDateIn, localMinutesIn, parseDay, weekdayOf } from './zoned-time.js';

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
  if (calendar.closedDates?.includes(localDate)) return 'office closed (closed dates)';
  const name = publicHolidays(calendar.state, Number(localDate.slice(0, 4))).get(localDate) ?? null;
  if (name === null) return null;
  const filter = calendar.holidayNames;
  if (filter && !filter.some((f) => name.toLowerCase().includes(f.toLowerCase()))) return null;
  return name;
}

export function isBusinessDay(calendar: BusinessCalendar, localDate: string): boolean {
  if (calendar.openDates?.includes(localDate)) return true;
  const day = parseDay(localDate);
  const weekday = day !== null ? weekdayOf(day) : DateTime.fromISO(localDate, { zone: 'utc' }).weekday;
  if (!(calendar.workingDays ?? defaultWorkingDays).includes(weekday)) return false;
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

export function openingTime(calendar: BusinessCalendar): string {
  return calendar.opensAt ?? '08:00';
}

export function closingTime(calendar: BusinessCalendar): string {
  return calendar.closesAt ?? '17:00';
}

/** The instant itself when the office is open then; otherwise the next opening. */
export function nextOpenInstant(calendar: BusinessCalendar, instant: Date): Date {
  const date = localDateOf(calendar, instant);
  const minutes = localMinutesOf(calendar, instant);
  if (isBusinessDay(calendar, date)) {
    if (minutes < minutesOf(openingTime(calendar))) return atLocalTime(calendar, date, openingTime(calendar));
    if (minutes < minutesOf(closingTime(calendar))) return instant;
  }
  return atLocalTime(calendar, nextBusinessDay(calendar, date), openingTime(calendar));
}

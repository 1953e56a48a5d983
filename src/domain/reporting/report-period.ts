/**
 * The report's period: a half-open range of local dates [from, to), read in each location's own
 * time zone (a Tampa day and a Phoenix day start at different instants). Pure: "today" arrives as
 * an argument.
 */
import { DateTime } from 'luxon';
import { AppError } from '../errors.js';

export interface ReportPeriod {
  /** First local date in the period (YYYY-MM-DD). */
  from: string;
  /** First local date after the period (YYYY-MM-DD). */
  to: string;
}

/** Days in the default period: the last 30 local days, today included. */
export const defaultPeriodDays = 30;
/** The longest period a report covers (a little over a year, so a year's figures fit with room for a leap day). */
export const maxPeriodDays = 400;

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** The last `days` local dates ending with `today` (included): [today − days + 1, today + 1). */
export function defaultPeriod(today: string, days = defaultPeriodDays): ReportPeriod {
  const end = DateTime.fromISO(today, { zone: 'UTC' }).plus({ days: 1 });
  return { from: end.minus({ days }).toISODate() as string, to: end.toISODate() as string };
}

/** Today's local date at `now` in `timeZone`. */
export function localDate(now: Date, timeZone: string): string {
  return DateTime.fromJSDate(now, { zone: timeZone }).toISODate() as string;
}

/**
 * A period from what a person typed, each problem named with what was given and what is allowed.
 * Missing ends default around `today`: no `to` → tomorrow (today included); no `from` → 30 days before `to`.
 */
export function parseReportPeriod(given: { from?: string | undefined; to?: string | undefined }, today: string): ReportPeriod {
  const issues: { path: string; value: unknown; message: string }[] = [];
  for (const key of ['from', 'to'] as const) {
    const value = given[key];
    if (value !== undefined && !(isoDate.test(value) && DateTime.fromISO(value, { zone: 'UTC' }).isValid)) {
      issues.push({ path: key, value, message: `${key} is "${value}", which is not a date; use YYYY-MM-DD, e.g. ${today}` });
    }
  }
  if (issues.length > 0) throw new AppError('invalid_input', issues.map((i) => i.message).join('; '), issues);
  const to = given.to ?? defaultPeriod(today).to;
  const from = given.from ?? DateTime.fromISO(to, { zone: 'UTC' }).minus({ days: defaultPeriodDays }).toISODate() as string;
  const days = periodDays({ from, to });
  if (days < 1) {
    throw new AppError('invalid_input', `The period is empty: from ${from} is not before to ${to}; the period is [from, to), so to must be a later date (e.g. from ${from} to ${DateTime.fromISO(from, { zone: 'UTC' }).plus({ days: 1 }).toISODate()} is one day).`,
      [{ path: 'to', value: to, message: `must be after from (${from})` }]);
  }
  if (days > maxPeriodDays) {
    throw new AppError('invalid_input', `The period from ${from} to ${to} is ${days} days; a report covers at most ${maxPeriodDays} days.`, [{ path: 'from', value: from, message: `must be at most ${maxPeriodDays} days before to` }]);
  }
  return { from, to };
}

export function periodDays(period: ReportPeriod): number {
  return Math.round(DateTime.fromISO(period.to, { zone: 'UTC' }).diff(DateTime.fromISO(period.from, { zone: 'UTC' }), 'days').days);
}

/** The instants a location's period starts and ends at, in its time zone. */
export function periodInstants(period: ReportPeriod, timeZone: string): { startsAt: Date; endsAt: Date } {
  return {
    startsAt: DateTime.fromISO(period.from, { zone: timeZone }).toJSDate(),
    endsAt: DateTime.fromISO(period.to, { zone: timeZone }).toJSDate(),
  };
}

/**
 * A UTC range that holds the period in every time zone on Earth (UTC−12 to UTC+14): the database
 * narrows the period's attempts by an index with it before each location's exact instants apply.
 */
export function periodSearchRange(period: ReportPeriod): { startsAt: Date; endsAt: Date } {
  return {
    startsAt: DateTime.fromISO(period.from, { zone: 'UTC' }).minus({ hours: 15 }).toJSDate(),
    endsAt: DateTime.fromISO(period.to, { zone: 'UTC' }).plus({ hours: 13 }).toJSDate(),
  };
}

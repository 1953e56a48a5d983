/**
 * What the patient can ask for on their page, checked and put in words staff read on the case
 * ("Patient asked for Tue 9:00"). Pure: the office's time zone and "now" come in.
 */
import { DateTime } from 'luxon';

export const dayParts = ['morning', 'afternoon'] as const;
export type DayPart = (typeof dayParts)[number];
export const bestTimes = ['morning', 'afternoon', 'evening'] as const;
export type BestTime = (typeof bestTimes)[number];
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof weekdays)[number];

/** The hours a patient may ask to be called at, office time. */
export const callHours = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17] as const;
/** Days ahead a patient may ask to be called. */
export const callDaysAhead = 7;

const dayWords: Record<Weekday, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat' };

/** "Tue 9:00" in the office's time zone. */
export function shortTime(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).setLocale('en').toFormat('ccc H:mm');
}

export function pickedTimeLabel(startsAt: Date, timeZone: string): string {
  return `Patient asked for ${shortTime(startsAt, timeZone)}`;
}

export function proposalLabel(days: readonly Weekday[], parts: readonly DayPart[]): string {
  const dayText = weekdays.filter((d) => days.includes(d)).map((d) => dayWords[d]).join(', ');
  const partText = dayParts.filter((p) => parts.includes(p)).map((p) => `${p}s`).join(' or ');
  return `Patient proposed ${dayText} ${partText}`;
}

export function callLabel(at: Date, timeZone: string): string {
  return `Patient asked for a call ${shortTime(at, timeZone)}`;
}

/** The days a patient may pick for a call: today and the next days, as office-local dates. */
export function callDays(now: Date, timeZone: string): string[] {
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  return Array.from({ length: callDaysAhead }, (_, i) => today.plus({ days: i }).toISODate() as string);
}

/** The instant of a chosen call day and hour, office time; null when the choice is not one offered or already past. */
export function callInstant(day: string, hour: number, now: Date, timeZone: string): Date | null {
  if (!callDays(now, timeZone).includes(day) || !(callHours as readonly number[]).includes(hour)) return null;
  const at = DateTime.fromISO(`${day}T${String(hour).padStart(2, '0')}:00`, { zone: timeZone });
  if (!at.isValid || at.toMillis() <= now.getTime()) return null;
  return at.toJSDate();
}

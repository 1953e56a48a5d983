/**
 * What the patient can ask for on their page, checked and put in words staff read on the case
 * ("Patient asked for Tue 9:00"). Pure: the office's time zone and "now" come in.
 */
import { DateTime } from 'luxon';
import { addCalendarDays, atLocalTime, closingTime, isBusinessDay, localDateOf, minutesOf, openingTime, type BusinessCalendar } from '../cadence/business-days.js';

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

/**
 * The days a patient may pick for a call: the office's next open days (today included while a call
 * hour is still ahead), as office-local dates. A closed day or a weekend the office does not work is
 * never offered: nobody would be there to call.
 */
export function callDays(now: Date, calendar: BusinessCalendar): string[] {
  const days: string[] = [];
  const today = localDateOf(calendar, now);
  for (let i = 0; days.length < callDaysAhead && i < 60; i++) {
    const day = addCalendarDays(today, i);
    if (isBusinessDay(calendar, day) && callHoursOn(calendar, day).some((hour) => callAt(calendar, day, hour).getTime() > now.getTime())) days.push(day);
  }
  return days;
}

/** The call hours inside the office's hours that day (a call at 16:00 needs the office open until 17:00). */
export function callHoursOn(calendar: BusinessCalendar, localDate: string): number[] {
  const opens = minutesOf(openingTime(calendar, localDate));
  const closes = minutesOf(closingTime(calendar, localDate));
  return callHours.filter((hour) => hour * 60 >= opens && hour * 60 + 60 <= closes);
}

const callAt = (calendar: BusinessCalendar, day: string, hour: number) => atLocalTime(calendar, day, `${String(hour).padStart(2, '0')}:00`);

/** The instant of a chosen call day and hour, office time; null when the choice is not one offered, the office is closed then, or it is past. */
export function callInstant(day: string, hour: number, now: Date, calendar: BusinessCalendar): Date | null {
  if (!callDays(now, calendar).includes(day) || !callHoursOn(calendar, day).includes(hour)) return null;
  const at = callAt(calendar, day, hour);
  return at.getTime() > now.getTime() ? at : null;
}

const isoWeekday: Record<Weekday, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

/** Whether a free time falls on one of the proposed weekdays, in one of the proposed day parts. */
export function matchesProposal(time: { localDate: string; half: DayPart }, days: readonly string[], parts: readonly string[]): boolean {
  const weekday = DateTime.fromISO(time.localDate).weekday;
  return days.some((d) => isoWeekday[d as Weekday] === weekday) && parts.includes(time.half);
}

/**
 * Times of day a call can be placed. After a missed call the next one goes out in a different part
 * of the day: someone who never answers at 10:00 may well answer at 16:00.
 */
import { localMinutesOf, minutesOf, type BusinessCalendar } from './business-days.js';

export const timesOfDay = ['morning', 'afternoon', 'late_afternoon'] as const;
export type TimeOfDay = (typeof timesOfDay)[number];

/** Local start time ('HH:mm') of each part of the day; a practice may move them to fit its hours. */
export type TimeOfDaySlots = Record<TimeOfDay, string>;

export const defaultTimeOfDaySlots: TimeOfDaySlots = { morning: '09:30', afternoon: '13:30', late_afternoon: '16:00' };

/** The part of the day an instant falls in, in the calendar's zone. */
export function timeOfDayOf(calendar: BusinessCalendar, instant: Date, slots: TimeOfDaySlots = defaultTimeOfDaySlots): TimeOfDay {
  const minutes = localMinutesOf(calendar, instant);
  if (minutes >= minutesOf(slots.late_afternoon)) return 'late_afternoon';
  if (minutes >= minutesOf(slots.afternoon)) return 'afternoon';
  return 'morning';
}

/** The next part of the day after `previous`, wrapping around: morning → afternoon → late afternoon → morning. */
export function differentTimeOfDay(previous: TimeOfDay): TimeOfDay {
  return timesOfDay[(timesOfDay.indexOf(previous) + 1) % timesOfDay.length] ?? 'morning';
}

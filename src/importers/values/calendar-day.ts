/**
 * Calendar arithmetic for the hot path of reading dates: a million-row file checks a million dates,
 * and a luxon DateTime per cell cost more than the rest of the row. Same rules as luxon's Gregorian
 * validation (which this replaces for plain dates), so what was accepted before still is.
 */

/** Whether year-month-day names a real day (proleptic Gregorian calendar: 2023-02-29 does not exist). */
export function isCalendarDay(year: number, month: number, day: number): boolean {
  return Number.isInteger(year) && Number.isInteger(month) && Number.isInteger(day) && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** `YYYY-MM-DD` from numbers. */
export function formatCalendarDay(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}`;
}

export function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * When an automated message may go out: never a whole list at opening time. Each entry gets a
 * stable offset (from its key) spread over the first `spreadMinutes` of the office day, and nothing
 * starts a conversation later than `lastSendBeforeCloseMinutes` before the office closes, so staff can
 * answer a reply the same day. Pure: the office calendar, the key and "now" come in as arguments.
 */
import {
  addCalendarDays, atLocalTime, closingTime, isBusinessDay, localDateOf, nextOpenInstant, openingTime, type BusinessCalendar,
} from '../cadence/business-days.js';

export interface PacingPolicy {
  /** Spread each office day's automated sends over this many minutes after the earliest allowed time. */
  spreadMinutes: number;
  /** No automated conversation starts this close to closing time. */
  lastSendBeforeCloseMinutes: number;
}

export const defaultPacing: PacingPolicy = { spreadMinutes: 180, lastSendBeforeCloseMinutes: 60 };

/** A number in [0, 1) from the key: the same key always lands at the same place in the spread. */
export function spreadFraction(key: string): number {
  let hash = 2166136261;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 16777619) >>> 0;
  return hash / 2 ** 32;
}

/** The earliest instant at or after `earliest` inside today's (or a later business day's) sending hours. */
export function sendingSlot(calendar: BusinessCalendar, earliest: Date, key: string, policy: PacingPolicy = defaultPacing): Date {
  let at = nextOpenInstant(calendar, earliest);
  for (let day = 0; day < 14; day++) {
    const date = localDateOf(calendar, at);
    const opens = atLocalTime(calendar, date, openingTime(calendar, date));
    const lastStart = new Date(atLocalTime(calendar, date, closingTime(calendar, date)).getTime() - policy.lastSendBeforeCloseMinutes * 60_000);
    const spreadEnd = Math.min(lastStart.getTime(), Math.max(at.getTime(), opens.getTime()) + policy.spreadMinutes * 60_000);
    const start = Math.max(at.getTime(), opens.getTime());
    if (isBusinessDay(calendar, date) && start < lastStart.getTime()) {
      // Only entries due at the start of the day are spread; one due later in the day goes at once.
      const spread = at.getTime() <= opens.getTime() + 60_000 ? Math.floor(spreadFraction(key) * Math.max(0, spreadEnd - start)) : 0;
      return new Date(Math.floor((start + spread) / 1000) * 1000);
    }
    const tomorrow = addCalendarDays(date, 1);
    at = nextOpenInstant(calendar, atLocalTime(calendar, tomorrow, openingTime(calendar, tomorrow)));
  }
  return at;
}

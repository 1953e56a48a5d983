/**
 * Where the patient page's times come from: the free-time computation (offer-times.ts). One seam, so
 * the page and the staff confirmation ask the same source.
 */
import { offerTimes, recheckOfferedTime, type CalendarDeps, type OfferedTime, type TimeSearch } from './offer-times.js';

export type { CalendarDeps, OfferedTime };

export interface BookingTimes {
  offer(deps: CalendarDeps, request: { caseId: number } & TimeSearch): Promise<{ durationMinutes: number; times: OfferedTime[] }>;
  recheck(deps: CalendarDeps, request: { caseId: number; startsAt: Date; providerId?: number | null; chair?: string | null; leadMinutes?: number }): Promise<OfferedTime | null>;
}

export const bookingTimes: BookingTimes = { offer: offerTimes, recheck: recheckOfferedTime };

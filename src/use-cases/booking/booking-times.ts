/**
 * Where the patient page's times come from: the free-time computation (offer-times.ts). One seam, so
 * the page and the staff confirmation ask the same source.
 */
import type { Deps } from '../deps.js';
import { offerTimes, recheckOfferedTime, type OfferedTime } from './offer-times.js';

export type { OfferedTime };

export interface BookingTimes {
  offer(deps: Pick<Deps, 'store' | 'clock' | 'log'>, request: { caseId: number; max?: number }): Promise<{ durationMinutes: number; times: OfferedTime[] }>;
  recheck(deps: Pick<Deps, 'store' | 'clock' | 'log'>, request: { caseId: number; startsAt: Date; providerId?: number | null; chair?: string | null }): Promise<OfferedTime | null>;
}

export const bookingTimes: BookingTimes = { offer: offerTimes, recheck: recheckOfferedTime };

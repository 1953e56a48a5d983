/**
 * Where the patient page's times come from: the free-time computation (offer-times.ts, issue 17 part 1).
 * One seam, so the page and the staff confirmation ask the same source, and a test can hand in its own.
 */
import type { Deps } from '../deps.js';

export interface OfferedTime {
  startsAt: string;
  endsAt: string;
  locationId: number;
  providerId: number | null;
  chair: string | null;
  label: string;
}

export interface BookingTimes {
  offer(deps: Pick<Deps, 'store' | 'clock' | 'log'>, request: { caseId: number; max?: number }): Promise<{ durationMinutes: number; times: OfferedTime[] }>;
  recheck(deps: Pick<Deps, 'store' | 'clock' | 'log'>, request: { caseId: number; startsAt: Date }): Promise<OfferedTime | null>;
}

/** Until the free-time computation lands on this branch: no times to offer (the page offers "propose times" and "call me"). */
export const bookingTimes: BookingTimes = {
  offer: async () => ({ durationMinutes: 60, times: [] }),
  recheck: async () => null,
};

/**
 * The free times a booking link offers for a case, from Recare's own calendar (the office's hours and
 * closures, the provider and chair schedules, minus the imported appointments), and the re-check of
 * one time when the patient picks it. The case's lead program picks the visit's length and who may
 * see the patient; the case's office (else the patient's home office, else the first office) picks
 * the calendar. The spreading rule is in domain/booking/free-times.ts.
 */
import { businessCalendarFor, type BusinessCalendar } from '../../domain/cadence/business-days.js';
import { appointmentTypeFor } from '../../domain/booking/appointment-types.js';
import { freeTimeAt, freeTimeDefaults, freeTimes, type FreeTime, type FreeTimeQuery } from '../../domain/booking/free-times.js';
import { offerLabel } from '../../domain/booking/offer-label.js';
import { AppError } from '../../domain/errors.js';
import { calendarSettingsOf } from '../../domain/locations/location-settings.js';
import { matchesProposal } from '../../domain/booking/booking-choices.js';
import { loadBookingCase, loadBusyAppointments, loadHeldTimes, loadSchedules } from '../../db/queries/booking-calendar.js';
import { loadEngineLocations } from '../../db/queries/engine-locations.js';
import type { Store } from '../../db/open-store.js';
import type { Clock } from '../../clock.js';

/** Only the database is read, so a caller may pass its open transaction (`{ db: tx.db }`) to see its own lock. */
export interface CalendarDeps {
  store: Pick<Store, 'db'>;
  clock: Clock;
}

/** What narrows a search: a patient's proposed weekdays and day parts; the lead time (staff confirming a time agreed earlier use 0). */
export interface TimeSearch {
  max?: number;
  proposal?: { days: readonly string[]; parts: readonly string[] };
  leadMinutes?: number;
}

export interface OfferedTime {
  /** ISO instants. */
  startsAt: string;
  endsAt: string;
  locationId: number;
  providerId: number | null;
  chair: string | null;
  /** "Tue, Dec 8 · 9:00 AM" in the office's zone, English. */
  label: string;
}

export interface TimeOffer {
  source: 'recare';
  durationMinutes: number;
  times: OfferedTime[];
}

/** Largest `max` a caller may ask for: a handful of times is the point of the offer. */
export const maxOfferedTimes = 12;

interface BookingCalendar {
  locationId: number;
  calendar: BusinessCalendar;
  query: FreeTimeQuery;
}

/** The case's visit length, and its calendar (null for a closed case or a practice without offices). */
async function bookingCalendarFor(deps: CalendarDeps, caseId: number, search: TimeSearch = {}): Promise<{ durationMinutes: number; booking: BookingCalendar | null }> {
  const { db } = deps.store;
  const found = await loadBookingCase(db, caseId);
  if (!found) throw new AppError('not_found', `No case #${caseId}; give the id of an existing case.`, [{ path: 'caseId', value: caseId, message: 'is not a case' }]);
  const type = appointmentTypeFor(found.leadProgramKey);
  if (found.state === 'closed') return { durationMinutes: type.minutes, booking: null };
  const locations = await loadEngineLocations(db);
  const location = locations.find((l) => l.id === found.locationId) ?? locations[0];
  if (!location) return { durationMinutes: type.minutes, booking: null };
  const calendar = businessCalendarFor(location, calendarSettingsOf(location.hours));
  const now = deps.clock.now();
  const schedules = await loadSchedules(db, location.id);
  const providerIds = [...new Set(schedules.flatMap((s) => (s.providerId !== null ? [s.providerId] : [])))];
  // Two days past the horizon covers any zone's offset and a visit that starts on its last day.
  const to = new Date(now.getTime() + (freeTimeDefaults.horizonDays + 2) * 86_400_000);
  const range = { locationId: location.id, providerIds, from: now, to };
  const busy = [...await loadBusyAppointments(db, range), ...await loadHeldTimes(db, { ...range, exceptCaseId: caseId })];
  const { proposal } = search;
  const query: FreeTimeQuery = {
    calendar, schedules, busy, durationMinutes: type.minutes, roles: type.roles, now,
    ...(search.max !== undefined ? { max: search.max } : {}), ...(search.leadMinutes !== undefined ? { leadMinutes: search.leadMinutes } : {}),
    ...(proposal ? { accept: (time: FreeTime) => matchesProposal(time, proposal.days, proposal.parts) } : {}),
  };
  return { durationMinutes: type.minutes, booking: { locationId: location.id, calendar, query } };
}

function offered(time: FreeTime, booking: BookingCalendar): OfferedTime {
  return {
    startsAt: time.startsAt.toISOString(), endsAt: time.endsAt.toISOString(), locationId: booking.locationId,
    providerId: time.providerId, chair: time.chair, label: offerLabel(time.startsAt, booking.calendar.timeZone),
  };
}

function checkMax(max: number | undefined): void {
  if (max === undefined) return;
  if (!Number.isInteger(max) || max < 1 || max > maxOfferedTimes) {
    throw new AppError('invalid_input', `max must be a whole number from 1 to ${maxOfferedTimes}; got ${JSON.stringify(max)}.`, [
      { path: 'max', value: max, message: `must be a whole number from 1 to ${maxOfferedTimes}` },
    ]);
  }
}

/** At most `max` (default 6) free times over the next two weeks for the case; none for a closed case or an office without schedules. */
export async function offerTimes(deps: CalendarDeps, request: { caseId: number } & TimeSearch): Promise<TimeOffer> {
  checkMax(request.max);
  const { durationMinutes, booking } = await bookingCalendarFor(deps, request.caseId, request);
  return { source: 'recare', durationMinutes, times: booking ? freeTimes(booking.query).map((t) => offered(t, booking)) : [] };
}

/**
 * The time again, re-checked against the appointments (and other patients' held picks) as they are
 * now: null when it is taken, too soon, past, outside the hours or schedules, or not a time Recare
 * would offer.
 */
export async function recheckOfferedTime(
  deps: CalendarDeps,
  request: { caseId: number; startsAt: Date; providerId?: number | null; chair?: string | null; leadMinutes?: number },
): Promise<OfferedTime | null> {
  if (!(request.startsAt instanceof Date) || Number.isNaN(request.startsAt.getTime())) {
    throw new AppError('invalid_input', `startsAt must be a valid instant; got ${JSON.stringify(String(request.startsAt))}.`, [
      { path: 'startsAt', value: String(request.startsAt), message: 'must be a valid date and time' },
    ]);
  }
  const { booking } = await bookingCalendarFor(deps, request.caseId, request.leadMinutes !== undefined ? { leadMinutes: request.leadMinutes } : {});
  if (!booking) return null;
  const prefer = request.providerId !== undefined || request.chair !== undefined
    ? { providerId: request.providerId ?? null, chair: request.chair ?? null } : null;
  const time = freeTimeAt(booking.query, request.startsAt, prefer);
  return time ? offered(time, booking) : null;
}

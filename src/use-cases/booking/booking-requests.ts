/**
 * Booking requests on the case screen, and the one action that confirms one: a picked time, or the
 * time agreed on the phone for a proposal or a call. The time is checked again under the calendar lock
 * (another booking may have taken it since the patient asked) and kept as Recare's own appointment,
 * then **Scheduled** is recorded as any outcome is (the gate's decision, the attempt, the case parked
 * as booked), and the case's open links close.
 */
import { inScope, type LocationScope } from '../../domain/access/index.js';
import { AppError } from '../../domain/errors.js';
import { fixedClock } from '../../clock.js';
import { bookingRequestsOfCase, findBookingRequest, claimBookingRequest, deleteAppointmentOfRequest, deleteBookedAppointment, insertBookedAppointment, releaseBookingRequest, setBookingRequestAttempt, staleClaimMinutes } from '../../db/queries/booking-requests.js';
import { lockBookingCalendar } from '../../db/queries/booking-calendar.js';
import { revokeOpenLinks } from '../../db/queries/booking-links.js';
import { findCaseById } from '../../db/queries/cases.js';
import { markCaseRepliesHandled } from '../../db/queries/inbound-messages.js';
import type { Deps } from '../deps.js';
import { recordOutcome, type RecordOutcomeResult } from '../record-outcome.js';
import { bookingTimes, type BookingTimes, type OfferedTime } from './booking-times.js';

export interface BookingRequestView {
  id: number;
  caseId: number;
  kind: 'time' | 'proposal' | 'call';
  label: string;
  startsAt: string | null;
  endsAt: string | null;
  createdAt: string;
  confirmedAt: string | null;
  confirmedBy: number | null;
  /** Whether it can still be confirmed (the case is open and nobody has). */
  canConfirm: boolean;
  /**
   * For a proposal or a call: free times to book once the patient agrees on the phone (those matching
   * the proposed days and day parts, else the next free ones). Empty for a picked time or a closed request.
   */
  suggestedTimes: OfferedTime[];
}

type BookingDeps = Pick<Deps, 'store' | 'clock' | 'log'> & { bookingTimes?: BookingTimes };

async function caseInScope(deps: BookingDeps, caseId: number, scope: LocationScope | undefined) {
  const found = await findCaseById(deps.store.db, caseId);
  if (!found || (scope && !inScope(scope, found.patientLocationId))) throw new AppError('not_found', `No case #${caseId}${scope ? ' is visible to you' : ''}.`);
  return found;
}

/** How many free times staff are offered for a proposal or a call. */
const suggestedCount = 4;

export async function readBookingRequests(deps: BookingDeps, request: { caseId: number; scope?: LocationScope }): Promise<{ requests: BookingRequestView[] }> {
  const theCase = await caseInScope(deps, request.caseId, request.scope);
  const open = theCase.state !== 'closed' && theCase.state !== 'scheduled';
  const rows = await bookingRequestsOfCase(deps.store.db, request.caseId);
  const times = deps.bookingTimes ?? bookingTimes;
  const requests: BookingRequestView[] = [];
  for (const r of rows) {
    const canConfirm = open && (r.confirmed_at === null || (r.attempt_id === null && r.confirmed_at.getTime() < deps.clock.now().getTime() - staleClaimMinutes * 60_000));
    let suggestedTimes: OfferedTime[] = [];
    if (canConfirm && r.kind !== 'time') {
      const proposal = r.proposed_days.length > 0 && r.proposed_parts.length > 0 ? { days: r.proposed_days, parts: r.proposed_parts } : undefined;
      suggestedTimes = (await times.offer(deps, { caseId: r.case_id, max: suggestedCount, leadMinutes: 0, ...(proposal ? { proposal } : {}) })).times;
      if (suggestedTimes.length === 0 && proposal) suggestedTimes = (await times.offer(deps, { caseId: r.case_id, max: suggestedCount, leadMinutes: 0 })).times;
    }
    requests.push({
      id: r.id, caseId: r.case_id, kind: r.kind, label: r.label, startsAt: r.starts_at?.toISOString() ?? null, endsAt: r.ends_at?.toISOString() ?? null,
      createdAt: r.created_at.toISOString(), confirmedAt: r.confirmed_at?.toISOString() ?? null, confirmedBy: r.confirmed_by, canConfirm, suggestedTimes,
    });
  }
  return { requests };
}

const notVisible = (id: number, scope: LocationScope | undefined) => new AppError('not_found', `No booking request #${id}${scope ? ' is visible to you' : ''}.`);

/**
 * Confirms a request: the patient's picked time, or for a proposal or a call the time agreed on the
 * phone (`startsAt`, one of the request's suggested times or any other free time). Under the calendar
 * lock the time is re-checked and booked as Recare's own appointment, so two confirmations for one
 * chair cannot both pass; then **Scheduled** is recorded. If recording fails, the appointment is
 * taken back and the request can be confirmed again.
 */
export async function confirmBookingRequest(
  deps: BookingDeps,
  request: { requestId: number; userId: number; scope?: LocationScope; startsAt?: Date },
): Promise<{ requestId: number; appointmentId: number; outcome: RecordOutcomeResult }> {
  const { db } = deps.store;
  const found = await findBookingRequest(db, request.requestId);
  if (!found) throw notVisible(request.requestId, request.scope);
  const theCase = await caseInScope(deps, found.case_id, request.scope).catch(() => { throw notVisible(request.requestId, request.scope); });
  if (found.confirmed_at !== null && found.attempt_id !== null) throw new AppError('conflict', `Booking request #${found.id} ("${found.label}") was already confirmed at ${found.confirmed_at.toISOString()}.`);
  if (request.startsAt !== undefined && Number.isNaN(request.startsAt.getTime())) {
    throw new AppError('invalid_input', 'startsAt is not a date and time; give an ISO instant such as 2026-12-08T14:00:00Z, one of the request\'s suggested times.', [{ path: 'startsAt', value: String(request.startsAt), message: 'must be an ISO date and time' }]);
  }
  const startsAt = request.startsAt ?? (found.kind === 'time' ? found.starts_at : null);
  if (startsAt === null) {
    throw new AppError('invalid_input', `Booking request #${found.id} ("${found.label}") names no exact time; give the time agreed with the patient (startsAt), for example one of its suggested times.`, [{ path: 'startsAt', message: 'required for a proposal or a call' }]);
  }
  if (theCase.state === 'closed' || theCase.state === 'scheduled') throw new AppError('conflict', `Case #${theCase.id} is ${theCase.state}; the request "${found.label}" can no longer be confirmed.`);
  const now = deps.clock.now();
  // Claimed first, so two people confirming one request cannot both record Scheduled; given back if anything below fails.
  if (!await claimBookingRequest(db, found.id, request.userId, now)) throw new AppError('conflict', `Booking request #${found.id} was confirmed by someone else just now.`);
  let appointmentId: number | null = null;
  let recorded = false;
  try {
    const samePick = found.kind === 'time' && found.starts_at !== null && found.starts_at.getTime() === startsAt.getTime();
    appointmentId = await deps.store.transaction(async (tx) => {
      await lockBookingCalendar(tx.db);
      // A confirmation of this request that stopped midway (its claim went stale) may have left its row: it is this request's, not a booking to respect.
      await deleteAppointmentOfRequest(tx.db, found.id);
      // No lead time: a time picked days ago is still good an hour before it starts.
      const still = await (deps.bookingTimes ?? bookingTimes).recheck({ store: { db: tx.db }, clock: deps.clock }, {
        caseId: found.case_id, startsAt, leadMinutes: 0, ...(samePick ? { providerId: found.provider_id, chair: found.chair } : {}),
      });
      if (!still) {
        throw new AppError('conflict', samePick
          ? `The time of "${found.label}" (${startsAt.toISOString()}) is no longer free: it was booked or blocked since the patient asked. Call the patient to agree another time.`
          : `${startsAt.toISOString()} is not a free time for this case (booked, outside the office's hours or schedules, or past); pick one of the suggested times.`);
      }
      // The chair and provider the re-check found free (the one offered, or another when it was taken since).
      return insertBookedAppointment(tx.db, { id: found.id, patientId: found.patient_id, startsAt: new Date(still.startsAt), endsAt: new Date(still.endsAt) },
        { locationId: still.locationId, providerId: still.providerId, chair: still.chair }, now);
    });
    // At the appointment's own instant, so the report sees Scheduled recorded as the visit is first seen.
    const outcome = await recordOutcome({ ...deps, clock: fixedClock(now) }, {
      caseId: found.case_id, outcome: 'scheduled', actorUserId: request.userId, channel: 'voice',
      note: found.kind === 'time' && request.startsAt === undefined ? `${found.label} (booked from the patient's link)` : `${found.label}; booked ${startsAt.toISOString()}`,
      ...(request.scope ? { scope: request.scope } : {}),
    });
    recorded = true;
    await deps.store.transaction(async (tx) => {
      await setBookingRequestAttempt(tx.db, found.id, outcome.attemptId);
      await markCaseRepliesHandled(tx.db, found.case_id, request.userId, now);
      await revokeOpenLinks(tx.db, { caseId: found.case_id }, 'booked', now);
    });
    deps.log.info({ requestId: found.id, caseId: found.case_id, attemptId: outcome.attemptId, appointmentId }, 'booking request confirmed');
    return { requestId: found.id, appointmentId, outcome };
  } catch (error) {
    // Nothing half-done: until Scheduled is recorded, the appointment booked for this request goes and the
    // request can be confirmed again. Once it is recorded the booking stands (the case is scheduled).
    if (!recorded) {
      if (appointmentId !== null) await deleteBookedAppointment(db, appointmentId);
      await releaseBookingRequest(db, found.id, request.userId);
    }
    throw error;
  }
}

/**
 * Booking requests on the case screen, and the one action that confirms a picked time: the time is
 * checked again (another booking may have taken it since the patient asked), then **Scheduled** is
 * recorded as any outcome is (the gate's decision, the attempt, the case parked as booked), the time
 * is kept as Recare's own appointment, and the case's open links close.
 */
import { inScope, type LocationScope } from '../../domain/access/index.js';
import { AppError } from '../../domain/errors.js';
import { bookingRequestsOfCase, findBookingRequest, claimBookingRequest, insertBookedAppointment, releaseBookingRequest, setBookingRequestAttempt } from '../../db/queries/booking-requests.js';
import { revokeOpenLinks } from '../../db/queries/booking-links.js';
import { findCaseById } from '../../db/queries/cases.js';
import { markCaseRepliesHandled } from '../../db/queries/inbound-messages.js';
import type { Deps } from '../deps.js';
import { recordOutcome, type RecordOutcomeResult } from '../record-outcome.js';
import { bookingTimes, type BookingTimes } from './booking-times.js';

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
  /** Only a picked time is confirmed in one action; proposals and calls are answered by phone. */
  canConfirm: boolean;
}

type BookingDeps = Pick<Deps, 'store' | 'clock' | 'log'> & { bookingTimes?: BookingTimes };

async function caseInScope(deps: BookingDeps, caseId: number, scope: LocationScope | undefined) {
  const found = await findCaseById(deps.store.db, caseId);
  if (!found || (scope && !inScope(scope, found.patientLocationId))) throw new AppError('not_found', `No case #${caseId}${scope ? ' is visible to you' : ''}.`);
  return found;
}

export async function readBookingRequests(deps: BookingDeps, request: { caseId: number; scope?: LocationScope }): Promise<{ requests: BookingRequestView[] }> {
  const theCase = await caseInScope(deps, request.caseId, request.scope);
  const open = theCase.state !== 'closed' && theCase.state !== 'scheduled';
  const rows = await bookingRequestsOfCase(deps.store.db, request.caseId);
  return {
    requests: rows.map((r) => ({
      id: r.id, caseId: r.case_id, kind: r.kind, label: r.label, startsAt: r.starts_at?.toISOString() ?? null, endsAt: r.ends_at?.toISOString() ?? null,
      createdAt: r.created_at.toISOString(), confirmedAt: r.confirmed_at?.toISOString() ?? null, confirmedBy: r.confirmed_by,
      canConfirm: open && r.kind === 'time' && r.confirmed_at === null,
    })),
  };
}

export async function confirmBookingRequest(deps: BookingDeps, request: { requestId: number; userId: number; scope?: LocationScope }): Promise<{ requestId: number; outcome: RecordOutcomeResult }> {
  const { db } = deps.store;
  const found = await findBookingRequest(db, request.requestId);
  if (!found) throw new AppError('not_found', `No booking request #${request.requestId}${request.scope ? ' is visible to you' : ''}.`);
  const theCase = await caseInScope(deps, found.case_id, request.scope).catch(() => {
    throw new AppError('not_found', `No booking request #${request.requestId}${request.scope ? ' is visible to you' : ''}.`);
  });
  if (found.confirmed_at !== null) throw new AppError('conflict', `Booking request #${found.id} ("${found.label}") was already confirmed at ${found.confirmed_at.toISOString()}.`);
  if (found.kind !== 'time' || found.starts_at === null) {
    throw new AppError('conflict', `Booking request #${found.id} ("${found.label}") names no exact time; call the patient, agree a time, then record "Scheduled".`);
  }
  if (theCase.state === 'closed' || theCase.state === 'scheduled') throw new AppError('conflict', `Case #${theCase.id} is ${theCase.state}; the request "${found.label}" can no longer be confirmed.`);
  // Claimed first, so two people confirming at once cannot both record Scheduled; given back if anything below fails.
  const now = deps.clock.now();
  if (!await claimBookingRequest(db, found.id, request.userId, now)) throw new AppError('conflict', `Booking request #${found.id} was confirmed by someone else just now.`);
  let outcome: RecordOutcomeResult;
  try {
    const still = await (deps.bookingTimes ?? bookingTimes).recheck(deps, { caseId: found.case_id, startsAt: found.starts_at, providerId: found.provider_id, chair: found.chair });
    if (!still) {
      throw new AppError('conflict', `The time of "${found.label}" (${found.starts_at.toISOString()}) is no longer free: it was booked or blocked since the patient asked. Call the patient to agree another time.`);
    }
    outcome = await recordOutcome(deps, { caseId: found.case_id, outcome: 'scheduled', actorUserId: request.userId, channel: 'voice', note: `${found.label} (booked from the patient's link)`, ...(request.scope ? { scope: request.scope } : {}) });
    await deps.store.transaction(async (tx) => {
      await setBookingRequestAttempt(tx.db, found.id, outcome.attemptId);
      // The chair and provider the re-check found free (the one offered, or another when it was taken since).
      const minutes = Math.round((Date.parse(still.endsAt) - Date.parse(still.startsAt)) / 60_000);
      await insertBookedAppointment(tx.db, found, { locationId: still.locationId, providerId: still.providerId, chair: still.chair }, minutes, now);
      await markCaseRepliesHandled(tx.db, found.case_id, request.userId, now);
      await revokeOpenLinks(tx.db, { caseId: found.case_id }, 'booked', now);
    });
  } catch (error) {
    await releaseBookingRequest(db, found.id, request.userId);
    throw error;
  }
  deps.log.info({ requestId: found.id, caseId: found.case_id, attemptId: outcome.attemptId }, 'booking request confirmed');
  return { requestId: found.id, outcome };
}

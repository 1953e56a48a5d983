/** What patients asked for on their page (0011): a time, proposed days, a call. Open until staff confirm it or the case moves on. */
import type { Kysely, Selectable } from 'kysely';
import type { BookingRequestsTable, Database } from '../schema.js';

export type BookingRequestRow = Selectable<BookingRequestsTable>;

export async function insertBookingRequest(db: Kysely<Database>, row: Omit<BookingRequestRow, 'id' | 'confirmed_at' | 'confirmed_by' | 'attempt_id'>): Promise<number> {
  return Number((await db.insertInto('booking_requests').values(row).returning('id').executeTakeFirstOrThrow()).id);
}

export async function bookingRequestsOfCase(db: Kysely<Database>, caseId: number): Promise<BookingRequestRow[]> {
  return db.selectFrom('booking_requests').selectAll().where('case_id', '=', caseId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(20).execute();
}

export async function findBookingRequest(db: Kysely<Database>, id: number): Promise<BookingRequestRow | undefined> {
  return db.selectFrom('booking_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Claims an unconfirmed request for one confirmation (two staff confirming at once: one wins); whether this one did. */
/** How long a confirmation may take before its claim counts as abandoned. */
export const staleClaimMinutes = 5;

export async function claimBookingRequest(db: Kysely<Database>, id: number, userId: number, now: Date): Promise<boolean> {
  // A claim that never got its attempt for minutes was left by a process that stopped midway: it may be taken again.
  const stale = new Date(now.getTime() - staleClaimMinutes * 60_000);
  const result = await db.updateTable('booking_requests').set({ confirmed_at: now, confirmed_by: userId }).where('id', '=', id)
    .where((eb) => eb.or([eb('confirmed_at', 'is', null), eb.and([eb('attempt_id', 'is', null), eb('confirmed_at', '<', stale)])])).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives a claim back (the time was taken, or recording the outcome failed). */
export async function releaseBookingRequest(db: Kysely<Database>, id: number, userId: number): Promise<void> {
  await db.updateTable('booking_requests').set({ confirmed_at: null, confirmed_by: null }).where('id', '=', id).where('confirmed_by', '=', userId).where('attempt_id', 'is', null).execute();
}

/** The attempt that recorded the claimed request as Scheduled. */
export async function setBookingRequestAttempt(db: Kysely<Database>, id: number, attemptId: number): Promise<void> {
  await db.updateTable('booking_requests').set({ attempt_id: attemptId }).where('id', '=', id).execute();
}

/** The confirmed time, kept as Recare's own appointment so the free-time computation sees the chair taken; its id. */
export async function insertBookedAppointment(
  db: Kysely<Database>, request: { id: number; patientId: number; startsAt: Date; endsAt: Date },
  at: { locationId: number | null; providerId: number | null; chair: string | null }, now: Date,
): Promise<number> {
  const minutes = Math.max(1, Math.round((request.endsAt.getTime() - request.startsAt.getTime()) / 60_000));
  const row = await db.insertInto('appointments').values({
    external_source: 'recare', external_id: `booking-request-${request.id}`, patient_id: request.patientId, location_id: at.locationId, provider_id: at.providerId, chair: at.chair,
    starts_at: request.startsAt, duration_minutes: minutes, status: 'scheduled', type: 'booked from the patient page', created_at: now, updated_at: now, first_seen_at: now,
  }).onConflict((c) => c.columns(['external_source', 'external_id']).doUpdateSet({
    // Booked again after an earlier confirmation was taken back: the row is this request's, now at this time.
    location_id: at.locationId, provider_id: at.providerId, chair: at.chair, starts_at: request.startsAt, duration_minutes: minutes, status: 'scheduled', updated_at: now,
  })).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Takes back an appointment booked for a confirmation that could not be recorded. */
export async function deleteBookedAppointment(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('appointments').where('id', '=', id).where('external_source', '=', 'recare').execute();
}

/** The row an earlier, unfinished confirmation of this request wrote (none when there was none). */
export async function deleteAppointmentOfRequest(db: Kysely<Database>, requestId: number): Promise<void> {
  await db.deleteFrom('appointments').where('external_source', '=', 'recare').where('external_id', '=', `booking-request-${requestId}`).execute();
}

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

/** Marks it confirmed unless someone already did; whether this call did. */
/** Claims an unconfirmed request for one confirmation (two staff confirming at once: one wins); whether this one did. */
export async function claimBookingRequest(db: Kysely<Database>, id: number, userId: number, now: Date): Promise<boolean> {
  const result = await db.updateTable('booking_requests').set({ confirmed_at: now, confirmed_by: userId }).where('id', '=', id).where('confirmed_at', 'is', null).executeTakeFirst();
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

/** The confirmed time, kept as Recare's own appointment so the free-time computation sees the chair taken. */
export async function insertBookedAppointment(
  db: Kysely<Database>, request: BookingRequestRow, at: { locationId: number | null; providerId: number | null; chair: string | null }, durationMinutes: number, now: Date,
): Promise<void> {
  if (request.starts_at === null) return;
  await db.insertInto('appointments').values({
    external_source: 'recare', external_id: `booking-request-${request.id}`, patient_id: request.patient_id, location_id: at.locationId, provider_id: at.providerId, chair: at.chair,
    starts_at: request.starts_at, duration_minutes: Math.max(1, durationMinutes), status: 'scheduled', type: 'booked from the patient page', created_at: now, updated_at: now, first_seen_at: now,
  }).onConflict((c) => c.columns(['external_source', 'external_id']).doNothing()).execute();
}

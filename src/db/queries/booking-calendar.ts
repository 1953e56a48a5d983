/**
 * What free times for a booking link are computed from: the case (its office and lead program), the
 * office's provider and chair schedules, and the appointments that keep a chair or provider busy.
 */
import { sql, type Kysely } from 'kysely';
import type { BookingRole } from '../../domain/booking/appointment-types.js';
import type { BusyAppointment, ScheduleBlock } from '../../domain/booking/free-times.js';
import type { Database } from '../schema.js';

export interface BookingCase {
  caseId: number;
  state: string;
  leadProgramKey: string | null;
  /** The case's office, else the patient's home office. */
  locationId: number | null;
}

export async function loadBookingCase(db: Kysely<Database>, caseId: number): Promise<BookingCase | null> {
  const row = await db.selectFrom('cases').innerJoin('patients', 'patients.id', 'cases.patient_id')
    .select(['cases.id', 'cases.state', 'cases.lead_program_key', 'cases.location_id', 'patients.home_location_id'])
    .where('cases.id', '=', caseId).executeTakeFirst();
  if (!row) return null;
  return { caseId: Number(row.id), state: row.state, leadProgramKey: row.lead_program_key, locationId: row.location_id ?? row.home_location_id ?? null };
}

export async function loadSchedules(db: Kysely<Database>, locationId: number): Promise<ScheduleBlock[]> {
  const rows = await db.selectFrom('provider_schedules').leftJoin('providers', 'providers.id', 'provider_schedules.provider_id')
    .select(['provider_schedules.provider_id', 'providers.role', 'provider_schedules.chair', 'provider_schedules.weekday', 'provider_schedules.on_date',
      'provider_schedules.starts_at', 'provider_schedules.ends_at'])
    .where('provider_schedules.location_id', '=', locationId).orderBy('provider_schedules.id').execute();
  return rows.map((r) => ({
    providerId: r.provider_id === null ? null : Number(r.provider_id), providerRole: (r.role ?? null) as BookingRole | null, chair: r.chair,
    weekday: r.weekday, date: r.on_date, start: r.starts_at, end: r.ends_at,
  }));
}

/**
 * Scheduled and confirmed appointments that start before `to` and may still run at `from` (a visit
 * is at most a day long): those of the office, and those of the given providers anywhere (a provider
 * is in one office at a time). A chair name counts only at its own office.
 */
export async function loadBusyAppointments(
  db: Kysely<Database>,
  request: { locationId: number; providerIds: readonly number[]; from: Date; to: Date },
): Promise<BusyAppointment[]> {
  const since = new Date(request.from.getTime() - 86_400_000);
  const rows = await db.selectFrom('appointments')
    .select(['location_id', 'provider_id', 'chair', 'starts_at', 'duration_minutes'])
    .where('status', 'in', ['scheduled', 'confirmed'])
    .where('starts_at', '>=', since).where('starts_at', '<', request.to)
    .where((eb) => (request.providerIds.length > 0
      ? eb.or([eb('location_id', '=', request.locationId), eb('provider_id', 'in', [...request.providerIds])])
      : eb('location_id', '=', request.locationId)))
    .execute();
  return rows.map((r) => ({
    startsAt: new Date(r.starts_at), durationMinutes: r.duration_minutes, providerId: r.provider_id === null ? null : Number(r.provider_id),
    chair: r.location_id !== null && Number(r.location_id) === request.locationId ? r.chair : null,
  }));
}

/**
 * Times patients picked on their page that staff have not confirmed yet, on cases still open: held as
 * if booked, so the same chair is not offered to, or picked by, another patient meanwhile. The case
 * being booked is left out (its own pick is what staff are confirming).
 */
export async function loadHeldTimes(
  db: Kysely<Database>,
  request: { locationId: number; providerIds: readonly number[]; from: Date; to: Date; exceptCaseId: number },
): Promise<BusyAppointment[]> {
  // Only a case's newest pick is held: a patient who picked again on a new link does not keep two chairs.
  const rows = await db.selectFrom('booking_requests as r').innerJoin('cases as c', 'c.id', 'r.case_id')
    .distinctOn('r.case_id').orderBy('r.case_id').orderBy('r.created_at', 'desc').orderBy('r.id', 'desc')
    .select(['r.location_id', 'r.provider_id', 'r.chair', 'r.starts_at', 'r.ends_at'])
    .where('r.confirmed_at', 'is', null).where('r.kind', '=', 'time').where('c.state', 'not in', ['closed', 'scheduled'])
    .where('r.case_id', '!=', request.exceptCaseId)
    .where('r.starts_at', '>=', new Date(request.from.getTime() - 86_400_000)).where('r.starts_at', '<', request.to)
    .where((eb) => (request.providerIds.length > 0
      ? eb.or([eb('r.location_id', '=', request.locationId), eb('r.provider_id', 'in', [...request.providerIds])])
      : eb('r.location_id', '=', request.locationId)))
    .execute();
  return rows.flatMap((r) => (r.starts_at === null || r.ends_at === null ? [] : [{
    startsAt: new Date(r.starts_at), durationMinutes: Math.max(1, Math.round((new Date(r.ends_at).getTime() - new Date(r.starts_at).getTime()) / 60_000)),
    providerId: r.provider_id === null ? null : Number(r.provider_id),
    chair: r.location_id !== null && Number(r.location_id) === request.locationId ? r.chair : null,
  }]));
}

/**
 * Serializes changes to the calendar for the rest of the transaction (a patient's pick, a staff
 * confirmation): each re-checks its time and then holds or books it while no other can, so two
 * requests for the same chair cannot both pass the re-check. Practice-wide, because a provider may
 * work at two offices; these are rare and short.
 */
export async function lockBookingCalendar(db: Kysely<Database>): Promise<void> {
  // A transaction-scoped advisory lock: held until commit or rollback, and no row needs to exist for it.
  await sql`select pg_advisory_xact_lock(hashtext('recare.booking-calendar'))`.execute(db);
}

/**
 * What free times for a booking link are computed from: the case (its office and lead program), the
 * office's provider and chair schedules, and the appointments that keep a chair or provider busy.
 */
import type { Kysely } from 'kysely';
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

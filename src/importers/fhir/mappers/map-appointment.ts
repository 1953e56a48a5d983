import type { ImportProblem } from '../../problem.js';
import type { AppointmentRecord, AppointmentStatus } from '../../records.js';
import { parseLocalDateTime } from '../../time/local-date-time.js';
import { conceptText } from '../code-systems.js';
import { draft, entryProblem, originOf, type MapResult, type PendingReference } from '../draft.js';
import type { FhirEntry } from '../fhir-entry.js';
import type { AppointmentR4, Reference } from '../fhir-types.js';
import { parseReference } from '../references.js';

/** R4 AppointmentStatus → ours; proposed/pending/waitlist are requests, not bookings, and are not imported. */
const statuses: Record<string, AppointmentStatus> = {
  booked: 'scheduled', arrived: 'confirmed', 'checked-in': 'confirmed', fulfilled: 'completed', cancelled: 'cancelled', noshow: 'no_show',
};

export function mapAppointment(entry: FhirEntry): MapResult {
  const appointment = entry.resource as AppointmentR4;
  const problems: ImportProblem[] = [];
  const status = statuses[appointment.status ?? ''];
  if (status === undefined) {
    problems.push(entryProblem(entry, 'status', appointment.status ?? null, `is not a booked appointment (booked, arrived, checked-in, fulfilled, cancelled, noshow are imported); skipped`, 'warning'));
    return { drafts: [], problems };
  }
  const start = appointment.start ? parseLocalDateTime(appointment.start) : null;
  if (!appointment.id || start === null || !start.ok) {
    problems.push(entryProblem(entry, appointment.id ? 'start' : 'id', appointment.start ?? null, appointment.id ? 'is missing or not a date-time; a booked appointment needs its start' : 'has no id', 'error'));
    return { drafts: [], problems };
  }
  const end = appointment.end ? Date.parse(appointment.end) : NaN;
  const duration = appointment.minutesDuration ?? (Number.isFinite(end) ? Math.round((end - Date.parse(appointment.start ?? '')) / 60000) : null);
  const record: AppointmentRecord = {
    externalId: `Appointment/${appointment.id}`, patientExternalId: '', start: start.value, durationMinutes: duration, status,
    type: conceptText(appointment.appointmentType) ?? conceptText(appointment.serviceType?.[0]) ?? appointment.description ?? null,
    providerExternalId: null, locationExternalId: null, procedureCodes: [], origin: originOf(entry),
  };
  const references: PendingReference<AppointmentRecord>[] = [];
  const actors = (appointment.participant ?? []).map((p) => p.actor).filter((a): a is Reference => a !== undefined);
  const typed = (type: string) => actors.findIndex((a) => typeOf(a) === type);
  const patient = typed('Patient');
  if (patient < 0) {
    problems.push(entryProblem(entry, 'participant', null, 'has no Patient participant; the appointment was not imported', 'error'));
    return { drafts: [], problems };
  }
  references.push({ reference: actors[patient] as Reference, type: 'Patient', required: true, column: `participant[${patient}].actor`, set: (r, id) => { r.patientExternalId = id; } });
  const practitioner = typed('Practitioner');
  if (practitioner >= 0) references.push({ reference: actors[practitioner] as Reference, type: 'Practitioner', required: false, column: `participant[${practitioner}].actor`, set: (r, id) => { r.providerExternalId = id; } });
  const location = typed('Location');
  if (location >= 0) references.push({ reference: actors[location] as Reference, type: 'Location', required: false, column: `participant[${location}].actor`, set: (r, id) => { r.locationExternalId = id; } });
  return { drafts: [draft('appointments', record, entry, references)], problems };
}

function typeOf(reference: Reference): string | null {
  const parsed = parseReference(reference);
  if (parsed?.kind === 'literal') return parsed.type;
  if (parsed?.kind === 'identifier') return parsed.type;
  return reference.type ?? null;
}

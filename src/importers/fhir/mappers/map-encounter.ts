import type { ImportProblem } from '../../problem.js';
import type { AppointmentRecord, AppointmentStatus } from '../../records.js';
import { parseLocalDateTime } from '../../time/local-date-time.js';
import { conceptText } from '../code-systems.js';
import { draft, entryProblem, originOf, type MapResult, type PendingReference } from '../draft.js';
import type { FhirEntry } from '../fhir-entry.js';
import type { EncounterR4 } from '../fhir-types.js';
import { mayBePractitioner } from '../references.js';

/**
 * An Encounter is a visit that happened (or is happening): sources without Appointment resources,
 * such as Synthea, tell us about past visits only through Encounters, and recall needs "last visit".
 * So an Encounter becomes an appointment record, external id `Encounter/<id>`.
 */
const statuses: Record<string, AppointmentStatus> = {
  planned: 'scheduled', arrived: 'confirmed', triaged: 'confirmed', 'in-progress': 'confirmed', onleave: 'confirmed', finished: 'completed', cancelled: 'cancelled',
};

export function mapEncounter(entry: FhirEntry): MapResult {
  const encounter = entry.resource as EncounterR4;
  const problems: ImportProblem[] = [];
  const status = statuses[encounter.status ?? ''];
  if (status === undefined) {
    problems.push(entryProblem(entry, 'status', encounter.status ?? null, 'is not a visit status we import (planned, arrived, triaged, in-progress, onleave, finished, cancelled); skipped', 'warning'));
    return { drafts: [], problems };
  }
  const start = encounter.period?.start ? parseLocalDateTime(encounter.period.start) : null;
  if (!encounter.id || !encounter.subject || start === null || !start.ok) {
    const field = !encounter.id ? 'id' : !encounter.subject ? 'subject' : 'period.start';
    problems.push(entryProblem(entry, field, field === 'period.start' ? encounter.period?.start ?? null : null, 'is missing or invalid; the visit was not imported', 'error'));
    return { drafts: [], problems };
  }
  const end = encounter.period?.end ? Date.parse(encounter.period.end) : NaN;
  const record: AppointmentRecord = {
    externalId: `Encounter/${encounter.id}`, patientExternalId: '', start: start.value,
    durationMinutes: Number.isFinite(end) ? Math.round((end - Date.parse(encounter.period?.start ?? '')) / 60000) : null,
    status, type: conceptText(encounter.type?.[0]), providerExternalId: null, locationExternalId: null,
    // Filled in from the Procedures that reference this Encounter once the import is complete.
    procedureCodes: [], origin: originOf(entry),
  };
  const references: PendingReference<AppointmentRecord>[] = [
    { reference: encounter.subject, type: 'Patient', required: true, column: 'subject', set: (r, id) => { r.patientExternalId = id; } },
  ];
  const performer = encounter.participant?.map((p) => p.individual).find(mayBePractitioner);
  if (performer) references.push({ reference: performer, type: 'Practitioner', required: false, column: 'participant.individual', set: (r, id) => { r.providerExternalId = id; } });
  const location = encounter.location?.[0]?.location;
  if (location) references.push({ reference: location, type: 'Location', required: false, column: 'location[0].location', set: (r, id) => { r.locationExternalId = id; } });
  return { drafts: [draft('appointments', record, entry, references)], problems };
}

import type { CountryCode } from 'libphonenumber-js';
import type { ImportProblem } from '../problem.js';
import type { AppointmentRecord, ProviderRecord } from '../records.js';
import { entryProblem, type AnyDraft, type FhirRecords, type MapResult } from './draft.js';
import type { FhirEntry, FhirSourceEvent } from './fhir-entry.js';
import { mapAppointment } from './mappers/map-appointment.js';
import { mapCarePlan } from './mappers/map-care-plan.js';
import { mapEncounter } from './mappers/map-encounter.js';
import { mapLocation } from './mappers/map-location.js';
import { mapPatient } from './mappers/map-patient.js';
import { mapPractitionerRole } from './mappers/map-practitioner-role.js';
import { mapPractitioner } from './mappers/map-practitioner.js';
import { mapProcedure } from './mappers/map-procedure.js';
import { mapServiceRequest } from './mappers/map-service-request.js';
import { identifiersOf, ReferenceIndex } from './references.js';
import { checkResourceShape } from './resource-shapes.js';

export interface FhirImportOptions {
  /** For phone numbers written without a country code (default US). */
  defaultCountry?: CountryCode;
}

export interface FhirImportResult {
  records: FhirRecords;
  problems: ImportProblem[];
  /** Resources read but not imported because Recare has no use for them (Observation, Claim…), by type. */
  skipped: Record<string, number>;
}

type Mapper = (entry: FhirEntry, defaultCountry: CountryCode) => MapResult;
const mappers: Record<string, Mapper> = {
  Patient: mapPatient, Practitioner: mapPractitioner, PractitionerRole: mapPractitionerRole, Location: mapLocation,
  Appointment: mapAppointment, Encounter: mapEncounter, Procedure: mapProcedure, CarePlan: mapCarePlan, ServiceRequest: mapServiceRequest,
};
/** Types other resources point at; only these are indexed for reference resolution. */
const referencedTypes = new Set(['Patient', 'Practitioner', 'PractitionerRole', 'Organization', 'Location', 'Encounter', 'Appointment']);

/**
 * One FHIR import over any number of files: resources are mapped as they arrive, and references
 * are resolved when `finish` is called, because a reference may point into a file read later
 * (Synthea patient bundles → practitionerInformation/hospitalInformation). Only mapped records and
 * an id index are kept, never the raw resources.
 */
export function createFhirImport(options: FhirImportOptions = {}) {
  const defaultCountry = options.defaultCountry ?? 'US';
  const index = new ReferenceIndex();
  const drafts: AnyDraft[] = [];
  const problems: ImportProblem[] = [];
  const skipped: Record<string, number> = {};

  function add(event: FhirSourceEvent): void {
    if (event.type === 'problem') {
      problems.push(event.problem);
      return;
    }
    const { entry } = event;
    const type = entry.resource.resourceType;
    // A resource of the wrong shape is reported and left out entirely, references to it included.
    const shapeProblem = checkResourceShape(entry);
    if (shapeProblem) {
      problems.push(shapeProblem);
      return;
    }
    const id = entry.resource.id ?? identifiersOf(entry.resource.identifier)[0]?.value;
    if (referencedTypes.has(type) && id) index.add(entry, id);
    const mapper = mappers[type];
    if (!mapper) {
      skipped[type] = (skipped[type] ?? 0) + 1;
      return;
    }
    const result = mapper(entry, defaultCountry);
    drafts.push(...result.drafts);
    problems.push(...result.problems);
  }

  function finish(): FhirImportResult {
    const records: FhirRecords = { patients: [], providers: [], locations: [], appointments: [], procedures: [], recalls: [] };
    const roles: { practitionerExternalId: string; role: ProviderRecord['role'] | null; locationExternalId: string | null }[] = [];
    const unresolved = new Map<string, { problem: ImportProblem; count: number }>();
    const seen = new Set<string>();

    for (const item of drafts) {
      let keep = true;
      for (const pending of item.references as { reference: { reference?: string }; type: string; required: boolean; column: string; set: (r: unknown, id: string) => void }[]) {
        const resolution = index.resolve(pending.reference, pending.type, item.entry.bundleKey);
        if (resolution.ok) {
          pending.set(item.record, resolution.id);
          continue;
        }
        if (pending.required) {
          keep = false;
          problems.push(entryProblem(item.entry, pending.column, pending.reference.reference ?? null, `${resolution.message}; the ${item.entry.resource.resourceType} was not imported`, 'error'));
          break;
        }
        // The same missing practitioner is referenced by every encounter of a bundle: say it once per file.
        const key = `${item.entry.file}\u0000${pending.reference.reference ?? ''}`;
        const existing = unresolved.get(key);
        if (existing) existing.count += 1;
        else unresolved.set(key, { problem: entryProblem(item.entry, pending.column, pending.reference.reference ?? null, `${resolution.message}; left empty`, 'warning'), count: 1 });
      }
      if (!keep) continue;
      if (item.kind === 'providerRoles') {
        roles.push(item.record);
        continue;
      }
      // The same practitioner or location arrives in many bundles; the first copy wins.
      const identity = 'externalId' in item.record && item.record.externalId !== null ? `${item.kind}|${item.record.externalId}` : null;
      if (identity !== null) {
        if (seen.has(identity)) continue;
        seen.add(identity);
      }
      (records[item.kind] as unknown[]).push(item.record);
    }
    for (const { problem, count } of unresolved.values()) {
      problems.push(count > 1 ? { ...problem, message: `${problem.message} (${count} references to it in this file)` } : problem);
    }
    applyRoles(records.providers, roles);
    attachProcedureCodes(records);
    return { records, problems, skipped };
  }

  return { add, finish };
}

function applyRoles(providers: ProviderRecord[], roles: { practitionerExternalId: string; role: ProviderRecord['role'] | null; locationExternalId: string | null }[]) {
  const byId = new Map(providers.map((p) => [p.externalId, p]));
  for (const role of roles) {
    const provider = byId.get(role.practitionerExternalId);
    if (!provider) continue;
    if (role.role !== null && provider.role === 'other') provider.role = role.role;
    provider.locationExternalId ??= role.locationExternalId;
  }
}

/** A visit's procedure codes are what closes a recall ("the D1110 was done at that visit"). */
function attachProcedureCodes(records: FhirRecords) {
  const visits = new Map<string, AppointmentRecord>(records.appointments.map((a) => [a.externalId, a]));
  for (const procedure of records.procedures) {
    const visit = procedure.appointmentExternalId === null ? undefined : visits.get(procedure.appointmentExternalId);
    if (visit && !visit.procedureCodes.includes(procedure.code)) visit.procedureCodes.push(procedure.code);
  }
}

/** Runs a whole import over a stream of events (see readFhirPath, readNdjson, readFhirJson). */
export async function importFhir(events: AsyncIterable<FhirSourceEvent> | Iterable<FhirSourceEvent>, options: FhirImportOptions = {}): Promise<FhirImportResult> {
  const session = createFhirImport(options);
  for await (const event of events) session.add(event);
  return session.finish();
}

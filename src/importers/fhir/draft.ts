import type { ImportProblem } from '../problem.js';
import type { AppointmentRecord, LocationRecord, PatientRecord, ProcedureRecord, ProviderRecord, RecallRecord, RecordOrigin } from '../records.js';
import type { FhirEntry } from './fhir-entry.js';
import type { Reference } from './fhir-types.js';

export interface FhirRecords {
  patients: PatientRecord[];
  providers: ProviderRecord[];
  locations: LocationRecord[];
  appointments: AppointmentRecord[];
  procedures: ProcedureRecord[];
  recalls: RecallRecord[];
}

/** What a PractitionerRole adds to a provider: its role and location. */
export interface ProviderRoleFacts { role: ProviderRecord['role'] | null; locationExternalId: string | null }

export type FhirRecordKind = keyof FhirRecords | 'providerRoles';
type RecordOf<K extends FhirRecordKind> = K extends keyof FhirRecords ? FhirRecords[K][number] : ProviderRoleFacts & { practitionerExternalId: string };

/** A reference to resolve once every file of the import has been read. */
export interface PendingReference<T> {
  reference: Reference;
  type: string;
  /** A record whose required reference (the patient) cannot be resolved is not imported. */
  required: boolean;
  column: string;
  set: (record: T, id: string) => void;
}

/** A mapped record whose references are still unresolved. */
export interface Draft<K extends FhirRecordKind = FhirRecordKind> {
  kind: K;
  record: RecordOf<K>;
  references: PendingReference<RecordOf<K>>[];
  entry: FhirEntry;
}

export type AnyDraft = { [K in FhirRecordKind]: Draft<K> }[FhirRecordKind];

export interface MapResult {
  drafts: AnyDraft[];
  problems: ImportProblem[];
}

export function originOf(entry: FhirEntry): RecordOrigin {
  return { file: entry.file, line: entry.line, path: `${entry.path} (${entry.resource.resourceType}/${entry.resource.id ?? '?'})` };
}

export function entryProblem(entry: FhirEntry, field: string | null, value: string | null, message: string, severity: ImportProblem['severity']): ImportProblem {
  return { file: entry.file, line: entry.line, column: field === null ? entry.path : `${entry.path}.${field}`, value, message, severity };
}

export function draft<K extends FhirRecordKind>(kind: K, record: RecordOf<K>, entry: FhirEntry, references: PendingReference<RecordOf<K>>[] = []): AnyDraft {
  return { kind, record, entry, references } as unknown as AnyDraft;
}

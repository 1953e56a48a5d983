/**
 * The slice of FHIR R4 the importer reads. The installed @types/fhir is STU3 (a global namespace,
 * no `fhir/r4` module), and input is untrusted JSON anyway, so every field is optional and checked
 * where it is used. Names and shapes follow https://hl7.org/fhir/R4/.
 */
export interface Coding { system?: string; code?: string; display?: string }
export interface CodeableConcept { coding?: Coding[]; text?: string }
export interface Identifier { system?: string; value?: string; use?: string }
export interface Reference { reference?: string; identifier?: Identifier; display?: string; type?: string }
export interface Period { start?: string; end?: string }
export interface ContactPointR4 { system?: string; value?: string; use?: string; period?: Period }
export interface HumanName { use?: string; family?: string; given?: string[]; prefix?: string[]; text?: string; period?: Period }
export interface Address { use?: string; line?: string[]; city?: string; state?: string; postalCode?: string; period?: Period }
export interface Extension { url?: string; valueCode?: string; valueString?: string }
export interface Timing { event?: string[]; repeat?: { boundsPeriod?: Period } }

export interface ResourceBase {
  resourceType: string;
  id?: string;
  identifier?: Identifier[] | Identifier;
  extension?: Extension[];
}

export interface PatientR4 extends ResourceBase {
  resourceType: 'Patient';
  active?: boolean;
  name?: HumanName[];
  telecom?: ContactPointR4[];
  gender?: string;
  birthDate?: string;
  deceasedBoolean?: boolean;
  deceasedDateTime?: string;
  address?: Address[];
  communication?: { language?: CodeableConcept; preferred?: boolean }[];
  generalPractitioner?: Reference[];
}

export interface PractitionerR4 extends ResourceBase { resourceType: 'Practitioner'; name?: HumanName[] }
export interface PractitionerRoleR4 extends ResourceBase {
  resourceType: 'PractitionerRole';
  practitioner?: Reference;
  location?: Reference[];
  code?: CodeableConcept[];
  specialty?: CodeableConcept[];
}
export interface LocationR4 extends ResourceBase { resourceType: 'Location'; name?: string; address?: Address; telecom?: ContactPointR4[] }

export interface AppointmentR4 extends ResourceBase {
  resourceType: 'Appointment';
  status?: string;
  start?: string;
  end?: string;
  minutesDuration?: number;
  appointmentType?: CodeableConcept;
  serviceType?: CodeableConcept[];
  description?: string;
  participant?: { actor?: Reference }[];
}

export interface EncounterR4 extends ResourceBase {
  resourceType: 'Encounter';
  status?: string;
  type?: CodeableConcept[];
  subject?: Reference;
  participant?: { individual?: Reference }[];
  period?: Period;
  location?: { location?: Reference }[];
}

export interface ProcedureR4 extends ResourceBase {
  resourceType: 'Procedure';
  status?: string;
  code?: CodeableConcept;
  subject?: Reference;
  encounter?: Reference;
  performedDateTime?: string;
  performedPeriod?: Period;
  performer?: { actor?: Reference }[];
  location?: Reference;
}

export interface CarePlanR4 extends ResourceBase {
  resourceType: 'CarePlan';
  status?: string;
  subject?: Reference;
  activity?: { detail?: { code?: CodeableConcept; status?: string; scheduledPeriod?: Period; scheduledString?: string; scheduledTiming?: Timing; description?: string } }[];
}

export interface ServiceRequestR4 extends ResourceBase {
  resourceType: 'ServiceRequest';
  status?: string;
  code?: CodeableConcept;
  subject?: Reference;
  encounter?: Reference;
  occurrenceDateTime?: string;
  occurrencePeriod?: Period;
  occurrenceTiming?: Timing;
  authoredOn?: string;
  requester?: Reference;
  performer?: Reference[];
  locationReference?: Reference[];
}

export interface BundleR4 extends ResourceBase {
  resourceType: 'Bundle';
  type?: string;
  entry?: { fullUrl?: string; resource?: ResourceBase; request?: { method?: string; url?: string; ifNoneExist?: string } }[];
}

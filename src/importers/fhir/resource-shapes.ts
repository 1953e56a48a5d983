/**
 * The shapes of the FHIR R4 resources the importer reads, checked before a resource is mapped: the
 * mappers trust fhir-types.ts, and a Patient whose `name` is a string instead of a list of
 * HumanName would otherwise throw deep inside one. Only the elements a mapper reads are checked, and
 * other elements pass untouched (FHIR resources carry far more than Recare uses). Strings have
 * lengths that fit where they end up: ids, names and codes land in database indexes.
 */
import { z } from 'zod';
import type { ImportProblem } from '../problem.js';
import { entryProblem } from './draft.js';
import type { FhirEntry } from './fhir-entry.js';
import type {
  AppointmentR4, CarePlanR4, EncounterR4, LocationR4, PatientR4, PractitionerR4, PractitionerRoleR4, ProcedureR4, ResourceBase, ServiceRequestR4,
} from './fhir-types.js';

/** FHIR's `id` datatype: at most 64 characters. */
const id = z.string().max(64);
/** Names, codes, identifier values: indexed columns, far below PostgreSQL's ~2,700-byte entry limit. */
const short = z.string().max(200);
/** Displays and text that may become a recall type (indexed) or a description. */
const text = z.string().max(500);
const uri = z.string().max(2000);
const longText = z.string().max(10_000);

const coding = z.looseObject({ system: uri.optional(), code: short.optional(), display: text.optional() });
const concept = z.looseObject({ coding: z.array(coding).optional(), text: text.optional() });
const identifier = z.looseObject({ system: uri.optional(), value: short.optional(), use: short.optional() });
const reference = z.looseObject({ reference: uri.optional(), identifier: identifier.optional(), display: text.optional(), type: short.optional() });
const period = z.looseObject({ start: short.optional(), end: short.optional() });
const contactPoint = z.looseObject({ system: short.optional(), value: z.string().max(254).optional(), use: short.optional(), period: period.optional() });
const humanName = z.looseObject({ use: short.optional(), family: short.optional(), given: z.array(short).optional(), prefix: z.array(short).optional(), text: text.optional(), period: period.optional() });
const address = z.looseObject({ use: short.optional(), line: z.array(text).optional(), city: short.optional(), state: short.optional(), postalCode: short.optional(), period: period.optional() });
const extension = z.looseObject({ url: uri.optional(), valueCode: short.optional(), valueString: longText.optional() });
const timing = z.looseObject({ event: z.array(short).optional(), repeat: z.looseObject({ boundsPeriod: period.optional() }).optional() });

const base = { id: id.optional(), identifier: z.union([z.array(identifier), identifier]).optional() };

const patient = z.looseObject({
  ...base,
  resourceType: z.literal('Patient'),
  active: z.boolean().optional(),
  name: z.array(humanName).optional(),
  telecom: z.array(contactPoint).optional(),
  gender: short.optional(),
  birthDate: short.optional(),
  deceasedBoolean: z.boolean().optional(),
  deceasedDateTime: short.optional(),
  address: z.array(address).optional(),
  communication: z.array(z.looseObject({ language: concept.optional(), preferred: z.boolean().optional() })).optional(),
  generalPractitioner: z.array(reference).optional(),
}) satisfies z.ZodType<PatientR4>;

const practitioner = z.looseObject({ ...base, resourceType: z.literal('Practitioner'), name: z.array(humanName).optional() }) satisfies z.ZodType<PractitionerR4>;

const practitionerRole = z.looseObject({
  ...base,
  resourceType: z.literal('PractitionerRole'),
  practitioner: reference.optional(),
  location: z.array(reference).optional(),
  code: z.array(concept).optional(),
  specialty: z.array(concept).optional(),
}) satisfies z.ZodType<PractitionerRoleR4>;

const location = z.looseObject({
  ...base,
  resourceType: z.literal('Location'),
  name: text.optional(),
  address: address.optional(),
  telecom: z.array(contactPoint).optional(),
  extension: z.array(extension).optional(),
}) satisfies z.ZodType<LocationR4>;

const appointment = z.looseObject({
  ...base,
  resourceType: z.literal('Appointment'),
  status: short.optional(),
  start: short.optional(),
  end: short.optional(),
  minutesDuration: z.number().int().min(0).max(100_000).optional(),
  appointmentType: concept.optional(),
  serviceType: z.array(concept).optional(),
  description: longText.optional(),
  participant: z.array(z.looseObject({ actor: reference.optional() })).optional(),
}) satisfies z.ZodType<AppointmentR4>;

const encounter = z.looseObject({
  ...base,
  resourceType: z.literal('Encounter'),
  status: short.optional(),
  type: z.array(concept).optional(),
  subject: reference.optional(),
  participant: z.array(z.looseObject({ individual: reference.optional() })).optional(),
  period: period.optional(),
  location: z.array(z.looseObject({ location: reference.optional() })).optional(),
}) satisfies z.ZodType<EncounterR4>;

const procedure = z.looseObject({
  ...base,
  resourceType: z.literal('Procedure'),
  status: short.optional(),
  code: concept.optional(),
  subject: reference.optional(),
  encounter: reference.optional(),
  performedDateTime: short.optional(),
  performedPeriod: period.optional(),
  performer: z.array(z.looseObject({ actor: reference.optional() })).optional(),
  location: reference.optional(),
}) satisfies z.ZodType<ProcedureR4>;

const carePlan = z.looseObject({
  ...base,
  resourceType: z.literal('CarePlan'),
  status: short.optional(),
  subject: reference.optional(),
  activity: z.array(z.looseObject({
    detail: z.looseObject({
      code: concept.optional(), status: short.optional(), scheduledPeriod: period.optional(), scheduledString: short.optional(), scheduledTiming: timing.optional(), description: text.optional(),
    }).optional(),
  })).optional(),
}) satisfies z.ZodType<CarePlanR4>;

const serviceRequest = z.looseObject({
  ...base,
  resourceType: z.literal('ServiceRequest'),
  status: short.optional(),
  code: concept.optional(),
  subject: reference.optional(),
  encounter: reference.optional(),
  occurrenceDateTime: short.optional(),
  occurrencePeriod: period.optional(),
  occurrenceTiming: timing.optional(),
  authoredOn: short.optional(),
  requester: reference.optional(),
  performer: z.array(reference).optional(),
  locationReference: z.array(reference).optional(),
}) satisfies z.ZodType<ServiceRequestR4>;

/** Resources other resources point at, read only for their id and identifiers. */
const referenced = z.looseObject({ ...base, resourceType: z.string() }) satisfies z.ZodType<ResourceBase>;

const shapes: Readonly<Record<string, z.ZodType<ResourceBase>>> = {
  Patient: patient, Practitioner: practitioner, PractitionerRole: practitionerRole, Location: location, Appointment: appointment,
  Encounter: encounter, Procedure: procedure, CarePlan: carePlan, ServiceRequest: serviceRequest, Organization: referenced,
};

/** A resource with many wrong elements is summarised after this many. */
const maxListed = 5;

/**
 * What is wrong with the shape of a resource Recare reads, as one problem (one resource, one
 * rejection), located like any other FHIR problem (`Bundle.entry[3].resource.name`); null when
 * nothing is. Resources of other types are not read, so not checked.
 */
export function checkResourceShape(entry: FhirEntry): ImportProblem | null {
  const shape = shapes[entry.resource.resourceType];
  if (!shape) return null;
  const parsed = shape.safeParse(entry.resource);
  if (parsed.success) return null;
  const type = entry.resource.resourceType;
  const issues = parsed.error.issues;
  if (issues.length === 1) {
    const issue = issues[0] as z.core.$ZodIssue;
    const given = valueAt(entry.resource, issue.path);
    return entryProblem(entry, fhirPath(issue.path) || null, shown(given), `${explain(issue, given)}; the ${type} was not imported`, 'error');
  }
  const listed = issues.slice(0, maxListed).map((issue) => `${fhirPath(issue.path) || 'the resource'} ${explain(issue, valueAt(entry.resource, issue.path))}`);
  const more = issues.length > maxListed ? ` and ${issues.length - maxListed} more` : '';
  return entryProblem(entry, null, null, `has ${issues.length} elements of the wrong shape (${listed.join('; ')}${more}); the ${type} was not imported`, 'error');
}

/** A short scalar is shown as given; a long string, a list or an object is described, not echoed. */
function shown(given: unknown): string | null {
  if (typeof given === 'string') return given.length <= 200 ? given : null;
  return typeof given === 'number' || typeof given === 'boolean' ? String(given) : null;
}

function explain(issue: z.core.$ZodIssue, given: unknown): string {
  if (issue.code === 'invalid_type') return `is ${kindOf(given)}, expected ${expectedKind[issue.expected] ?? issue.expected}`;
  if (issue.code === 'invalid_union') return `is ${kindOf(given)}, expected an object or a list (JSON array) of objects`;
  if (issue.code === 'too_big' && typeof given === 'string') return `is ${given.length.toLocaleString('en-US')} characters long, at most ${Number(issue.maximum).toLocaleString('en-US')} allowed`;
  if (issue.code === 'too_big' || issue.code === 'too_small') return `is ${kindOf(given)} out of range (${issue.code === 'too_big' ? 'at most' : 'at least'} ${String(issue.code === 'too_big' ? issue.maximum : issue.minimum)})`;
  return `is not valid here (${issue.message})`;
}

const expectedKind: Record<string, string> = {
  array: 'a list (JSON array)', object: 'an object', string: 'a string', number: 'a number', int: 'a whole number', boolean: 'true or false',
};

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list (JSON array)';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return Number.isInteger(value) ? 'a whole number' : 'a number';
  if (typeof value === 'boolean') return `${value}`;
  if (typeof value === 'object') return 'an object';
  return 'missing';
}

/** `name.0.given` → `name[0].given`, the way FHIRPath and the rest of the problems say it. */
function fhirPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

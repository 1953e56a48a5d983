import type { CountryCode } from 'libphonenumber-js';
import { emailContactPoint, phoneContactPoint } from '../../hygiene/contact-point.js';
import { phoneExample } from '../../hygiene/normalize-phone.js';
import { quoted, type ImportProblem } from '../../problem.js';
import type { ContactPoint, PatientRecord } from '../../records.js';
import { normalizeLanguage } from '../../values/language.js';
import { draft, entryProblem, originOf, type MapResult, type PendingReference } from '../draft.js';
import type { FhirEntry } from '../fhir-entry.js';
import type { HumanName, PatientR4 } from '../fhir-types.js';

const uses: Record<string, ContactPoint['use']> = { mobile: 'mobile', home: 'home', work: 'work', temp: 'other' };
const sexes: Record<string, PatientRecord['sex']> = { female: 'female', male: 'male', other: 'other', unknown: 'unknown' };

export function mapPatient(entry: FhirEntry, defaultCountry: CountryCode): MapResult {
  const patient = entry.resource as PatientR4;
  const problems: ImportProblem[] = [];
  const name = pickName(patient.name);
  const externalId = patient.id ?? null;
  if (externalId === null) problems.push(entryProblem(entry, 'id', null, 'has no id; a patient needs one to be matched on the next import', 'error'));
  const firstName = name?.given?.[0]?.trim() || null;
  const lastName = name?.family?.trim() || null;
  if (!firstName || !lastName) problems.push(entryProblem(entry, 'name', null, 'has no official or usual name with a given and a family name; the patient was not imported', 'error'));

  const contactPoints: ContactPoint[] = [];
  (patient.telecom ?? []).forEach((telecom, index) => {
    const raw = telecom.value?.trim();
    if (!raw || telecom.use === 'old' || telecom.period?.end) return;
    const field = `telecom[${index}].value`;
    if (telecom.system === 'email') {
      const point = emailContactPoint(raw, uses[telecom.use ?? ''] ?? 'home');
      if (!point.isValid) problems.push(entryProblem(entry, field, raw, `${quoted(raw)} ${point.invalidReason}; kept but flagged invalid`, 'warning'));
      contactPoints.push(point);
    } else if (telecom.system === 'phone' || telecom.system === 'sms') {
      const use = telecom.system === 'sms' ? 'mobile' : uses[telecom.use ?? ''] ?? 'other';
      const point = phoneContactPoint(raw, use, defaultCountry);
      if (!point.isValid) problems.push(entryProblem(entry, field, raw, `${quoted(raw)} ${point.invalidReason}; use e.g. ${phoneExample}; kept but flagged invalid`, 'warning'));
      if (!contactPoints.some((c) => c.kind === 'phone' && c.value === point.value)) contactPoints.push(point);
    }
  });

  const address = (patient.address ?? []).find((a) => a.use !== 'old' && !a.period?.end) ?? null;
  const language = patient.communication?.find((c) => c.preferred) ?? patient.communication?.[0];
  const preferred = patient.name?.find((n) => n.use === 'nickname' || (n.use === 'usual' && n !== name))?.given?.[0] ?? null;
  if (problems.some((p) => p.severity === 'error') || externalId === null || !firstName || !lastName) return { drafts: [], problems };

  const record: PatientRecord = {
    externalId, firstName, lastName,
    preferredName: preferred && preferred !== firstName ? preferred : null,
    birthDate: /^\d{4}-\d{2}-\d{2}$/.test(patient.birthDate ?? '') ? patient.birthDate ?? null : null,
    sex: sexes[patient.gender ?? ''] ?? null,
    status: patient.deceasedBoolean === true || patient.deceasedDateTime ? 'deceased' : patient.active === false ? 'inactive' : 'active',
    language: normalizeLanguage(language?.language?.coding?.[0]?.code ?? language?.language?.text ?? ''),
    preferredChannel: null, guarantorExternalId: null,
    address: { address1: address?.line?.[0] ?? null, city: address?.city ?? null, state: address?.state ?? null, zip: address?.postalCode ?? null },
    locationExternalId: null, providerExternalId: null,
    contactPoints,
    // FHIR has no standard element for contact consent; absence is "not stated", never "yes".
    consents: { sms: null, voice: null, email: null }, noVoicemail: null, doNotContact: null,
    origin: originOf(entry),
  };
  const practitioner = patient.generalPractitioner?.findIndex((r) => /Practitioner[/?]/.test(r.reference ?? '') || r.type === 'Practitioner') ?? -1;
  const references: PendingReference<PatientRecord>[] = [];
  const gp = patient.generalPractitioner?.[practitioner];
  if (gp) references.push({ reference: gp, type: 'Practitioner', required: false, column: `generalPractitioner[${practitioner}]`, set: (r, id) => { r.providerExternalId = id; } });
  return { drafts: [draft('patients', record, entry, references)], problems };
}

function pickName(names: HumanName[] | undefined): HumanName | undefined {
  const current = (names ?? []).filter((n) => !n.period?.end && n.use !== 'old' && n.use !== 'maiden');
  return current.find((n) => n.use === 'official') ?? current.find((n) => n.use === 'usual') ?? current[0];
}

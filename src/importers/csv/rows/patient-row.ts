import { emailContactPoint, phoneContactPoint } from '../../hygiene/contact-point.js';
import { phoneExample } from '../../hygiene/normalize-phone.js';
import { quoted } from '../../problem.js';
import type { ContactPoint, PatientRecord } from '../../records.js';
import { parseCalendarDate } from '../../values/calendar-date.js';
import { normalizeLanguage } from '../../values/language.js';
import { parseYesNo } from '../../values/yes-no.js';
import type { RowReader } from '../row-reader.js';
import { patientStatus, preferredChannel, sex } from '../vocabularies.js';

const phoneFields = [['mobile_phone', 'mobile'], ['home_phone', 'home'], ['work_phone', 'work']] as const;

export function parsePatientRow(row: RowReader): PatientRecord | null {
  const externalId = row.required('patient_id');
  const firstName = row.required('first_name');
  const lastName = row.required('last_name');
  // A status or do-not-contact flag we cannot read might mean "deceased" or "never call": importing
  // such a row as contactable would be worse than not importing it.
  const status = row.parse('status', patientStatus, 'reject') ?? 'active';
  const doNotContact = row.parse('do_not_contact', parseYesNo, 'reject');
  const birthDate = row.parse('birth_date', (t) => parseCalendarDate(t, { usDates: row.usDates }), 'ignore');

  const contactPoints: ContactPoint[] = [];
  for (const [field, use] of phoneFields) {
    const raw = row.text(field);
    if (raw === null) continue;
    const point = phoneContactPoint(raw, use, row.defaultCountry);
    if (!point.isValid) row.warn(field, raw, `${quoted(raw)} ${point.invalidReason}; use e.g. ${phoneExample}; kept but flagged invalid`);
    if (!contactPoints.some((c) => c.kind === 'phone' && c.value === point.value)) contactPoints.push(point);
  }
  const rawEmail = row.text('email');
  if (rawEmail !== null) {
    const point = emailContactPoint(rawEmail);
    if (!point.isValid) row.warn('email', rawEmail, `${quoted(rawEmail)} ${point.invalidReason}; use e.g. jane.doe@example.com; kept but flagged invalid`);
    contactPoints.push(point);
  }

  const consents = {
    sms: row.parse('sms_consent', parseYesNo, 'ignore'),
    voice: row.parse('voice_consent', parseYesNo, 'ignore'),
    email: row.parse('email_consent', parseYesNo, 'ignore'),
  };
  const record = {
    preferredName: row.text('preferred_name'),
    sex: row.parse('sex', sex, 'ignore'),
    language: normalizeLanguage(row.text('language') ?? ''),
    preferredChannel: row.parse('preferred_channel', preferredChannel, 'ignore'),
    noVoicemail: row.parse('no_voicemail', parseYesNo, 'ignore'),
  };
  if (row.rejected || row.skipped || externalId === null || firstName === null || lastName === null) return null;
  return {
    externalId, firstName, lastName, birthDate, status, doNotContact, contactPoints, consents, ...record,
    guarantorExternalId: row.text('guarantor_id'),
    address: { address1: row.text('address1'), city: row.text('city'), state: row.text('state'), zip: row.text('zip') },
    locationExternalId: row.text('location'),
    providerExternalId: row.text('provider'),
    origin: row.origin,
  };
}

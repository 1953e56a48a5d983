import { channels, patientStatuses, preferredChannels } from '../../domain/compliance/index.js';
import { appointmentStatuses } from '../../domain/recall/index.js';
import type { CodeSystem, ProcedureStatus, ProviderRole, Sex } from '../records.js';
import { parseOneOf } from '../values/one-of.js';

/** The closed vocabularies of the canonical formats, with the spellings offices commonly use for them. */
export const patientStatus = parseOneOf(patientStatuses, { dead: 'deceased', expired: 'deceased' });
export const appointmentStatus = parseOneOf(appointmentStatuses, {
  booked: 'scheduled', complete: 'completed', canceled: 'cancelled', noshow: 'no_show', broken: 'no_show', missed: 'no_show', fulfilled: 'completed',
});
export const procedureStatus = parseOneOf<ProcedureStatus>(['completed', 'planned'], { complete: 'completed', done: 'completed', treatment_planned: 'planned', tp: 'planned', c: 'completed' });
export const codeSystem = parseOneOf<CodeSystem>(['CDT', 'CPT', 'SNOMED', 'ICD10'] as const, { cdt: 'CDT', ada: 'CDT', cpt: 'CPT', snomed: 'SNOMED', sct: 'SNOMED', snomed_ct: 'SNOMED', icd10: 'ICD10', icd_10: 'ICD10' });
export const providerRole = parseOneOf<ProviderRole>(['dentist', 'hygienist', 'physician', 'other'], { dds: 'dentist', dmd: 'dentist', rdh: 'hygienist', md: 'physician', doctor: 'dentist' });
export const preferredChannel = parseOneOf(preferredChannels, { phone: 'voice', call: 'voice', text: 'sms', text_message: 'sms', mail: 'letter', postcard: 'letter' });
export const contactChannel = parseOneOf(channels, { phone: 'voice', call: 'voice', text: 'sms', mail: 'letter', postcard: 'letter' });
export const direction = parseOneOf<'out' | 'in'>(['out', 'in'], { outbound: 'out', sent: 'out', inbound: 'in', received: 'in' });
export const sex = parseOneOf<Sex>(['female', 'male', 'other', 'unknown'], { f: 'female', m: 'male', u: 'unknown', o: 'other' });

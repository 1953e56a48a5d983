import type { CodeSystem } from '../records.js';
import type { CodeableConcept, Coding } from './fhir-types.js';

/** FHIR code system URIs → our code systems. CDT appears under several URIs in the wild. */
const systems: Record<string, CodeSystem> = {
  'http://www.ada.org/cdt': 'CDT',
  'http://ada.org/cdt': 'CDT',
  'urn:oid:2.16.840.1.113883.6.13': 'CDT',
  'http://snomed.info/sct': 'SNOMED',
  'http://www.ama-assn.org/go/cpt': 'CPT',
  'urn:oid:2.16.840.1.113883.6.12': 'CPT',
  'http://hl7.org/fhir/sid/icd-10-pcs': 'ICD10',
  'http://www.cms.gov/Medicare/Coding/ICD10': 'ICD10',
};

/** Dental codes are what recall programs are keyed on, so CDT wins over SNOMED, then CPT, then ICD-10. */
const preference: CodeSystem[] = ['CDT', 'SNOMED', 'CPT', 'ICD10'];

export interface PickedCode { system: CodeSystem; code: string; display: string | null }

export function pickCode(concept: CodeableConcept | undefined): PickedCode | null {
  const known = (concept?.coding ?? [])
    .map((coding: Coding) => ({ system: systems[coding.system ?? ''], coding }))
    .filter((c): c is { system: CodeSystem; coding: Coding } => c.system !== undefined && typeof c.coding.code === 'string' && c.coding.code !== '')
    .sort((a, b) => preference.indexOf(a.system) - preference.indexOf(b.system));
  const best = known[0];
  if (!best) return null;
  return { system: best.system, code: best.coding.code ?? '', display: best.coding.display ?? concept?.text ?? null };
}

/** Human text for a concept: its text, else the first display, else the first code. */
export function conceptText(concept: CodeableConcept | undefined): string | null {
  if (!concept) return null;
  return concept.text ?? concept.coding?.find((c) => c.display)?.display ?? concept.coding?.find((c) => c.code)?.code ?? null;
}

export function describeCodings(concept: CodeableConcept | undefined): string {
  const codings = concept?.coding ?? [];
  return codings.length === 0 ? 'no coding' : codings.map((c) => `${c.system ?? '?'}|${c.code ?? '?'}`).join(', ');
}

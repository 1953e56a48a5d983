import type { ImportProblem } from '../../problem.js';
import type { ProviderRecord } from '../../records.js';
import { draft, entryProblem, originOf, type MapResult } from '../draft.js';
import type { FhirEntry } from '../fhir-entry.js';
import type { PractitionerR4 } from '../fhir-types.js';

export function mapPractitioner(entry: FhirEntry): MapResult {
  const practitioner = entry.resource as PractitionerR4;
  const problems: ImportProblem[] = [];
  const name = practitioner.name?.[0];
  const text = name?.text ?? [...(name?.prefix ?? []), ...(name?.given ?? []), name?.family].filter(Boolean).join(' ');
  if (!practitioner.id) {
    problems.push(entryProblem(entry, 'id', null, 'has no id; the provider was not imported', 'error'));
    return { drafts: [], problems };
  }
  // The role comes from a PractitionerRole, if the import has one; see mapPractitionerRole.
  const record: ProviderRecord = { externalId: practitioner.id, name: text || practitioner.id, role: 'other', locationExternalId: null, origin: originOf(entry) };
  return { drafts: [draft('providers', record, entry)], problems };
}


import type { ProviderRecord } from '../../records.js';
import { draft, type MapResult, type PendingReference, type ProviderRoleFacts } from '../draft.js';
import type { FhirEntry } from '../fhir-entry.js';
import type { PractitionerRoleR4 } from '../fhir-types.js';

/**
 * NUCC provider taxonomy codes (the US code system PractitionerRole uses): 1223… dentists,
 * 124Q… dental hygienists, 20… allopathic and osteopathic physicians.
 */
function roleFromTaxonomy(code: string): ProviderRecord['role'] | null {
  if (code.startsWith('1223')) return 'dentist';
  if (code.startsWith('124Q')) return 'hygienist';
  if (code.startsWith('20')) return 'physician';
  return null;
}

export function mapPractitionerRole(entry: FhirEntry): MapResult {
  const role = entry.resource as PractitionerRoleR4;
  if (!role.practitioner) return { drafts: [], problems: [] };
  const codes = [...(role.code ?? []), ...(role.specialty ?? [])].flatMap((c) => c.coding ?? []).map((c) => c.code ?? '');
  const facts: ProviderRoleFacts & { practitionerExternalId: string } = {
    role: codes.map(roleFromTaxonomy).find((r) => r !== null) ?? null,
    locationExternalId: null,
    practitionerExternalId: '',
  };
  type Facts = typeof facts;
  const references: PendingReference<Facts>[] = [
    { reference: role.practitioner, type: 'Practitioner', required: true, column: 'practitioner', set: (r, id) => { r.practitionerExternalId = id; } },
  ];
  const location = role.location?.[0];
  if (location) references.push({ reference: location, type: 'Location', required: false, column: 'location[0]', set: (r, id) => { r.locationExternalId = id; } });
  return { drafts: [draft('providerRoles', facts, entry, references)], problems: [] };
}

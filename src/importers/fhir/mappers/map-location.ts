import type { CountryCode } from 'libphonenumber-js';
import { IANAZone } from 'luxon';
import { phoneContactPoint } from '../../hygiene/contact-point.js';
import type { ImportProblem } from '../../problem.js';
import type { LocationRecord } from '../../records.js';
import { timeZoneForZip } from '../../time/time-zone-for-zip.js';
import { draft, entryProblem, originOf, type MapResult } from '../draft.js';
import type { FhirEntry } from '../fhir-entry.js';
import type { LocationR4 } from '../fhir-types.js';

const timeZoneExtension = 'http://hl7.org/fhir/StructureDefinition/timezone';

export function mapLocation(entry: FhirEntry, defaultCountry: CountryCode): MapResult {
  const location = entry.resource as LocationR4;
  const problems: ImportProblem[] = [];
  if (!location.id) {
    problems.push(entryProblem(entry, 'id', null, 'has no id; the location was not imported', 'error'));
    return { drafts: [], problems };
  }
  // FHIR Location has no time-zone element; the R4 extension is rare, so the ZIP code decides otherwise.
  const declared = location.extension?.find((e) => e.url === timeZoneExtension)?.valueCode;
  let timeZone = declared && IANAZone.isValidZone(declared) ? declared : timeZoneForZip(location.address?.postalCode ?? '');
  if (timeZone === null) {
    problems.push(entryProblem(entry, 'address.postalCode', location.address?.postalCode ?? null, 'gives no time zone (no timezone extension, no known US ZIP); set the location\'s time zone in Recare before appointments are resolved', 'warning'));
    timeZone = null;
  }
  const phone = location.telecom?.find((t) => t.system === 'phone' && t.value)?.value;
  const record: LocationRecord = {
    externalId: location.id,
    name: location.name ?? location.id,
    timeZone,
    address: { address1: location.address?.line?.[0] ?? null, city: location.address?.city ?? null, state: location.address?.state ?? null, zip: location.address?.postalCode ?? null },
    phone: phone ? phoneContactPoint(phone, 'work', defaultCountry) : null,
    origin: originOf(entry),
  };
  return { drafts: [draft('locations', record, entry)], problems };
}

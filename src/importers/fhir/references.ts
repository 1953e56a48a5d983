import type { FhirEntry } from './fhir-entry.js';
import type { Identifier, Reference } from './fhir-types.js';

/** The ways an R4 Reference can point at a resource. */
export type ParsedReference =
  | { kind: 'literal'; type: string; id: string }
  | { kind: 'full-url'; url: string }
  /** `Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|9999689190` (conditional, as Synthea writes) or a logical `identifier`. */
  | { kind: 'identifier'; type: string | null; system: string | null; value: string }
  | { kind: 'unsupported'; text: string };

export function parseReference(reference: Reference): ParsedReference | null {
  const text = reference.reference?.trim();
  if (text) {
    const conditional = /^([A-Za-z]+)\?identifier=(.+)$/.exec(text);
    if (conditional) {
      const token = decodeURIComponent(conditional[2] ?? '');
      const bar = token.lastIndexOf('|');
      return { kind: 'identifier', type: conditional[1] ?? null, system: bar >= 0 ? token.slice(0, bar) || null : null, value: bar >= 0 ? token.slice(bar + 1) : token };
    }
    if (/^(urn:uuid:|urn:oid:)/.test(text)) return { kind: 'full-url', url: text };
    const literal = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(text);
    if (literal) return { kind: 'literal', type: literal[1] ?? '', id: literal[2] ?? '' };
    return { kind: 'unsupported', text };
  }
  if (reference.identifier?.value) {
    return { kind: 'identifier', type: reference.type ?? null, system: reference.identifier.system ?? null, value: reference.identifier.value };
  }
  return null;
}

export type Resolution = { ok: true; id: string } | { ok: false; message: string };

/**
 * Everything a reference can be resolved against in one import: bundle fullUrls (scoped to their
 * bundle) and identifiers of every resource seen (Synthea's patient bundles point at practitioners
 * and locations that live in separate hospital/practitioner files). Holds ids, not resources.
 */
export class ReferenceIndex {
  private readonly byFullUrl = new Map<string, { type: string; id: string }>();
  private readonly byIdentifier = new Map<string, string>();
  private readonly byValue = new Map<string, string[]>();

  add(entry: FhirEntry, id: string): void {
    const type = entry.resource.resourceType;
    if (entry.fullUrl) this.byFullUrl.set(`${entry.bundleKey ?? ''} ${entry.fullUrl}`, { type, id });
    for (const identifier of identifiersOf(entry.resource.identifier)) {
      if (!identifier.value) continue;
      this.byIdentifier.set(`${type}|${identifier.system ?? ''}|${identifier.value}`, id);
      const key = `${type}|${identifier.value}`;
      this.byValue.set(key, [...(this.byValue.get(key) ?? []), id]);
    }
  }

  /** Resolves to the target's external id (its resource id), checking the target is of `expectedType`. */
  resolve(reference: Reference, expectedType: string, bundleKey: string | null): Resolution {
    const parsed = parseReference(reference);
    const shown = reference.reference ?? `identifier ${reference.identifier?.system ?? ''}|${reference.identifier?.value ?? ''}`;
    if (parsed === null) return { ok: false, message: 'is an empty reference' };
    switch (parsed.kind) {
      case 'literal':
        // A literal id is the external id itself, whether or not the target is in this import
        // (it may have come in an earlier import); the upsert checks it exists.
        if (parsed.type !== expectedType) return { ok: false, message: `${JSON.stringify(shown)} points at a ${parsed.type}; expected a ${expectedType}` };
        return { ok: true, id: parsed.id };
      case 'full-url': {
        const target = this.byFullUrl.get(`${bundleKey ?? ''} ${parsed.url}`);
        if (!target) return { ok: false, message: `${JSON.stringify(shown)} matches no entry's fullUrl in this bundle` };
        if (target.type !== expectedType) return { ok: false, message: `${JSON.stringify(shown)} points at a ${target.type}; expected a ${expectedType}` };
        return { ok: true, id: target.id };
      }
      case 'identifier': {
        const type = parsed.type ?? expectedType;
        if (type !== expectedType) return { ok: false, message: `${JSON.stringify(shown)} points at a ${type}; expected a ${expectedType}` };
        const exact = parsed.system !== null ? this.byIdentifier.get(`${type}|${parsed.system}|${parsed.value}`) : undefined;
        const loose = this.byValue.get(`${type}|${parsed.value}`);
        const id = exact ?? (loose?.length === 1 ? loose[0] : undefined);
        if (id === undefined) {
          return { ok: false, message: `${JSON.stringify(shown)} matches no ${type} in this import; include the file that defines it (e.g. Synthea's practitionerInformation/hospitalInformation bundles)` };
        }
        return { ok: true, id };
      }
      case 'unsupported':
        return { ok: false, message: `${JSON.stringify(shown)} is not a reference this importer understands; use Type/id, urn:uuid:… or Type?identifier=system|value` };
    }
  }
}

export function identifiersOf(identifier: Identifier[] | Identifier | undefined): Identifier[] {
  if (!identifier) return [];
  return Array.isArray(identifier) ? identifier : [identifier];
}

/**
 * Participants may be Practitioners, PractitionerRoles, RelatedPersons…; a bundle-internal
 * `urn:uuid:` reference does not say which until resolved, so only references that name another
 * type are ruled out here.
 */
export function mayBePractitioner(reference: Reference | undefined): reference is Reference {
  if (!reference) return false;
  const parsed = parseReference(reference);
  if (parsed === null || parsed.kind === 'unsupported') return false;
  if (parsed.kind === 'full-url') return reference.type === undefined || reference.type === 'Practitioner';
  return (parsed.kind === 'literal' ? parsed.type : parsed.type ?? reference.type ?? 'Practitioner') === 'Practitioner';
}

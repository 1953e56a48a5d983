import type { ImportProblem } from '../problem.js';
import type { ResourceBase } from './fhir-types.js';

/** One resource as read from a bundle or an NDJSON line, with where it came from. */
export interface FhirEntry {
  resource: ResourceBase;
  file: string;
  /** NDJSON line; null inside a bundle (see `path`). */
  line: number | null;
  /** FHIRPath-like location used in problems: `Bundle.entry[3].resource` or the resource type for NDJSON. */
  path: string;
  /** The bundle entry's fullUrl (`urn:uuid:…`), which transaction bundles use for references between entries. */
  fullUrl: string | null;
  /** Resources in one bundle may reference each other by fullUrl; this scopes that lookup. */
  bundleKey: string | null;
}

export type FhirSourceEvent = { type: 'resource'; entry: FhirEntry } | { type: 'problem'; problem: ImportProblem };

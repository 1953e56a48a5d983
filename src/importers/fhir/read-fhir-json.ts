import type { FhirSourceEvent } from './fhir-entry.js';
import type { BundleR4, ResourceBase } from './fhir-types.js';

/**
 * Reads one FHIR JSON document: a Bundle (transaction, batch, collection, searchset…) or a single
 * resource. XML is recognised and reported rather than misread: JSON is the supported format.
 * A document is parsed whole; only NDJSON (bulk export) streams resource by resource.
 */
export function readFhirJson(text: string, file: string): FhirSourceEvent[] {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('<')) {
    return [problem(file, null, 'unsupported format: XML; export the resources as FHIR JSON (a Bundle or NDJSON) instead')];
  }
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch (error) {
    return [problem(file, null, `is not valid JSON (${(error as Error).message}); expected a FHIR Bundle or resource`)];
  }
  return fhirEventsFromJson(json, file);
}

export function fhirEventsFromJson(json: unknown, file: string): FhirSourceEvent[] {
  if (!isResource(json)) return [problem(file, null, 'has no "resourceType"; expected a FHIR Bundle or resource')];
  if (json.resourceType !== 'Bundle') {
    return [{ type: 'resource', entry: { resource: json, file, line: null, path: json.resourceType, fullUrl: null, bundleKey: null } }];
  }
  const bundle = json as BundleR4;
  const events: FhirSourceEvent[] = [];
  if (bundle.entry !== undefined && !Array.isArray(bundle.entry)) return [problem(file, 'Bundle.entry', 'is not a list (JSON array) of entries; nothing to import')];
  const bundleKey = `${file}#${typeof bundle.id === 'string' ? bundle.id : ''}`;
  (bundle.entry ?? []).forEach((entry, index) => {
    const path = `Bundle.entry[${index}].resource`;
    if (typeof entry !== 'object' || entry === null || !isResource(entry.resource)) {
      events.push(problem(file, path, 'has no resource; nothing to import'));
      return;
    }
    if (entry.request?.method === 'DELETE') {
      events.push(problem(file, path, 'is a DELETE; deletions are not imported (archive the patient in Recare instead)'));
      return;
    }
    events.push({ type: 'resource', entry: { resource: entry.resource, file, line: null, path, fullUrl: typeof entry.fullUrl === 'string' ? entry.fullUrl : null, bundleKey } });
  });
  return events;
}

function isResource(value: unknown): value is ResourceBase {
  return typeof value === 'object' && value !== null && typeof (value as { resourceType?: unknown }).resourceType === 'string';
}

function problem(file: string, column: string | null, message: string): FhirSourceEvent {
  return { type: 'problem', problem: { file, line: null, column, value: null, message, severity: 'error' } };
}

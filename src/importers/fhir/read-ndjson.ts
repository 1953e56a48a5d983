import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { ByteSource } from '../csv/read-csv-table.js';
import type { FhirSourceEvent } from './fhir-entry.js';

/**
 * FHIR Bulk Data export files: one resource per line. Read line by line, so a file of any size needs
 * memory for one line at a time. A line that is not a resource is reported with its number.
 */
export async function* readNdjson(source: ByteSource, file: string): AsyncGenerator<FhirSourceEvent> {
  const input = source instanceof Readable ? source : Readable.from(source);
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    const trimmed = (line === 1 ? text.replace(/^\uFEFF/, '') : text).trim();
    if (trimmed === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch {
      yield { type: 'problem', problem: { file, line, column: null, value: trimmed.slice(0, 80), severity: 'error', message: 'is not a JSON resource (the line may be truncated); NDJSON needs one complete resource per line' } };
      continue;
    }
    const type = typeof json === 'object' && json !== null ? (json as { resourceType?: unknown }).resourceType : undefined;
    if (typeof type !== 'string') {
      yield { type: 'problem', problem: { file, line, column: null, value: null, severity: 'error', message: 'has no "resourceType"; expected a FHIR resource' } };
      continue;
    }
    yield { type: 'resource', entry: { resource: json as { resourceType: string }, file, line, path: type, fullUrl: null, bundleKey: null } };
  }
}

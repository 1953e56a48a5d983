import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { FhirSourceEvent } from './fhir-entry.js';
import { readFhirJson } from './read-fhir-json.js';
import { readNdjson } from './read-ndjson.js';

/**
 * The thin file-system shell: a FHIR JSON file, an NDJSON file, or a directory of them (a bulk
 * export or a folder of Synthea bundles), read in name order. Problems name files by base name.
 */
export async function* readFhirPath(path: string): AsyncGenerator<FhirSourceEvent> {
  const info = await stat(path);
  if (!info.isDirectory()) {
    yield* readFhirFile(path);
    return;
  }
  const names = (await readdir(path)).filter((n) => !n.startsWith('.')).sort();
  for (const name of names) {
    const full = join(path, name);
    if ((await stat(full)).isFile() && ['.json', '.ndjson', '.xml'].includes(extname(name).toLowerCase())) yield* readFhirFile(full);
  }
}

export async function* readFhirFile(path: string): AsyncGenerator<FhirSourceEvent> {
  const file = basename(path);
  const extension = extname(file).toLowerCase();
  if (file === 'log.ndjson') {
    // Bulk Data exports may include their own progress log next to the resource files.
    yield { type: 'problem', problem: { file, line: null, column: null, value: null, severity: 'warning', message: 'is a bulk-export log, not resources; skipped' } };
  } else if (extension === '.ndjson') {
    yield* readNdjson(createReadStream(path), file);
  } else if (extension === '.json' || extension === '.xml') {
    yield* readFhirJson(await readFile(path, 'utf8'), file);
  } else {
    yield { type: 'problem', problem: { file, line: null, column: null, value: null, severity: 'error', message: `unsupported format: ${extension || 'no extension'}; use .json (Bundle or resource) or .ndjson (bulk export)` } };
  }
}

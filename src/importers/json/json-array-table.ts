import type { TableEvent } from '../table-event.js';

/**
 * Presents an array of flat JSON objects (a PMS API page such as athenahealth's `patients`) as a
 * table, so the same column mapping and row rules apply as for CSV. Scalars become cells (booleans
 * as "true"/"false"); nested objects and arrays are not columns. The "line" of a row is its 1-based
 * position in the array, which is how problems locate it.
 */
export async function* jsonArrayTable(items: readonly unknown[], options: { file: string }): AsyncGenerator<TableEvent> {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    if (!isObject(item)) continue;
    for (const [key, value] of Object.entries(item)) {
      if (!seen.has(key) && isScalar(value)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  yield { type: 'header', columns, line: null };
  for (const [index, item] of items.entries()) {
    if (!isObject(item)) {
      yield { type: 'problem', problem: { file: options.file, line: index + 1, column: null, value: null, severity: 'error', message: 'is not a JSON object, so it was not imported' } };
      continue;
    }
    yield { type: 'row', cells: columns.map((c) => cellText(item[c])), line: index + 1 };
  }
}

/** Finds the array in an API page: the body itself, or its first array-valued property (`patients`, `reminders`…). */
export function jsonRecords(body: unknown, key?: string): readonly unknown[] {
  if (Array.isArray(body)) return body;
  if (!isObject(body)) return [];
  if (key !== undefined) return Array.isArray(body[key]) ? (body[key] as unknown[]) : [];
  const first = Object.values(body).find(Array.isArray);
  return first ?? [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

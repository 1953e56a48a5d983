/**
 * Encodes rows as CSV for PostgreSQL's COPY, the fastest way to load many rows on both backends.
 * NULL is an unquoted empty field; an empty string is quoted ("") so the two stay distinct.
 */
export type CopyValue = string | number | boolean | Date | null | undefined | readonly string[] | Record<string, unknown>;

export interface CopyTable {
  table: string;
  columns: readonly string[];
  rows: readonly (readonly CopyValue[])[];
}

export function copySql(table: string, columns: readonly string[], source: 'stdin' | 'blob'): string {
  const from = source === 'stdin' ? 'stdin' : `'/dev/blob'`;
  return `copy ${table} (${columns.join(', ')}) from ${from} with (format csv)`;
}

export function rowsToCsv(rows: readonly (readonly CopyValue[])[]): string {
  const lines: string[] = [];
  for (const row of rows) lines.push(row.map(encodeField).join(','));
  return lines.length ? lines.join('\n') + '\n' : '';
}

function encodeField(value: CopyValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return quote(arrayLiteral(value as readonly string[]));
  if (typeof value === 'object') return quote(JSON.stringify(value));
  return quote(value as string);
}

function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

function quote(text: string): string {
  if (text === '' || /[",\n\r]/.test(text) || text.trim() !== text) return `"${text.replace(/"/g, '""')}"`;
  return text;
}

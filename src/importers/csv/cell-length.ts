import type { ImportProblem } from '../problem.js';
import type { SourceColumn } from './resolve-columns.js';
import { defaultMaxLength, type TableSpec } from './table-specs.js';

/**
 * The fields of a row whose cell is longer than the field allows. Checked before any value is
 * parsed, so an absurd cell (a 3 MB name) is never quoted back in a message, never reaches a
 * database index (which refuses entries over ~2,700 bytes and would fail the whole batch), and
 * costs only its own row. The problem gives the length, not the content.
 */
export function oversizedCells(spec: TableSpec, fields: ReadonlyMap<string, SourceColumn>, cells: readonly string[], where: { file: string; line: number }): ImportProblem[] {
  const problems: ImportProblem[] = [];
  for (const field of spec.fields) {
    const column = fields.get(field.name);
    const cell = column ? cells[column.index] : undefined;
    if (cell === undefined) continue;
    const max = field.maxLength ?? defaultMaxLength;
    // Surrounding spaces are trimmed before a value is used; only what would be stored counts.
    if (cell.length <= max || cell.trim().length <= max) continue;
    problems.push({
      file: where.file, line: where.line, column: column?.name ?? field.name, value: null, severity: 'error',
      message: `is ${cell.trim().length.toLocaleString('en-US')} characters long; ${field.name} allows at most ${max.toLocaleString('en-US')}, so the row was not imported`,
    });
  }
  return problems;
}

/**
 * One thing wrong with the input, located precisely enough that the office can fix it in the
 * source system: file, line, column (or FHIR path), the value given and what is allowed.
 * Problems are values: a bad row never throws, it becomes one or more of these.
 */
export interface ImportProblem {
  file: string;
  /** 1-based line in the file (CSV/NDJSON), or the 1-based record number for JSON arrays; null for file-level problems. */
  line: number | null;
  /** The column as it is spelled in the file, or a FHIR path such as `Procedure.status`; null when the whole row or file is affected. */
  column: string | null;
  /** The offending value exactly as given; null when the problem is a missing value or a structural one. */
  value: string | null;
  /** What is wrong and what is allowed, e.g. `"555-01" is not a phone number; use e.g. +15551234567`. */
  message: string;
  /**
   * `error`: the row (or file) was not imported. `warning`: the row was imported, but this value was
   * ignored or flagged (an invalid phone is kept with isValid=false). The lead counts rejected rows from errors.
   */
  severity: 'error' | 'warning';
}

/** The human sentence, e.g. `patients.csv line 14, column "mobile_phone": "555-01" is not a phone number; use e.g. +15551234567`. */
export function formatProblem(problem: ImportProblem): string {
  const where = [problem.file];
  if (problem.line !== null) where.push(`line ${problem.line}`);
  const place = where.join(' ');
  const column = problem.column === null ? '' : `, column "${problem.column}"`;
  return `${place}${column}: ${problem.message}`;
}

/** Quotes a value for a message the way JSON does, so empty strings and spaces stay visible. */
export function quoted(value: string): string {
  return JSON.stringify(value);
}

import type { ImportProblem } from './problem.js';

/**
 * A tabular source (a CSV file, an array of JSON objects from a PMS API) seen as a stream of events:
 * the header once, then rows with their line numbers, and problems the reader itself found
 * (an unclosed quote, a truncated line). Every table importer consumes this, whatever the format.
 */
export type TableEvent =
  | { type: 'header'; columns: string[]; /** null when the source has no header line (JSON). */ line: number | null }
  | { type: 'row'; cells: string[]; line: number }
  | { type: 'problem'; problem: ImportProblem };

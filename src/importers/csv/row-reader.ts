import type { CountryCode } from 'libphonenumber-js';
import type { PresetTable } from '../presets/preset.js';
import { quoted, type ImportProblem } from '../problem.js';
import type { RecordOrigin } from '../records.js';
import type { Parsed } from '../values/parsed.js';
import type { SourceColumn } from './resolve-columns.js';

export interface RowContext {
  file: string;
  line: number;
  cells: readonly string[];
  fields: ReadonlyMap<string, SourceColumn>;
  presetTable: PresetTable | undefined;
  usDates: boolean;
  defaultCountry: CountryCode;
}

/**
 * Reads canonical fields out of one row and collects what is wrong with them. A row parser asks for
 * fields; invalid values become problems here, so each parser reads as a list of fields and rules.
 * `onInvalid: 'reject'` fails the row (a status we do not understand could mean "deceased");
 * `'ignore'` keeps the row without the value (a misspelt birth date should not lose the patient).
 */
export class RowReader {
  readonly problems: ImportProblem[] = [];
  private rejectedRow = false;
  private skipReason: string | null = null;

  constructor(private readonly context: RowContext) {
    // A row the preset says to skip (an Open Dental "Planned" appointment) is decided before any
    // field is parsed, so it yields one explanation rather than a cascade of irrelevant errors.
    for (const [field, reasons] of Object.entries(context.presetTable?.skipRows ?? {})) {
      const reason = this.lookup(reasons, this.raw(field));
      if (reason !== undefined && context.fields.has(field)) {
        this.skipReason = reason;
        this.problems.push(this.problem(field, this.raw(field), `${reason}; the row was skipped`, 'warning'));
        break;
      }
    }
  }

  get rejected(): boolean { return this.rejectedRow; }
  get skipped(): boolean { return this.skipReason !== null; }
  get origin(): RecordOrigin { return { file: this.context.file, line: this.context.line }; }
  get usDates(): boolean { return this.context.usDates; }
  get defaultCountry(): CountryCode { return this.context.defaultCountry; }
  has(field: string): boolean { return this.context.fields.has(field); }
  columnName(field: string): string { return this.context.fields.get(field)?.name ?? field; }

  /** The trimmed text of a field after the preset's value translation; null when absent or blank. */
  text(field: string): string | null {
    const column = this.context.fields.get(field);
    if (!column) return null;
    const raw = (this.context.cells[column.index] ?? '').trim();
    const translated = this.lookup(this.context.presetTable?.values?.[field], raw) ?? raw;
    return translated === '' ? null : translated;
  }

  /** The raw cell as written, for messages and raw values. */
  raw(field: string): string {
    const column = this.context.fields.get(field);
    return column ? (this.context.cells[column.index] ?? '').trim() : '';
  }

  required(field: string): string | null {
    const value = this.text(field);
    if (value === null) this.reject(field, this.raw(field), `is empty; ${field} is required`);
    return value;
  }

  /** Parses an optional field; blank gives null without a problem. */
  parse<T>(field: string, parser: (text: string) => Parsed<T>, onInvalid: 'reject' | 'ignore'): T | null {
    const value = this.text(field);
    if (value === null) return null;
    const parsed = parser(value);
    if (parsed.ok) return parsed.value;
    const shown = this.raw(field);
    if (onInvalid === 'reject') this.reject(field, shown, `${quoted(shown)} ${parsed.message}; the row was not imported`);
    else this.warn(field, shown, `${quoted(shown)} ${parsed.message}; the value was ignored`);
    return null;
  }

  /** Parses a required field; blank or invalid rejects the row. */
  parseRequired<T>(field: string, parser: (text: string) => Parsed<T>): T | null {
    const value = this.required(field);
    if (value === null) return null;
    const parsed = parser(value);
    if (parsed.ok) return parsed.value;
    const shown = this.raw(field);
    this.reject(field, shown, `${quoted(shown)} ${parsed.message}; the row was not imported`);
    return null;
  }

  reject(field: string | null, value: string | null, message: string): void {
    this.rejectedRow = true;
    this.problems.push(this.problem(field, value, message, 'error'));
  }

  warn(field: string | null, value: string | null, message: string): void {
    this.problems.push(this.problem(field, value, message, 'warning'));
  }

  private problem(field: string | null, value: string | null, message: string, severity: 'error' | 'warning'): ImportProblem {
    return { file: this.context.file, line: this.context.line, column: field === null ? null : this.columnName(field), value, message, severity };
  }

  private lookup(map: Readonly<Record<string, string>> | undefined, raw: string): string | undefined {
    if (!map) return undefined;
    const key = raw.toLowerCase();
    for (const [from, to] of Object.entries(map)) if (from.toLowerCase() === key) return to;
    return raw === '' ? undefined : map['*'];
  }
}

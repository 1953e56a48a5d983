import type { Preset } from '../presets/preset.js';
import { quoted, type ImportProblem } from '../problem.js';
import type { ColumnOverrides } from './column-overrides.js';
import { suggestField } from './suggest-field.js';
import { headerKey, type TableSpec } from './table-specs.js';

export interface SourceColumn {
  index: number;
  /** The header as spelled in the file, for messages. */
  name: string;
}

export interface ColumnResolution {
  /** Canonical field → the column it is read from. */
  fields: ReadonlyMap<string, SourceColumn>;
  problems: ImportProblem[];
  /** A required column is missing (or a --map names an unknown field): no row can be imported. */
  fatal: boolean;
}

export interface ResolveColumnsOptions {
  file: string;
  line: number | null;
  preset?: Preset | undefined;
  overrides?: ColumnOverrides | undefined;
}

/**
 * Decides which file column feeds which canonical field. Precedence: a --map override, then the
 * preset, then the canonical name, then a common alias. Unknown columns are reported and ignored;
 * a missing required column stops the file, because every row would fail the same way.
 */
export function resolveColumns(header: readonly string[], spec: TableSpec, options: ResolveColumnsOptions): ColumnResolution {
  const { file, line } = options;
  const problems: ImportProblem[] = [];
  const fieldNames = spec.fields.map((f) => f.name);
  const presetTable = options.preset?.tables[spec.kind];
  const byKey = <T>(entries: Iterable<[string, T]>) => new Map([...entries].map(([k, v]) => [headerKey(k), v] as const));
  const overrides = byKey(Object.entries(options.overrides ?? {}));
  const presetColumns = byKey(Object.entries(presetTable?.columns ?? {}));
  const presetIgnored = new Set((presetTable?.ignore ?? []).map(headerKey));
  const canonical = byKey(spec.fields.map((f) => [f.name, f.name] as [string, string]));
  const aliases = byKey(spec.fields.flatMap((f) => (f.aliases ?? []).map((a) => [a, f.name] as [string, string])));
  let fatal = false;

  for (const [source, target] of Object.entries(options.overrides ?? {})) {
    if (!header.some((h) => headerKey(h) === headerKey(source))) {
      problems.push({ file, line, column: source, value: null, severity: 'warning', message: `--map names column ${quoted(source)}, which is not in the file; columns are: ${header.join(', ')}` });
    }
    if (target !== '' && target !== 'ignore' && !fieldNames.includes(target)) {
      fatal = true;
      problems.push({ file, line, column: source, value: target, severity: 'error', message: `--map target ${quoted(target)} is not a ${spec.kind} field; use one of ${fieldNames.join(', ')} (or leave it empty to ignore the column)` });
    }
  }

  const chosen = new Map<string, SourceColumn & { rank: number }>();
  header.forEach((name, index) => {
    const key = headerKey(name);
    if (key === '') return;
    let targets: readonly string[] = [];
    let rank = 0;
    const override = overrides.get(key);
    if (override !== undefined) {
      if (override === '' || override === 'ignore') return;
      targets = [override];
    } else if (presetColumns.has(key)) {
      const mapped = presetColumns.get(key) ?? [];
      targets = typeof mapped === 'string' ? [mapped] : mapped;
      rank = 1;
    } else if (presetIgnored.has(key) || (presetTable?.ignoreUnmapped === true && !canonical.has(key))) {
      return;
    } else if (canonical.has(key)) {
      targets = [canonical.get(key) ?? ''];
      rank = 2;
    } else if (aliases.has(key)) {
      targets = [aliases.get(key) ?? ''];
      rank = 3;
    } else {
      const suggestion = suggestField(name, fieldNames);
      problems.push({
        file, line, column: name, value: null, severity: 'warning',
        message: `is not a ${spec.kind} column, so it was ignored${suggestion ? `; did you mean "${suggestion}"? (rename it or pass --map "${name}=${suggestion}")` : `; known columns are ${fieldNames.join(', ')}`}`,
      });
      return;
    }
    for (const field of targets.filter((t) => fieldNames.includes(t))) {
      const existing = chosen.get(field);
      if (existing && existing.rank <= rank) {
        problems.push({ file, line, column: name, value: null, severity: 'warning', message: `also maps to ${field}, which is already read from column ${quoted(existing.name)}; this column was ignored` });
        continue;
      }
      if (existing) {
        problems.push({ file, line, column: existing.name, value: null, severity: 'warning', message: `also maps to ${field}, which is read from column ${quoted(name)} instead; this column was ignored` });
      }
      chosen.set(field, { index, name, rank });
    }
  });

  for (const field of spec.fields.filter((f) => f.required)) {
    const standIn = spec.satisfiedBy?.[field.name];
    if (chosen.has(field.name) || (standIn !== undefined && chosen.has(standIn))) continue;
    fatal = true;
    problems.push({
      file, line, column: field.name, value: null, severity: 'error',
      message: `the required column is missing${standIn ? ` (or ${standIn})` : ''}, so no row of this file was imported; the header has: ${header.join(', ')}. Rename a column or pass --map "Your Column=${field.name}"`,
    });
  }
  return { fields: new Map([...chosen].map(([field, { index, name }]) => [field, { index, name }])), problems, fatal };
}

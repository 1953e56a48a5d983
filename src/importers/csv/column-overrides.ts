import type { ImportProblem } from '../problem.js';

/** `--map "Cell Phone=mobile_phone"` → { 'Cell Phone': 'mobile_phone' }; `--map "Fax="` ignores a column. */
export type ColumnOverrides = Readonly<Record<string, string>>;

export function parseColumnOverrides(flags: readonly string[]): { overrides: ColumnOverrides; problems: ImportProblem[] } {
  const overrides: Record<string, string> = {};
  const problems: ImportProblem[] = [];
  for (const flag of flags) {
    const at = flag.lastIndexOf('=');
    if (at <= 0) {
      problems.push({ file: '--map', line: null, column: null, value: flag, severity: 'error', message: `${JSON.stringify(flag)} is not a mapping; use --map "Source Column=field", e.g. --map "Cell=mobile_phone"` });
      continue;
    }
    overrides[flag.slice(0, at).trim()] = flag.slice(at + 1).trim();
  }
  return { overrides, problems };
}

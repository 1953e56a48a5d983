/**
 * Printed mail: the daily letter batch (one PDF, each letter from a new page, for C-folding into a #10
 * window envelope) and Avery 5160 address-label sheets. Pure rendering: no database, no clock (the
 * print time arrives as `printedAt` and is the PDF's creation date, so the same input gives the same
 * bytes), no fonts on disk (the standard Helvetica, which carries the Spanish accents; see win-ansi.ts).
 *
 * The letter's date is not passed in: it is `printedAt` as a calendar day in the office's time zone,
 * written in the letter's language ("December 15, 2026", "15 de diciembre de 2026"), so a batch printed
 * after 19:00 in California is not dated tomorrow.
 *
 * Printing is assumed single-sided: a letter's pages are consecutive sheets, and the next letter
 * starts on a new sheet.
 */
import PDFDocument from 'pdfkit';
import { AppError, type ErrorIssue } from '../../domain/errors.js';
import type { TemplateLanguage } from '../../domain/messages/message-template.js';
import {
  avery5160,
  labelCell,
  labelsPerSheet,
  standardNo10WindowEnvelope,
  windowPlacement,
  type LabelSheetSpec,
  type Rect,
  type WindowEnvelopeSpec,
  type WindowPlacement,
} from './envelope-geometry.js';
import {
  addressProblems,
  batchProblems,
  checkPrintedAt,
  letterProblems,
  printedLines,
  type LetterToPrint,
  type MailingAddress,
} from './letter-input.js';
import { toWinAnsiLine, toWinAnsiText } from './win-ansi.js';

export type { LetterOffice, LetterToPrint, MailingAddress } from './letter-input.js';

export interface LetterBatchOptions {
  /** When the batch is printed: the letters' date and the PDF's creation date. */
  printedAt: Date;
  /** The envelope the letters go in (default: a standard #10 window envelope). */
  envelope?: WindowEnvelopeSpec;
}

export interface AddressLabelOptions {
  /** The PDF's creation date. */
  printedAt: Date;
  /** The label stock (default: Avery 5160). */
  sheet?: LabelSheetSpec;
  /** Labels already peeled off the first sheet: printing starts at this position (0-based, row by row). */
  skipLabels?: number;
}

const regular = 'Helvetica';
const bold = 'Helvetica-Bold';
/** How far glyphs reach around the baseline, as a share of the font size: accented capitals (Á ≈ 0.93) and descenders (ç, p ≈ 0.23), rounded up. */
const glyphAscent = 1;
const glyphDescent = 0.25;

/** The letter page's margins (points); the address block goes where the envelope says, not here. */
const page = { left: 72, right: 72, top: 36, continuedTop: 54, bottom: 72 };
const letterhead = { nameSize: 14, nameStep: 20, lineSize: 9.5, lineStep: 12, gapBeforeDate: 12 };
const dateSize = 10.5;
const address = { size: 10.5, minSize: 8, lineStep: 1.2 };
const body = { size: 11, lineGap: 3, paragraphGap: 0 };
const footerSize = 8.5;
const label = { size: 10, minSize: 7, lineStep: 1.15 };

/** The first page's calendar date for an office, in the letter's language. */
export function formatLetterDate(at: Date, language: TemplateLanguage, timeZone: string): string {
  const locale = language === 'es' ? 'es-US' : 'en-US';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }).format(at);
}

/**
 * What would stop a letter from printing correctly (empty or too many address lines, an address line
 * too wide for the window even at the smallest size, …); [] when it prints. Lets the caller set one bad
 * letter aside instead of failing the whole batch. Paths are relative to the letter.
 */
export function checkLetter(letter: LetterToPrint, envelope: WindowEnvelopeSpec = standardNo10WindowEnvelope): ErrorIssue[] {
  return letterIssues(letter, windowPlacement(envelope).addressArea, measuringDocument());
}

/** One PDF with every letter, in the order given; each letter starts on a new page. */
export async function renderLetterBatch(letters: readonly LetterToPrint[], options: LetterBatchOptions): Promise<Buffer> {
  const envelope = options.envelope ?? standardNo10WindowEnvelope;
  const problems = [
    ...checkPrintedAt(options.printedAt),
    ...batchProblems(letters.map((letter) => letter.key)),
  ];
  const placement = windowPlacement(envelope);
  const measure = measuringDocument();
  letters.forEach((letter, index) => {
    problems.push(...letterIssues(letter, placement.addressArea, measure).map((issue) => prefixed(issue, `letters[${index}]`)));
  });
  throwIfAny(problems, 'letters');

  const doc = newDocument(options.printedAt, 'Letters', envelope.page.width, envelope.page.height, true);
  const pageRanges: { language: TemplateLanguage; first: number; count: number }[] = [];
  for (const letter of letters) {
    const first = pageRanges.length === 0 ? 0 : doc.bufferedPageRange().count;
    if (first > 0) doc.addPage();
    drawLetter(doc, letter, options.printedAt, placement);
    pageRanges.push({ language: letter.language, first, count: doc.bufferedPageRange().count - first });
  }
  for (const range of pageRanges) {
    if (range.count > 1) drawPageNumbers(doc, range);
  }
  return finish(doc);
}

/** Avery 5160 (or `options.sheet`) label sheets, one label per recipient in the order given. */
export async function renderAddressLabels(recipients: readonly MailingAddress[], options: AddressLabelOptions): Promise<Buffer> {
  const sheet = options.sheet ?? avery5160;
  const perSheet = labelsPerSheet(sheet);
  const skip = options.skipLabels ?? 0;
  const problems = [
    ...checkPrintedAt(options.printedAt),
    ...(recipients.length === 0 ? [{ path: 'recipients', value: 0, message: 'An address label sheet needs at least 1 recipient; given 0.' }] : []),
    ...(Number.isInteger(skip) && skip >= 0 && skip < perSheet
      ? []
      : [{ path: 'skipLabels', value: skip, message: `skipLabels must be a whole number from 0 to ${perSheet - 1} (labels on a sheet, minus one); given ${skip}.` }]),
    ...recipients.flatMap((recipient, index) => addressProblems(recipient, `Label ${index + 1}`, `recipients[${index}]`)),
  ];
  throwIfAny(problems, 'address labels');

  const doc = newDocument(options.printedAt, 'Address labels', sheet.page.width, sheet.page.height, false);
  recipients.forEach((recipient, index) => {
    const position = skip + index;
    if (position > 0 && position % perSheet === 0) doc.addPage();
    drawLabel(doc, recipient, labelCell(sheet, position), sheet.padding);
  });
  return finish(doc);
}

function letterIssues(letter: LetterToPrint, addressArea: Rect, measure: PDFKit.PDFDocument): ErrorIssue[] {
  const name = `Letter "${letter.key}"`;
  const structural = letterProblems(letter, name);
  if (structural.length > 0) return structural;
  const fit = fitAddressBlock(measure, letter.recipient, addressArea);
  return fit.ok ? [] : [{ ...fit.problem, message: `${name}: ${fit.problem.message}` }];
}

/** A document only for measuring text (never ended or written). */
function measuringDocument(): PDFKit.PDFDocument {
  return new PDFDocument({ autoFirstPage: false, info: { CreationDate: new Date(0) } });
}

function drawLetter(doc: PDFKit.PDFDocument, letter: LetterToPrint, printedAt: Date, placement: WindowPlacement): void {
  const width = doc.page.width - page.left - page.right;
  let y = page.top;
  // Letterhead and date: above the window wherever the letter slides (checked below).
  y = drawFittedLine(doc, bold, letter.office.name, page.left, y, width, letterhead.nameSize, letterhead.nameStep);
  const phone = letter.office.phone?.trim() ?? '';
  for (const line of [...printedLines(letter.office.addressLines), ...(phone === '' ? [] : [phone])]) {
    y = drawFittedLine(doc, regular, line, page.left, y, width, letterhead.lineSize, letterhead.lineStep);
  }
  y += letterhead.gapBeforeDate;
  const date = formatLetterDate(printedAt, letter.language, letter.office.timeZone);
  y = drawFittedLine(doc, regular, date, page.left, y, width, dateSize, dateSize * 1.25);
  if (y > placement.windowExtent.top) {
    throw new AppError(
      'invalid_input',
      `Letter "${letter.key}": the letterhead and date reach ${y.toFixed(0)} pt from the top of the page, into the envelope window (from ${placement.windowExtent.top.toFixed(0)} pt); use fewer letterhead lines or another envelope geometry.`,
    );
  }

  const fit = fitAddressBlock(doc, letter.recipient, placement.addressArea);
  if (!fit.ok) throw new AppError('invalid_input', `Letter "${letter.key}": ${fit.problem.message}`);
  fit.lines.forEach((line, index) => drawAt(doc, regular, line, placement.addressArea.left, fit.baselines[index] ?? 0, fit.size));

  // The body starts below every position the window can take, so only the address shows through it.
  const bodyTop = placement.windowExtent.top + placement.windowExtent.height + body.size * 2;
  doc.font(regular).fontSize(body.size).fillColor('black');
  doc.text(toWinAnsiText(letter.body.trim()), page.left, bodyTop, {
    width,
    lineGap: body.lineGap,
    paragraphGap: body.paragraphGap,
    align: 'left',
  });
}

type AddressFit =
  | { ok: true; lines: string[]; size: number; baselines: number[] }
  | { ok: false; problem: ErrorIssue };

/**
 * The address block at the largest size (up to address.size) at which every line fits the area,
 * bottom-aligned in it (see WindowPlacement.addressArea). Lines are never cut: an incomplete address
 * misdelivers, so a line that does not fit at the smallest size is a problem.
 */
function fitAddressBlock(doc: PDFKit.PDFDocument, recipient: MailingAddress, area: Rect): AddressFit {
  const lines = [recipient.name.trim(), ...printedLines(recipient.addressLines)].map(toWinAnsiLine);
  doc.font(regular).fontSize(address.size);
  const widths = lines.map((line) => doc.widthOfString(line));
  const widest = Math.max(...widths);
  const byWidth = widest > area.width ? (address.size * area.width) / widest : address.size;
  // Height of n lines: (n - 1) steps between baselines, plus the first line's ascent and the last one's descent.
  const heightPerPoint = (lines.length - 1) * address.lineStep + glyphAscent + glyphDescent;
  const byHeight = area.height / heightPerPoint;
  const size = Math.floor(Math.min(address.size, byWidth, byHeight) * 4) / 4;
  if (size < address.minSize) {
    const lineIndex = widths.indexOf(widest);
    if (byHeight < address.minSize) {
      return {
        ok: false,
        problem: {
          path: 'recipient.addressLines',
          value: lines.length,
          message: `the ${lines.length}-line address block does not fit the envelope window's ${area.height.toFixed(0)} pt height at ${address.minSize} pt or larger; use fewer lines or another envelope geometry.`,
        },
      };
    }
    const atMin = (widest * address.minSize) / address.size;
    return {
      ok: false,
      problem: {
        path: lineIndex === 0 ? 'recipient.name' : `recipient.addressLines[${lineIndex - 1}]`,
        value: lines[lineIndex]?.length,
        message: `${lineIndex === 0 ? "the recipient's name" : `recipient address line ${lineIndex}`} is ${lines[lineIndex]?.length} characters, ${atMin.toFixed(0)} pt wide at the smallest size (${address.minSize} pt); the envelope window fits ${area.width.toFixed(0)} pt. Shorten it (abbreviate the street type or unit).`,
      },
    };
  }
  const step = size * address.lineStep;
  const lastBaseline = area.top + area.height - size * glyphDescent;
  const baselines = lines.map((_, index) => lastBaseline - (lines.length - 1 - index) * step);
  return { ok: true, lines, size, baselines };
}

function drawLabel(doc: PDFKit.PDFDocument, recipient: MailingAddress, cell: Rect, padding: { x: number; y: number }): void {
  const inner: Rect = { left: cell.left + padding.x, top: cell.top + padding.y, width: cell.width - 2 * padding.x, height: cell.height - 2 * padding.y };
  const lines = [recipient.name.trim(), ...printedLines(recipient.addressLines)].map(toWinAnsiLine);
  const heightPerPoint = (lines.length - 1) * label.lineStep + glyphAscent + glyphDescent;
  const size = Math.min(label.size, Math.floor((inner.height / heightPerPoint) * 4) / 4);
  const step = size * label.lineStep;
  // Centred vertically: a label printed a little high or low still shows all of it.
  const blockHeight = heightPerPoint * size;
  let baseline = inner.top + (inner.height - blockHeight) / 2 + size * glyphAscent;
  for (const line of lines) {
    const fitted = shrinkOrTruncate(doc, regular, line, inner.width, size, Math.min(size, label.minSize));
    drawAt(doc, regular, fitted.text, inner.left, baseline, fitted.size);
    baseline += step;
  }
}

/** A line at `size`, else smaller down to `minSize`, else cut with an ellipsis at `minSize`. */
function shrinkOrTruncate(doc: PDFKit.PDFDocument, font: string, text: string, maxWidth: number, size: number, minSize: number): { text: string; size: number } {
  doc.font(font).fontSize(size);
  const width = doc.widthOfString(text);
  if (width <= maxWidth) return { text, size };
  const shrunk = Math.floor(((size * maxWidth) / width) * 4) / 4;
  if (shrunk >= minSize) return { text, size: shrunk };
  doc.fontSize(minSize);
  let cut = text;
  while (cut.length > 0 && doc.widthOfString(`${cut.trimEnd()}…`) > maxWidth) cut = cut.slice(0, -1);
  return { text: `${cut.trimEnd()}…`, size: minSize };
}

/** One line whose glyphs start at `top`, shrunk (to 70 %) or cut to fit `width`; returns the next line's top. */
function drawFittedLine(doc: PDFKit.PDFDocument, font: string, text: string, left: number, top: number, width: number, size: number, step: number): number {
  const fitted = shrinkOrTruncate(doc, font, toWinAnsiLine(text.trim()), width, size, size * 0.7);
  drawAt(doc, font, fitted.text, left, top + fitted.size * glyphAscent, fitted.size);
  return top + step;
}

/** Text with its baseline at `baseline`, never wrapped and never starting a new page. */
function drawAt(doc: PDFKit.PDFDocument, font: string, text: string, left: number, baseline: number, size: number): void {
  doc.font(font).fontSize(size).fillColor('black').text(text, left, baseline, { lineBreak: false, baseline: 'alphabetic' });
}

function drawPageNumbers(doc: PDFKit.PDFDocument, range: { language: TemplateLanguage; first: number; count: number }): void {
  for (let index = 0; index < range.count; index++) {
    doc.switchToPage(range.first + index);
    const text = range.language === 'es' ? `Página ${index + 1} de ${range.count}` : `Page ${index + 1} of ${range.count}`;
    doc.font(regular).fontSize(footerSize);
    const width = doc.widthOfString(text);
    drawAt(doc, regular, text, doc.page.width - page.right - width, doc.page.height - page.bottom / 2, footerSize);
  }
}

function newDocument(printedAt: Date, title: string, width: number, height: number, bufferPages: boolean): PDFKit.PDFDocument {
  return new PDFDocument({
    size: [width, height],
    margins: { top: page.continuedTop, bottom: page.bottom, left: page.left, right: page.right },
    bufferPages,
    // No patient data in the metadata; fixed dates make the same batch the same bytes.
    info: { Title: `Recare: ${title}`, Creator: 'Recare', Producer: 'Recare (pdfkit)', CreationDate: printedAt, ModDate: printedAt },
  });
}

function finish(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

function prefixed(issue: ErrorIssue, prefix: string): ErrorIssue {
  return { ...issue, path: issue.path === '' ? prefix : `${prefix}.${issue.path}` };
}

function throwIfAny(problems: ErrorIssue[], what: string): void {
  const [first, ...rest] = problems;
  if (!first) return;
  const more = rest.length === 0 ? '' : ` (and ${rest.length} more problem${rest.length === 1 ? '' : 's'} with the ${what})`;
  throw new AppError('invalid_input', `${first.message}${more}`, problems);
}

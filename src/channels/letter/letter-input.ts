/**
 * What the letter renderers accept, and the checks that refuse the rest before anything is drawn.
 * Problems name a letter by its key (the outbox entry) and a label by its position, never by the
 * patient's name or address: messages end up in logs and on screens.
 */
import type { ErrorIssue } from '../../domain/errors.js';
import { templateLanguages, type TemplateLanguage } from '../../domain/messages/message-template.js';

/** A name and the lines under it, as they go through the window or on a label. */
export interface MailingAddress {
  name: string;
  /** Street, optional unit, then city/state/ZIP; blank lines are dropped, 1 to 3 must remain. */
  addressLines: string[];
}

/** The office a letter comes from: its letterhead, and the time zone its date is written in. */
export interface LetterOffice {
  name: string;
  /** Printed under the name; at most 3 lines. */
  addressLines: string[];
  phone: string | null;
  /** IANA name (America/Chicago): the letter is dated with the print day in this zone. */
  timeZone: string;
}

export interface LetterToPrint {
  /** The outbox entry's key: names the letter in errors; never printed. */
  key: string;
  /** The patient's language: the date is written in it, and the body was rendered in it by the caller. */
  language: TemplateLanguage;
  office: LetterOffice;
  recipient: MailingAddress;
  /** The rendered letter template: paragraphs separated by blank lines; wrapped and continued on further pages. */
  body: string;
}

export const letterLimits = {
  recipientAddressLines: { min: 1, max: 3 },
  officeAddressLines: 3,
} as const;

/** The non-blank lines of an address, trimmed: what is printed and what is counted. */
export function printedLines(lines: readonly string[]): string[] {
  return lines.map((line) => line.trim()).filter((line) => line !== '');
}

/** Structural problems of one letter (paths relative to the letter). Width is checked where fonts are known (pdf.ts). */
export function letterProblems(letter: LetterToPrint, name: string): ErrorIssue[] {
  const problems: ErrorIssue[] = [];
  if (!(templateLanguages as readonly string[]).includes(letter.language)) {
    problems.push({
      path: 'language',
      value: letter.language,
      message: `${name}: language "${String(letter.language)}" is not supported; allowed: ${templateLanguages.join(', ')}.`,
    });
  }
  if (letter.office.name.trim() === '') {
    problems.push({ path: 'office.name', message: `${name}: the office name is empty; the letterhead needs it.` });
  }
  const officeLines = printedLines(letter.office.addressLines);
  if (officeLines.length > letterLimits.officeAddressLines) {
    problems.push({
      path: 'office.addressLines',
      value: officeLines.length,
      message: `${name}: the office letterhead has ${officeLines.length} address lines; at most ${letterLimits.officeAddressLines} are allowed.`,
    });
  }
  if (!isTimeZone(letter.office.timeZone)) {
    problems.push({
      path: 'office.timeZone',
      value: letter.office.timeZone,
      message: `${name}: the office time zone "${letter.office.timeZone}" is not an IANA time zone; use a name such as America/New_York.`,
    });
  }
  problems.push(...addressProblems(letter.recipient, name, 'recipient'));
  if (letter.body.trim() === '') {
    problems.push({ path: 'body', message: `${name}: the body is empty; a letter needs the rendered template's text.` });
  }
  return problems;
}

/** Problems of a name and address (for a window or a label), under `path`. */
export function addressProblems(address: MailingAddress, name: string, path: string): ErrorIssue[] {
  const problems: ErrorIssue[] = [];
  const { min, max } = letterLimits.recipientAddressLines;
  if (address.name.trim() === '') {
    problems.push({ path: `${path}.name`, message: `${name}: the recipient's name is empty; a name is required above the address.` });
  }
  const lines = printedLines(address.addressLines);
  if (lines.length < min) {
    problems.push({
      path: `${path}.addressLines`,
      value: lines.length,
      message: `${name}: the recipient has no address lines (given ${address.addressLines.length} lines, none with text); ${min} to ${max} are needed: street, optional unit, city/state/ZIP.`,
    });
  } else if (lines.length > max) {
    problems.push({
      path: `${path}.addressLines`,
      value: lines.length,
      message: `${name}: the recipient has ${lines.length} address lines; at most ${max} are allowed (with the name, ${max + 1} lines fit the envelope window and a label).`,
    });
  }
  return problems;
}

/** Problems of a letter batch as a whole: empty, or the same key twice. */
export function batchProblems(keys: readonly string[]): ErrorIssue[] {
  if (keys.length === 0) {
    return [{ path: 'letters', value: 0, message: 'A letter batch needs at least 1 letter; given 0.' }];
  }
  const problems: ErrorIssue[] = [];
  const positions = new Map<string, number[]>();
  keys.forEach((key, index) => positions.set(key, [...(positions.get(key) ?? []), index + 1]));
  for (const [key, at] of positions) {
    if (key.trim() === '') {
      problems.push({ path: 'key', message: `Letters at positions ${at.join(', ')} have no key; every letter needs its outbox key (a non-empty string).` });
    } else if (at.length > 1) {
      problems.push({
        path: 'key',
        value: key,
        message: `Letter "${key}" appears ${at.length} times in the batch (positions ${at.join(', ')}); each key may appear once.`,
      });
    }
  }
  return problems;
}

export function checkPrintedAt(printedAt: Date): ErrorIssue[] {
  if (printedAt instanceof Date && !Number.isNaN(printedAt.getTime())) return [];
  return [{ path: 'printedAt', value: String(printedAt), message: `printedAt must be a valid date (the print time); given ${String(printedAt)}.` }];
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.trim() !== '';
  } catch {
    return false;
  }
}

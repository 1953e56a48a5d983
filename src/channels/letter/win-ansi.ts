/**
 * The standard PDF fonts (Helvetica) carry only the Windows-1252 ("WinAnsi") characters: Latin-1 with
 * the Spanish accents and ¿ ¡, plus curly quotes, dashes, the ellipsis and the euro. pdfkit writes any
 * other character as a wrong glyph without complaint, so text is folded to that set before drawing:
 * accented letters outside it lose their accents (Nguyễn → Nguyen), which keeps names and addresses
 * readable and mailable (USPS addresses are plain Latin letters anyway); anything left becomes "?".
 */

/** Unicode characters outside Latin-1 that WinAnsi has (pdfkit's WIN_ANSI_MAP). */
const winAnsiExtras = new Set(
  '\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013\u2014\u2018\u2019\u201A\u201C\u201D\u201E\u2020\u2021\u2022\u2026\u2030\u2039\u203A\u20AC\u2122',
);

/** Letters that do not decompose into a base letter and an accent. */
const lookalikes: Readonly<Record<string, string>> = {
  Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i', Ł: 'L', ł: 'l', Ŀ: 'L', ŀ: 'l', Ŧ: 'T', ŧ: 't', ẞ: 'SS',
  '\u00A0': ' ', '\u2002': ' ', '\u2003': ' ', '\u2009': ' ', '\u202F': ' ', '\u2010': '-', '\u2011': '-', '\u2212': '-',
};

export function isWinAnsi(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  // 0x80-0x9F are C1 control codes in Unicode; WinAnsi uses those bytes for the extras above.
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || winAnsiExtras.has(char);
}

/** One line of text (no line breaks) in characters Helvetica can show. */
export function toWinAnsiLine(text: string): string {
  let folded = '';
  // Composed first, so a decomposed "é" (e + accent) becomes the WinAnsi "é".
  for (const char of text.normalize('NFC').replace(/[\t\r\n]+/g, ' ')) {
    folded += foldChar(char);
  }
  return folded;
}

/** Multi-line text: line breaks kept (CRLF and CR become LF), tabs become spaces. */
export function toWinAnsiText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => toWinAnsiLine(line))
    .join('\n');
}

function foldChar(char: string): string {
  if (isWinAnsi(char)) return char;
  const lookalike = lookalikes[char];
  if (lookalike !== undefined) return lookalike;
  const stripped = char.normalize('NFD').replace(/\p{M}/gu, '');
  if (stripped !== '' && [...stripped].every(isWinAnsi)) return stripped;
  // A combining mark left over (no precomposed letter exists) adds nothing legible.
  if (/^\p{M}$/u.test(char)) return '';
  return '?';
}

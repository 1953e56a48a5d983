import { parsedFail, parsedOk, type Parsed } from './parsed.js';

/** A fee such as `110`, `110.00`, `$1,250.50` into integer cents (floating point never touches money). */
export function parseMoneyCents(raw: string): Parsed<number> {
  const text = raw.trim().replace(/^\$/, '').replace(/,/g, '');
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return parsedFail('is not an amount; use e.g. 110.00');
  const cents = Number(match[2]) * 100 + Number((match[3] ?? '0').padEnd(2, '0'));
  return parsedOk(match[1] === '-' ? -cents : cents);
}

import { parsedFail, parsedOk, type Parsed } from './parsed.js';

const yes = new Set(['yes', 'y', 'true', 't', '1', 'x']);
const no = new Set(['no', 'n', 'false', 'f', '0']);

/** yes/no flags; blank means "not stated" (null), which is not the same as no. */
export function parseYesNo(raw: string): Parsed<boolean | null> {
  const text = raw.trim().toLowerCase();
  if (text === '') return parsedOk(null);
  if (yes.has(text)) return parsedOk(true);
  if (no.has(text)) return parsedOk(false);
  return parsedFail('is not yes or no; use yes, no or leave it blank');
}

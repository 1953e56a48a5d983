/**
 * What a worklist search means: letters search names (preferred, first, last; any case, any
 * accent; every word must appear somewhere) and the practice's patient id; digits alone search phone
 * numbers by their last digits, so "555-0142", "(813) 555-0142" and "+1 813 555 0142" all find the
 * patient stored as +18135550142.
 */
import { AppError } from '../domain/errors.js';

export type WorklistSearch =
  | { kind: 'name'; q: string; words: string[] }
  | { kind: 'phone'; q: string; digits: string };

export const searchLimits = { minLetters: 2, minDigits: 4, maxDigits: 15, maxLength: 100 } as const;

/** Lowercase without accents ("Núñez" → "nunez"); the SQL side folds stored names the same way. */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/ø/g, 'o');
}

export function parseWorklistSearch(raw: string): WorklistSearch {
  const q = raw.trim();
  const tooShort = () => new AppError('invalid_input',
    `The search ${JSON.stringify(q)} is too short: give at least ${searchLimits.minLetters} letters of a name or the patient id, or at least ${searchLimits.minDigits} digits of a phone number (e.g. 555-0142).`,
    [{ path: 'q', value: q, message: `at least ${searchLimits.minLetters} letters or ${searchLimits.minDigits} digits` }]);
  if (q.length > searchLimits.maxLength) {
    throw new AppError('invalid_input', `The search is ${q.length} characters long; at most ${searchLimits.maxLength} are allowed (a name or a phone number).`, [{ path: 'q', value: `${q.length} characters`, message: `at most ${searchLimits.maxLength} characters` }]);
  }
  if (/\p{L}/u.test(q)) {
    const words = foldForSearch(q).split(/[\s,]+/).map((w) => w.replace(/[^\p{L}\p{N}'-]/gu, '')).filter((w) => w.length > 0);
    if (words.join('').length < searchLimits.minLetters) throw tooShort();
    return { kind: 'name', q, words };
  }
  if (!/^[\d\s()+.\-/]+$/.test(q)) {
    throw new AppError('invalid_input', `The search ${JSON.stringify(q)} is neither a name nor a phone number; use letters for a name or digits (spaces, dashes, brackets and + allowed) for a phone number.`, [{ path: 'q', value: q, message: 'a name or a phone number' }]);
  }
  const digits = q.replace(/\D/g, '');
  if (digits.length < searchLimits.minDigits) throw tooShort();
  if (digits.length > searchLimits.maxDigits) {
    throw new AppError('invalid_input', `The phone number ${JSON.stringify(q)} has ${digits.length} digits; a phone number has at most ${searchLimits.maxDigits}.`, [{ path: 'q', value: q, message: `at most ${searchLimits.maxDigits} digits` }]);
  }
  return { kind: 'phone', q, digits };
}

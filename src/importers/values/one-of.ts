import { parsedFail, parsedOk, type Parsed } from './parsed.js';

/**
 * A closed vocabulary, matched case-insensitively with spaces/hyphens read as underscores
 * ("No Show" → no_show). `synonyms` maps other common spellings onto the vocabulary.
 */
export function parseOneOf<T extends string>(allowed: readonly T[], synonyms: Readonly<Record<string, T>> = {}) {
  return (raw: string): Parsed<T> => {
    const key = raw.trim().toLowerCase().replace(/[\s-]+/g, '_');
    const direct = allowed.find((value) => value === key);
    if (direct !== undefined) return parsedOk(direct);
    const synonym = synonyms[key];
    if (synonym !== undefined) return parsedOk(synonym);
    return parsedFail(`is not one of ${allowed.join(', ')}`);
  };
}

/**
 * What a value parser returns. `message` completes the sentence that starts with the quoted value,
 * e.g. `is not a date; use YYYY-MM-DD, e.g. 1984-03-21`.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export const parsedOk = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const parsedFail = <T = never>(message: string): Parsed<T> => ({ ok: false, message });

import { DateTime } from 'luxon';
import { AppError } from '../domain/errors.js';

/** Parses a whole-number flag, or says which flag, what was given and what is allowed. */
export function wholeNumber(flag: string, value: string): number {
  if (!/^\d+$/.test(value.trim())) {
    throw new AppError('invalid_input', `${flag} ${JSON.stringify(value)} is not a whole number; use digits only, e.g. ${flag} 1000`, [{ path: flag, value, message: 'must be a whole number' }]);
  }
  return Number(value);
}

/** Parses one of a fixed set of words, or lists the allowed ones. */
export function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new AppError('invalid_input', `${flag} ${JSON.stringify(value)} is not allowed; use one of ${allowed.join(', ')}`, [{ path: flag, value, message: `must be one of ${allowed.join(', ')}` }]);
}

/** Parses an ISO-8601 instant; an offset (or Z) is required so the instant is unambiguous. */
export function instant(flag: string, value: string): Date {
  const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/i.test(value.trim());
  // luxon rejects impossible dates (2026-02-30) that Date quietly rolls into March.
  const checked = DateTime.fromISO(value.trim(), { setZone: true });
  const parsed = checked.toJSDate();
  if (!hasOffset || !checked.isValid || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value.trim())) {
    throw new AppError('invalid_input', `${flag} ${JSON.stringify(value)} is not an ISO-8601 instant with an offset; use e.g. 2026-11-24T19:30:00-05:00 or 2026-11-25T00:30:00Z`, [{ path: flag, value, message: 'must be an ISO-8601 instant with an offset' }]);
  }
  return parsed;
}

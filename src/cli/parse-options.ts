import { AppError } from '../domain/errors.js';

/** Parses a whole-number flag, or says which flag, what was given and what is allowed. */
export function wholeNumber(flag: string, value: string): number {
  if (!/^\d+$/.test(value.trim())) {
    throw new AppError('invalid_input', `${flag} ${JSON.stringify(value)} is not a whole number; use digits only, e.g. ${flag} 1000`, [{ path: flag, value, message: 'must be a whole number' }]);
  }
  return Number(value);
}

/**
 * The default branch of a switch that must cover a whole vocabulary (outcomes, channels, journal
 * entries). Its argument only type-checks as `never`, so adding a member to the vocabulary without
 * a case for it fails the build; at run time (data from outside the types) it fails loudly.
 */
import { AppError } from './errors.js';

export function assertNever(value: never, what: string): never {
  throw new AppError('internal', `no rule for ${what} ${JSON.stringify(value)}`);
}

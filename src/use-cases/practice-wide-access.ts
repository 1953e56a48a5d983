/**
 * Imports are practice-wide: a file, a run's problems and its rejected rows hold patients of every
 * office, and an import writes patients of every office. So running one and reading its rows need an
 * account that covers all offices; a manager of some offices sees a run's figures only. The command
 * line (no scope) is the operator's, with the database's full access.
 */
import type { LocationScope } from '../domain/access/index.js';
import { AppError } from '../domain/errors.js';

export function coversAllOffices(scope: LocationScope | undefined): boolean {
  return !scope || scope.allLocations;
}

/** `doing` says what is refused and why, e.g. "An import writes patients of every office, so running one". */
export function requireAllOffices(scope: LocationScope | undefined, doing: string, instead: string): void {
  if (coversAllOffices(scope)) return;
  const count = scope?.locationIds.length ?? 0;
  throw new AppError('forbidden', `${doing} needs an account that covers all offices; yours covers ${count} office${count === 1 ? '' : 's'}. ${instead}`);
}

export function requireAllOfficesToImport(scope: LocationScope | undefined): void {
  requireAllOffices(scope, 'An import writes patients of every office, so running one', 'Ask a manager who covers all offices, or an administrator, to run it.');
}

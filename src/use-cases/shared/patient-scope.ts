/**
 * Location scoping for patient records: a patient outside the user's locations is reported exactly
 * like a patient that does not exist, so a response never reveals whether a record exists.
 */
import type { LocationScope } from '../../domain/access/index.js';
import { AppError } from '../../domain/errors.js';
import { findPatientId } from '../../db/queries/gate-facts.js';
import type { Deps } from '../deps.js';

/** Resolves the reference among the scope's patients only, so another office's patient is never even considered. */
export async function requirePatientInScope(deps: Pick<Deps, 'store'>, scope: LocationScope, reference: string): Promise<number> {
  const patientId = await findPatientId(deps.store.db, reference, scope);
  if (patientId !== undefined) return patientId;
  throw new AppError('not_found', `No patient with the id ${JSON.stringify(reference)} is visible to you.`);
}

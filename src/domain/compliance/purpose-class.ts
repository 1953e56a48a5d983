import type { Purpose, PurposeClass } from './types.js';

/**
 * Promotions are marketing and need written consent; every other purpose is a care message that the
 * number the patient gave covers (README 2.1, 2.5). Billing is care-class here but is never sent under
 * the healthcare exemption.
 */
export function purposeClassOf(purpose: Purpose): PurposeClass {
  return purpose === 'promotion' ? 'marketing' : 'care';
}

/**
 * The demo staff accounts' sign-in details, for the sign-in page: only while the organization is the
 * demo clinic (their passwords are public by design); anywhere else they do not exist.
 */
import { AppError } from '../domain/errors.js';
import { readDemoMode } from '../db/queries/demo-mode.js';
import type { Deps } from './deps.js';
import { demoUsers, type DemoUser } from './demo-users.js';

export type DemoCredential = Pick<DemoUser, 'email' | 'password' | 'role' | 'locations'>;

export async function readDemoCredentials(deps: Pick<Deps, 'store'>): Promise<DemoCredential[]> {
  if (!(await readDemoMode(deps.store.db))) throw new AppError('not_found', 'Demo credentials exist only in the demo clinic.');
  return demoUsers.map((u) => ({ email: u.email, password: u.password, role: u.role, locations: u.locations }));
}

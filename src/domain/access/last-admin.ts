/**
 * An account change must leave at least one active administrator: otherwise nobody could manage
 * users from the web app again (only the server's command line could). Pure: the caller reads who
 * the active administrators are.
 */
import type { Role } from './permissions.js';

export interface AccountChange {
  userId: number;
  /** The role after the change (unchanged when the change is not about the role). */
  role: Role;
  /** Whether the account is active after the change. */
  active: boolean;
}

/**
 * Whether the change takes away the last active administrator, given the ids of the active
 * administrators now. A change that touches no administrator is never refused, even with none left.
 */
export function leavesNoAdmin(activeAdminIds: readonly number[], change: AccountChange): boolean {
  const stillAdmin = change.role === 'admin' && change.active;
  const after = activeAdminIds.filter((id) => id !== change.userId).length + (stillAdmin ? 1 : 0);
  return activeAdminIds.includes(change.userId) && after === 0;
}

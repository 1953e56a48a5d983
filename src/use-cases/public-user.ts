/** What the API tells the app about the signed-in user (no hashes, secrets or sign-in bookkeeping). */
import type { UserAccount } from '../db/queries/users.js';

export interface PublicUser {
  id: number;
  email: string;
  displayName: string;
  role: UserAccount['role'];
  allLocations: boolean;
  locationIds: readonly number[];
  /** True while the user signs in with a one-time password: every route but the password change answers 403. */
  mustChangePassword: boolean;
  totpEnabled: boolean;
}

export function publicUser(user: UserAccount): PublicUser {
  return {
    id: user.id, email: user.email, displayName: user.displayName, role: user.role, allLocations: user.scope.allLocations, locationIds: user.scope.locationIds,
    mustChangePassword: user.mustChangePassword, totpEnabled: user.totpEnabled,
  };
}

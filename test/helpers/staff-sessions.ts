/** Staff accounts for HTTP tests: each added (who@clinic.example) and signed in, by short name. */
import type { Role } from '../../src/domain/access/index.js';
import type { Deps } from '../../src/use-cases/deps.js';
import { addUser } from '../../src/use-cases/manage-users.js';
import { signIn } from '../../src/use-cases/sign-in.js';

export interface StaffSession {
  token: string;
  csrf: string;
  id: number;
}

export type StaffMember = readonly [who: string, role: Role, locations: readonly string[] | 'all'];

export async function signInStaff(deps: Pick<Deps, 'store' | 'clock' | 'log'>, staff: readonly StaffMember[], password: string): Promise<Record<string, StaffSession>> {
  const sessions: Record<string, StaffSession> = {};
  for (const [who, role, locations] of staff) {
    const email = `${who}@clinic.example`;
    const added = await addUser(deps, { email, displayName: who, role, locations: locations === 'all' ? 'all' : [...locations], password, actor: { userId: null, kind: 'cli' } });
    const signed = await signIn(deps, { email, password, remoteAddress: null, userAgent: null });
    sessions[who] = { token: signed.token, csrf: signed.csrfToken, id: added.userId };
  }
  return sessions;
}

/**
 * The demo clinic's staff accounts, one per role. Their passwords are public by design (shown on the
 * sign-in page in demo mode only); a real installation creates its own users with `recare users add`.
 */
import type { Role } from '../domain/access/index.js';
import { addUser } from './manage-users.js';
import type { Deps } from './deps.js';

export interface DemoUser {
  email: string;
  password: string;
  role: Role;
  displayName: string;
  /** Location external ids, or 'all'. */
  locations: string[] | 'all';
}

export const demoUsers: DemoUser[] = [
  { email: 'desk.tampa@sunrise-dental.demo', password: 'orange-grove-harbor', role: 'front_desk', displayName: 'Front desk (Tampa)', locations: ['TPA'] },
  { email: 'desk.austin@sunrise-dental.demo', password: 'bluebonnet-river-walk', role: 'front_desk', displayName: 'Front desk (Austin)', locations: ['AUS'] },
  { email: 'coordinator@sunrise-dental.demo', password: 'lone-star-schedule', role: 'coordinator', displayName: 'Recall coordinator', locations: ['TPA', 'AUS', 'PHX'] },
  { email: 'clinical@sunrise-dental.demo', password: 'molar-checkup-garden', role: 'clinical', displayName: 'Clinical team', locations: 'all' },
  { email: 'manager@sunrise-dental.demo', password: 'desert-bloom-reports', role: 'manager', displayName: 'Practice manager', locations: 'all' },
  { email: 'admin@sunrise-dental.demo', password: 'keys-and-locations-42', role: 'admin', displayName: 'Administrator', locations: 'all' },
];

/** Is this the demo account's own published password (which stops working when demo mode ends)? */
export function isPublishedDemoPassword(email: string, password: string): boolean {
  return demoUsers.some((u) => u.email === email.trim().toLowerCase() && u.password === password);
}

/** Creates the demo accounts whose offices exist (a one-office demo has no Austin desk). */
export async function createDemoUsers(deps: Pick<Deps, 'store' | 'clock'>): Promise<number> {
  const known = new Set((await deps.store.db.selectFrom('locations').select('external_id').execute()).map((l) => l.external_id));
  let created = 0;
  for (const user of demoUsers) {
    const locations = user.locations === 'all' ? 'all' : user.locations.filter((l) => known.has(l));
    if (locations !== 'all' && locations.length === 0) continue;
    await addUser(deps, { email: user.email, role: user.role, displayName: user.displayName, locations, password: user.password, actor: { userId: null, kind: 'cli' } });
    created++;
  }
  return created;
}

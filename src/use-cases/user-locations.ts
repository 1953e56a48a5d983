/** Turns the offices an administrator picked for an account (external ids, or 'all') into a location scope. */
import type { Kysely } from 'kysely';
import type { LocationScope } from '../domain/access/index.js';
import type { ErrorIssue } from '../domain/errors.js';
import type { Database } from '../db/schema.js';

export async function resolveUserLocations(db: Kysely<Database>, locations: readonly string[] | 'all'): Promise<{ scope: LocationScope; issues: ErrorIssue[] }> {
  if (locations === 'all') return { scope: { allLocations: true, locationIds: [] }, issues: [] };
  const issues: ErrorIssue[] = [];
  const known = await db.selectFrom('locations').select(['id', 'external_id']).orderBy('external_id').execute();
  const knownList = known.map((k) => k.external_id).join(', ') || '(none yet)';
  if (locations.length === 0) issues.push({ path: 'locations', value: [], message: `names no office; give one or more of ${knownList}, or "all"` });
  const missing = locations.filter((l) => !known.some((k) => k.external_id === l));
  if (missing.length) issues.push({ path: 'locations', value: missing, message: `${missing.length === 1 ? 'is not an office' : 'are not offices'}; known offices: ${knownList}` });
  const locationIds = known.filter((k) => locations.includes(k.external_id)).map((k) => k.id);
  return { scope: { allLocations: false, locationIds }, issues };
}

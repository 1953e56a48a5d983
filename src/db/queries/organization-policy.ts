/**
 * The practice's policy row (organization.policy): the one reader, which parses it with the domain's
 * schema (domain/policy), and the writer. A stored policy that does not parse is reported with every
 * problem, never half-used.
 */
import type { Kysely } from 'kysely';
import { AppError } from '../../domain/errors.js';
import { parsePracticePolicy, type PracticePolicy, type StoredPolicy } from '../../domain/policy/index.js';
import type { Database } from '../schema.js';

/** The stored document as it is ({} when the practice never changed anything). */
export async function readStoredPolicy(db: Kysely<Database>): Promise<StoredPolicy> {
  const row = await db.selectFrom('organization').select('policy').executeTakeFirst();
  return row?.policy ?? {};
}

/** The practice's contact policy and engine settings over the strict defaults. */
export async function loadPracticePolicy(db: Kysely<Database>): Promise<PracticePolicy> {
  return practicePolicyOf(await readStoredPolicy(db));
}

/** The stored document parsed; one that does not parse is refused with every problem (invalid_config). */
export function practicePolicyOf(stored: StoredPolicy): PracticePolicy {
  const parsed = parsePracticePolicy(stored);
  if (parsed.ok) return parsed.policy;
  const sentences = [
    ...(parsed.contactIssues.length > 0 ? [`The practice's contact policy is not valid: ${parsed.contactIssues.map((i) => i.message).join('; ')}`] : []),
    ...(parsed.recallIssues.length > 0 ? [`The practice's recall settings are not valid: ${parsed.recallIssues.map((i) => `${i.path} ${JSON.stringify(i.value)}: ${i.message}`).join('; ')}`] : []),
    ...(parsed.rankingIssues.length > 0 ? [`The practice's worklist order is not valid: ${parsed.rankingIssues.map((i) => i.message).join('; ')}`] : []),
    ...(parsed.reportingIssues.length > 0 ? [`The practice's report settings are not valid: ${parsed.reportingIssues.map((i) => i.message).join('; ')}`] : []),
    ...(parsed.holdoutIssues.length > 0 ? [`The practice's holdout is not valid: ${parsed.holdoutIssues.map((i) => i.message).join('; ')}`] : []),
  ];
  throw new AppError('invalid_config', sentences.join('. '), [...parsed.contactIssues, ...parsed.recallIssues, ...parsed.rankingIssues, ...parsed.reportingIssues, ...parsed.holdoutIssues].map((i) => ({ path: i.path, value: i.value, message: i.message })));
}

export async function saveStoredPolicy(db: Kysely<Database>, next: StoredPolicy, now: Date): Promise<void> {
  const updated = await db.updateTable('organization').set({ policy: JSON.stringify(next), updated_at: now }).executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) await db.insertInto('organization').values({ name: 'Practice', policy: JSON.stringify(next) }).execute();
}

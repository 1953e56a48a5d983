import type { Kysely } from 'kysely';
import { turnCaseToPerson } from '../../db/queries/case-for-a-person.js';
import type { OutboxRow } from '../../db/queries/outbox.js';
import type { Database } from '../../db/schema.js';

/**
 * A message that will not arrive puts its case in front of its owner with a person's next step (the
 * case had moved on as if the message had gone). Used by the hand-off (a
 * provider's refusal) and by delivery reports (undelivered, bounced).
 */
export async function showFailureOnCase(db: Kysely<Database>, entry: Pick<OutboxRow, 'case_id' | 'origin' | 'channel'>, what: string, code: string | null, now: Date): Promise<void> {
  if (entry.case_id === null || (entry.origin !== 'cadence' && entry.origin !== 'staff')) return;
  const message = entry.channel === 'email' ? 'email' : entry.channel === 'letter' ? 'letter' : 'text';
  await turnCaseToPerson(db, entry.case_id, {
    nextStep: `the ${message} did not arrive (${what}): check the contact details, then choose the next touch`,
    why: `${message} failed${code ? ` (${code})` : ''}`, now,
  });
}


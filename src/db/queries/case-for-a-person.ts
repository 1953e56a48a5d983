/**
 * Puts an open case in front of its owner now, with a person's next step: a patient's reply, a message
 * that could not be delivered. The step has no channel, so no automated step is queued for it; what
 * the person does next (an outcome, a text) decides where the cadence goes. The cadence position stays.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export async function turnCaseToPerson(db: Kysely<Database>, caseId: number, change: { nextStep: string; why: string; now: Date; priorityAtLeast?: number }): Promise<void> {
  await db.updateTable('cases').set((eb) => ({
    next_step: change.nextStep, next_channel: null, next_action_at: change.now, priority_why: change.why, updated_at: change.now,
    ...(change.priorityAtLeast !== undefined ? { priority: eb.fn('greatest', [eb.ref('priority'), eb.val(change.priorityAtLeast)]) } : {}),
  })).where('id', '=', caseId).where('state', 'not in', ['closed', 'scheduled']).execute();
}

/**
 * The part of the score that does not move with the clock: urgency, other reasons, planned fee, and a
 * callback. Days overdue are added when the worklist is read (SQL), responsiveness and the gate on
 * the rows shown; the worklist recomputes the full "why" there.
 */
import { startOfLocalDate } from '../cadence/zoned-time.js';
import type { DueItem } from '../recall/due-item.js';
import type { PlanningContext } from './planning-context.js';
import { priorityOf, storedPriorityWithCallback } from './priority.js';

export function basePriority(
  open: readonly DueItem[], callbackAt: Date | null, zone: string, now: Date, context: Pick<PlanningContext, 'programByKey'>,
): { priority: number; why: string | null } {
  if (open.length === 0) return { priority: 0, why: null };
  const earliestDue = open.map((i) => i.dueOn).sort()[0] as string;
  const dueStart = startOfLocalDate(earliestDue, zone);
  const p = priorityOf({
    reasons: open.map((i) => ({ programKey: i.programKey, programName: context.programByKey.get(i.programKey)?.program.name ?? i.programKey, urgency: i.urgency, dueOn: i.dueOn, feeCents: i.feeCents })),
    // Counted on the due day itself, the overdue part is 0: the worklist adds it for the day it is read.
    now: dueStart < now ? dueStart : now, timeZone: zone, contactableNow: true,
  });
  return { priority: storedPriorityWithCallback(p.score, callbackAt !== null), why: p.why };
}

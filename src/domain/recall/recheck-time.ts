/**
 * When to plan a patient again if none of their data changes: the engine's horizon, or the day a
 * stored "due …" in the priority's why turns into "due today" (basePriority counts up to the due day),
 * or any other instant the caller names (the day an item goes past its active window).
 */
import { startOfLocalDate } from '../cadence/zoned-time.js';
import type { DueItem } from './due-item.js';

const day = 86_400_000;
/** Even a patient with nothing ahead is looked at again within 4–5 weeks (spread by id, so not all on one day). */
export const longestRecheckDays = 28;

export function recheckTime(patientId: number, items: readonly DueItem[], stableUntil: Date | null, zone: string, now: Date, alsoAt: readonly Date[] = []): Date {
  let at = now.getTime() + (longestRecheckDays + (patientId % 7)) * day;
  if (stableUntil !== null) at = Math.min(at, stableUntil.getTime());
  for (const instant of alsoAt) if (instant.getTime() > now.getTime()) at = Math.min(at, instant.getTime());
  for (const item of items) {
    const dueStart = startOfLocalDate(item.dueOn, zone).getTime();
    if (dueStart > now.getTime()) at = Math.min(at, dueStart);
  }
  return new Date(at);
}

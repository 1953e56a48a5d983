/**
 * After an office's hours change: which of its open cases now have their next action outside the new
 * hours, and where each moves (the next open instant). A call counts the remote team's extended hours
 * as open, an automated message only the office's hours, as the cadence placed them. A callback keeps
 * the time the patient asked for, and actions already due stay where they are (they are on today's list).
 */
import { nextOpenInstant, type BusinessCalendar } from '../cadence/business-days.js';
import type { AttemptChannel } from '../compliance/types.js';

export interface PlannedAction {
  caseId: number;
  nextActionAt: Date;
  nextStep: string | null;
  nextChannel: AttemptChannel | null;
}

export interface MovedAction {
  caseId: number;
  from: Date;
  to: Date;
}

export function moveIntoHours(actions: readonly PlannedAction[], calendar: BusinessCalendar, now: Date): MovedAction[] {
  const moved: MovedAction[] = [];
  for (const action of actions) {
    if (action.nextActionAt.getTime() < now.getTime() || action.nextStep === 'callback') continue;
    const to = nextOpenInstant(calendar, action.nextActionAt, action.nextChannel === 'sms' || action.nextChannel === 'email' ? 'office' : 'staff');
    if (to.getTime() !== action.nextActionAt.getTime()) moved.push({ caseId: action.caseId, from: action.nextActionAt, to });
  }
  return moved;
}

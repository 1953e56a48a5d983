/**
 * Who owns a callback: the person who took the request, until it is overdue by the hand-off time
 * (2 hours by default); then anyone may make it, so a patient who asked to be called back is never
 * forgotten because one person is out.
 */
import { DateTime } from 'luxon';
import type { Queue } from '../cases/case-state.js';

export type Owner = { kind: 'user'; userId: number } | { kind: 'queue'; queue: Queue } | { kind: 'anyone' };

export const defaultCallbackHandoffHours = 2;

export interface CallbackCase {
  ownerUserId: number | null;
  /** The requested callback time (cases.next_action_at). */
  nextActionAt: Date | null;
}

function describeLate(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h} h ${m} min` : `${m} min`;
}

export function callbackOwner(c: CallbackCase, now: Date, handoffHours = defaultCallbackHandoffHours): { owner: Owner; why: string } {
  if (c.ownerUserId === null) return { owner: { kind: 'anyone' }, why: 'nobody took the request personally; anyone may call back' };
  if (c.nextActionAt === null) return { owner: { kind: 'user', userId: c.ownerUserId }, why: 'callback owned by the person who took it' };
  const late = now.getTime() - c.nextActionAt.getTime();
  if (late >= handoffHours * 3_600_000) {
    const at = DateTime.fromJSDate(c.nextActionAt, { zone: 'utc' }).toISO({ suppressMilliseconds: true });
    return { owner: { kind: 'anyone' }, why: `callback for ${at} is ${describeLate(late)} overdue (more than ${handoffHours} h); anyone may take it` };
  }
  return { owner: { kind: 'user', userId: c.ownerUserId }, why: late > 0 ? `callback is ${describeLate(late)} late; still with the person who took it` : 'callback owned by the person who took it' };
}

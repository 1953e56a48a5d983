/**
 * The score that orders cases within a band of the worklist, with its reasons. The band comes first
 * (ranking-band.ts, the ranking policy's order: callbacks, time-bound items, patients who engaged
 * recently, fresh missed visits, fresh treatment, recall due now, the rest, stale work last); this
 * score only moves a case within its band. A score is the sum of named parts so that the "why" is
 * the same arithmetic the ranking used, never a story told afterwards: urgency (post-op 90 …
 * reactivation 20) × 10, other reasons, days overdue (at most 90 of them count, so the part peaks and
 * stops growing; in "the rest" older work ranks lower instead), planned fee and responsiveness
 * (±20). A patient the gate blocks right now loses 5,000 points and the list puts them after
 * everyone reachable.
 *
 * This is the one definition of the formula: the planner stores its clock-free part (basePriority),
 * the worklist's SQL pre-order adds the band and the days overdue with the constants below, and the
 * worklist ranks the rows it shows with priorityOf itself.
 */
import { DateTime } from 'luxon';
import { wholeDollars } from '../recall/money.js';
import { localDateTimeIn, localDayIn, midnightMsOf, parseDay } from '../cadence/zoned-time.js';
import type { Band } from './ranking-band.js';

export interface PriorityReason {
  programKey: string;
  /** Shown in the why; defaults to the key with spaces. */
  programName?: string;
  urgency: number;
  dueOn: string;
  feeCents: number | null;
}

export interface PriorityInput {
  reasons: readonly PriorityReason[];
  now: Date;
  /** The location's zone: "today" and the callback time are local. */
  timeZone: string;
  /** A callback the patient asked for (cases.next_action_at when next_step is 'callback'). */
  callbackAt?: Date | null;
  /** The patient's latest look at their booking link page, if recent: it raises the case within its band. */
  linkOpenedAt?: Date | null;
  /** Past outbound touches and how many reached the patient. */
  responsiveness?: { attempts: number; answered: number } | null;
  /** From the gate: can any channel reach the patient now, and if not, when. */
  contactableNow: boolean;
  nextContactAt?: Date | null;
  /**
   * The case's band (ranking-band.ts), when known: its reason opens the why, and in "the rest" the
   * days-overdue part turns into an "older work last" part. The band itself orders the list; the
   * score orders cases within a band.
   */
  band?: Band;
}

export interface PriorityPart {
  points: number;
  reason: string;
}

export interface Priority {
  score: number;
  /** Human-readable, e.g. "callback requested for 10:30 is due; post-op check (urgency 90); 3 days overdue; can be contacted now". */
  why: string;
  parts: PriorityPart[];
}

export const callbackPoints = 10_000;
export const blockedPoints = -5_000;
/** Points per point of the lead reason's urgency (urgency 40 → 400). */
export const urgencyWeight = 10;
/** Points for each further reason worked in the same contact. */
export const extraReasonPoints = 10;
/** Days overdue count up to this many, at pointsPerOverdueDay each (at most 45 points). */
export const overdueDaysCap = 90;
export const pointsPerOverdueDay = 0.5;
/** A look at the booking link page (two within a week put the case in "engaged recently" instead). */
export const linkOpenPoints = 30;
/** In "the rest", each day overdue costs this much, up to ageDaysCap days (at most 73 points): oldest last. */
export const agePointsPerDay = 0.1;
export const ageDaysCap = 730;

/** The "older work last" part of a case in "the rest" (zero or negative). */
export function agePoints(daysOverdue: number): number {
  return -Math.round(Math.min(Math.max(daysOverdue, 0), ageDaysCap) * agePointsPerDay * 10) / 10;
}

/** The days-overdue part of the score; nothing before the due day. */
export function overduePoints(daysOverdue: number): number {
  return Math.min(Math.max(daysOverdue, 0), overdueDaysCap) * pointsPerOverdueDay;
}

/** A stored score with the callback band on or off (the rest of the stored score stays as planned). */
export function storedPriorityWithCallback(storedPriority: number, callback: boolean): number {
  const base = storedPriority >= callbackPoints ? storedPriority - callbackPoints : storedPriority;
  return Math.round(base + (callback ? callbackPoints : 0));
}

const nameOf = (r: PriorityReason) => r.programName ?? r.programKey.replace(/_/g, ' ');
const local = localDateTimeIn;

/** Whole local days from `dueOn` to today (negative before it), as luxon's day diff of the two local midnights. */
export function daysOverdue(now: Date, dueOn: string, zone: string): number {
  const today = localDayIn(now, zone);
  const due = parseDay(dueOn);
  if (today !== null && due !== null && midnightMsOf(today, zone) !== null && midnightMsOf(due, zone) !== null) return today - due;
  return Math.floor(DateTime.fromJSDate(now, { zone }).startOf('day').diff(DateTime.fromISO(dueOn, { zone }), 'days').days);
}
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function priorityOf(input: PriorityInput): Priority {
  const parts: PriorityPart[] = [];
  const zone = input.timeZone;
  if (input.band) parts.push({ points: 0, reason: `band ${input.band.rank}: ${input.band.reason}` });

  if (input.callbackAt && input.callbackAt <= input.now) {
    parts.push({ points: callbackPoints, reason: `callback requested for ${local(input.callbackAt, zone)} is due` });
  }

  const reasons = [...input.reasons].sort((a, b) => b.urgency - a.urgency || a.programKey.localeCompare(b.programKey));
  const lead = reasons[0];
  if (lead) {
    parts.push({ points: lead.urgency * urgencyWeight, reason: `${nameOf(lead)} (urgency ${lead.urgency})` });
    if (reasons.length > 1) {
      parts.push({ points: extraReasonPoints * (reasons.length - 1), reason: `also ${reasons.slice(1).map(nameOf).join(', ')} in the same contact` });
    }
    const earliestDue = reasons.map((r) => r.dueOn).sort()[0] ?? lead.dueOn;
    const overdue = daysOverdue(input.now, earliestDue, zone);
    if (overdue > 0 && input.band?.key === 'rest') parts.push({ points: agePoints(overdue), reason: `${plural(overdue, 'day')} overdue (due ${earliestDue}): older work last` });
    else if (overdue > 0) parts.push({ points: overduePoints(overdue), reason: `${plural(overdue, 'day')} overdue (due ${earliestDue})` });
    else parts.push({ points: 0, reason: overdue === 0 ? `due today` : `due ${earliestDue}` });
    const fee = reasons.reduce((sum, r) => sum + (r.feeCents ?? 0), 0);
    if (fee > 0) {
      const dollars = fee / 100;
      parts.push({ points: Math.min(90, Math.round(Math.log10(1 + dollars) * 25)), reason: `${wholeDollars(fee)} of planned treatment` });
    }
  } else {
    parts.push({ points: 0, reason: 'no open reason' });
  }

  if (input.linkOpenedAt && input.linkOpenedAt <= input.now) {
    parts.push({ points: linkOpenPoints, reason: `opened the booking link ${local(input.linkOpenedAt, zone)}` });
  }

  const r = input.responsiveness;
  if (r && r.attempts > 0) {
    const rate = Math.min(1, r.answered / r.attempts);
    parts.push({ points: Math.round((rate - 0.5) * 40), reason: `answered ${r.answered} of ${r.attempts} past ${r.attempts === 1 ? 'touch' : 'touches'}` });
  }

  if (input.contactableNow) parts.push({ points: 0, reason: 'can be contacted now' });
  else {
    const when = input.nextContactAt ? `until ${local(input.nextContactAt, zone)}` : 'on any channel for now';
    parts.push({ points: blockedPoints, reason: `cannot be contacted ${when}` });
  }

  const score = Math.round(parts.reduce((sum, p) => sum + p.points, 0) * 10) / 10;
  return { score, why: parts.map((p) => p.reason).join('; '), parts };
}

/**
 * Which band of the worklist a case falls in (the ranking policy's order, domain/policy/ranking-policy.ts),
 * and whether its reasons are still inside their active windows. The first band in the policy's order
 * whose condition holds wins. Every band but "past its active window" and "the rest" looks only at
 * fresh items, so stale work cannot ride a fresh band; "the rest" takes any case with a fresh item
 * (or none at all), "past its active window" a case whose every item is stale.
 *
 * The worklist's SQL pre-order mirrors these conditions (db/queries/worklist.ts, bandRank); a test
 * compares the two on the same cases.
 */
import { addToLocalDate, localDateIn, parseDay } from '../cadence/zoned-time.js';
import { describeActiveWindow, type RankingBand, type RankingPolicy } from '../policy/ranking-policy.js';

export interface BandReason {
  programKey: string;
  /** Local calendar date the item came due (for unscheduled treatment: the day it was presented). */
  dueOn: string;
}

/** The patient's latest sign of interest: a reply, a call back, an opened link. */
export interface Engagement {
  at: Date;
  kind: 'reply' | 'call' | 'link';
}

export interface BandInput {
  reasons: readonly BandReason[];
  callbackDue: boolean;
  engagement: Engagement | null;
  now: Date;
  timeZone: string;
  policy: RankingPolicy;
}

export interface Band {
  key: RankingBand;
  /** 1 = first. */
  rank: number;
  /** Why the case is in this band, e.g. "treatment presented in the last 30 days (presented 2026-11-20)". */
  reason: string;
}

/** The last local date on which an item is fresh, or null when its program never goes stale. */
export function activeWindowEnd(reason: BandReason, policy: RankingPolicy): string | null {
  const window = policy.activeWindows[reason.programKey];
  if (!window) return null;
  return addToLocalDate(reason.dueOn, 'days' in window ? { days: window.days } : { months: window.months });
}

/** Past its window on `today` (a local date): the day after the window's last fresh day. */
export function isPastActiveWindow(reason: BandReason, today: string, policy: RankingPolicy): boolean {
  const end = activeWindowEnd(reason, policy);
  return end !== null && today > end;
}

/** Whole days from `from` to `to` (local dates). */
function daysFrom(from: string, to: string): number {
  const a = parseDay(from);
  const b = parseDay(to);
  if (a === null || b === null) return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
  return b - a;
}

const programWords = (key: string) => key.replace(/_/g, ' ');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function rankingBandOf(input: BandInput): Band {
  const { policy } = input;
  const today = localDateIn(input.now, input.timeZone);
  const fresh = input.reasons.filter((r) => !isPastActiveWindow(r, today, policy));
  const freshIn = (programs: readonly string[], near: (ageDays: number) => boolean) =>
    fresh.filter((r) => programs.includes(r.programKey) && near(daysFrom(r.dueOn, today))).sort((a, b) => (a.dueOn < b.dueOn ? 1 : -1))[0];

  const conditions: Record<RankingBand, () => string | null> = {
    callback_due: () => (input.callbackDue ? 'callback due now' : null),
    time_bound: () => {
      const r = freshIn(policy.timeBoundPrograms, () => true);
      return r ? `time-bound: ${programWords(r.programKey)}` : null;
    },
    engaged_recently: () => {
      const e = input.engagement;
      if (!e || e.at > input.now || input.now.getTime() - e.at.getTime() > policy.engagedWithinDays * 86_400_000) return null;
      const what = e.kind === 'reply' ? 'replied' : e.kind === 'call' ? 'called back' : 'opened a link';
      const ago = daysFrom(localDateIn(e.at, input.timeZone), today);
      return `engaged recently: ${what} ${ago === 0 ? 'today' : ago === 1 ? 'yesterday' : `${ago} days ago`}`;
    },
    missed_recently: () => {
      const r = freshIn(policy.missedPrograms, (age) => age <= policy.missedWithinDays);
      return r ? `missed or cancelled visit in the last ${plural(policy.missedWithinDays, 'day')} (${r.dueOn})` : null;
    },
    treatment_recent: () => {
      const r = freshIn(policy.treatmentPrograms, (age) => age <= policy.presentedWithinDays);
      return r ? `treatment presented in the last ${plural(policy.presentedWithinDays, 'day')} (${r.dueOn})` : null;
    },
    recall_window: () => {
      const r = freshIn(policy.recallPrograms, (age) => Math.abs(age) <= policy.recallWithinDays);
      return r ? `${programWords(r.programKey)} due within ±${plural(policy.recallWithinDays, 'day')} (${r.dueOn})` : null;
    },
    rest: () => (fresh.length > 0 || input.reasons.length === 0 ? 'the rest, oldest last' : null),
    past_window: () => {
      if (input.reasons.length === 0 || fresh.length > 0) return null;
      const lead = [...input.reasons].sort((a, b) => (a.dueOn < b.dueOn ? 1 : -1))[0] as BandReason;
      const window = policy.activeWindows[lead.programKey];
      return `past its active window (${programWords(lead.programKey)}${window ? `: ${describeActiveWindow(window)} after ${lead.dueOn}` : ''}): worked as reactivation`;
    },
  };
  for (const [i, key] of policy.order.entries()) {
    const reason = conditions[key]();
    if (reason !== null) return { key, rank: i + 1, reason };
  }
  // Unreachable with a valid order (every band once: "the rest" or "past its active window" always holds).
  return { key: 'rest', rank: policy.order.length, reason: 'the rest, oldest last' };
}

/**
 * The item that leads the contact and the program that works it: the most urgent fresh item, worked
 * by its own program; when every item is past its window, the most urgent one, worked by the
 * reactivation program (softer script, at most 3 touches over 6 weeks, then the weekly review).
 */
export function workingLead<T extends BandReason & { urgency: number }>(
  openItems: readonly T[], today: string, policy: RankingPolicy, hasProgram: (key: string) => boolean,
): { item: T; programKey: string; pastWindow: boolean } | null {
  const byUrgency = [...openItems].sort((a, b) => b.urgency - a.urgency || (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0));
  const fresh = byUrgency.find((i) => !isPastActiveWindow(i, today, policy));
  if (fresh) return { item: fresh, programKey: fresh.programKey, pastWindow: false };
  const lead = byUrgency[0];
  if (!lead) return null;
  return hasProgram(policy.reactivationProgram)
    ? { item: lead, programKey: policy.reactivationProgram, pastWindow: true }
    : { item: lead, programKey: lead.programKey, pastWindow: true };
}

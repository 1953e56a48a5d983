/**
 * Merges a patient's due items into their one case. The result is a plan for the store: open a new
 * case, reopen the last one, update, close, or leave alone. By construction there is at most one
 * case that is not closed per patient: the plan only ever names the current case or replaces a
 * closed one.
 */
import type { DueItem } from '../recall/due-item.js';
import type { CaseRecord, CloseReason } from './case-record.js';

export interface MergeInput {
  patientId: number;
  /** The patient's current evaluation (evaluatePatient), open and suppressed. */
  items: readonly DueItem[];
  /** The patient's case that is not closed; else their most recently closed one; else null. */
  current: CaseRecord | null;
  /**
   * Anchors whose items a case outcome already closed (declined, unreachable …): re-evaluating the
   * same facts must not reopen them. A new trigger instance has a new anchor and does.
   */
  closedAnchors?: readonly string[];
  /**
   * Anchors of items the randomized holdout keeps from proactive outreach: they stay on the case (a
   * patient who calls or replies is worked on all of them) but never set when it is next worked.
   */
  heldOutAnchors?: readonly string[];
  now: Date;
}

export type MergeAction = 'open' | 'reopen' | 'update' | 'close' | 'none';

export interface CasePlan {
  action: MergeAction;
  /** The case after the plan; null only when there is nothing to track. */
  case: CaseRecord | null;
  /** The open items attached to it, most urgent first. */
  openItems: DueItem[];
  /** Of those, the items that drive proactive outreach (not held out), most urgent first. */
  outreachItems: DueItem[];
  /** The program whose cadence and script lead the contact. */
  leadProgramKey: string | null;
  /** One line for the audit log, e.g. "opened with hygiene, periodic_exam". */
  summary: string;
}

const coveredByAppointment = (items: readonly DueItem[]) =>
  items.some((i) => i.suppression?.code === 'future_appointment' || i.suppression?.code === 'appointment_carries_procedure');

function earliestStart(items: readonly DueItem[], now: Date): Date {
  const first = items.reduce((min, i) => (i.outreachStartsAt < min ? i.outreachStartsAt : min), items[0]?.outreachStartsAt ?? now);
  return first > now ? first : now;
}

function byUrgency(a: DueItem, b: DueItem): number {
  return b.urgency - a.urgency || (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.anchor.localeCompare(b.anchor));
}

export function mergeIntoCase(input: MergeInput): CasePlan {
  const closed = new Set(input.closedAnchors ?? []);
  const open = input.items.filter((i) => i.patientId === input.patientId && i.status === 'open' && !closed.has(i.anchor)).sort(byUrgency);
  const heldOut = new Set(input.heldOutAnchors ?? []);
  const outreach = open.filter((i) => !heldOut.has(i.anchor));
  const anchors = open.map((i) => i.anchor);
  const keys = [...new Set(open.map((i) => i.programKey))];
  const lead = outreach[0]?.programKey ?? null;
  const current = input.current;
  const base = { openItems: open, outreachItems: outreach, leadProgramKey: lead };
  // When the case is next worked: the earliest outreach item's start; never set by held-out items alone.
  const firstTouch = (items: readonly DueItem[]) => (items.length > 0 ? earliestStart(items, input.now) : null);

  if (current && current.state !== 'closed') {
    if (open.length === 0) {
      const reason: CloseReason = coveredByAppointment(input.items) ? 'covered_by_appointment' : 'no_open_reasons';
      return {
        ...base, action: 'close', summary: `closed: ${reason === 'covered_by_appointment' ? 'an appointment covers every reason' : 'no open reasons left'}`,
        case: { ...current, state: 'closed', closedReason: reason, closedAt: input.now, nextActionAt: null, nextStep: null, reasonAnchors: [] },
      };
    }
    const added = anchors.filter((a) => !current.reasonAnchors.includes(a));
    const removed = current.reasonAnchors.filter((a) => !anchors.includes(a));
    let { state, nextActionAt, nextStep } = current;
    // A new reason wakes a snoozed case and one parked as booked: the patient has something new to hear
    // (a held-out reason is not told, so it wakes nothing).
    const addedOutreach = outreach.filter((i) => added.includes(i.anchor));
    if (addedOutreach.length > 0 && (state === 'snoozed' || state === 'scheduled')) {
      state = 'open';
      nextActionAt = firstTouch(addedOutreach);
      nextStep = null;
    }
    if (state === 'open' && nextActionAt === null) nextActionAt = firstTouch(outreach);
    const changed = added.length > 0 || removed.length > 0 || state !== current.state || nextActionAt !== current.nextActionAt;
    return {
      ...base, action: changed ? 'update' : 'none',
      summary: changed ? `updated: ${[added.length ? `added ${added.join(', ')}` : '', removed.length ? `removed ${removed.join(', ')}` : ''].filter(Boolean).join('; ') || `state ${state}`}` : 'unchanged',
      case: { ...current, state, nextActionAt, nextStep, reasonAnchors: anchors },
    };
  }

  if (open.length === 0) return { ...base, action: 'none', case: current, summary: 'nothing open' };

  const fresh = { state: 'open' as const, nextActionAt: firstTouch(outreach), nextStep: null, cadenceStep: 0, closedReason: null, closedAt: null, reasonAnchors: anchors };
  // A booking closed it and the booking fell through (no-show, cancellation): the same case comes back.
  if (current && current.closedReason === 'covered_by_appointment') {
    return { ...base, action: 'reopen', summary: `reopened with ${keys.join(', ')}`, case: { ...current, ...fresh, ownerQueue: null } };
  }
  return {
    ...base, action: 'open', summary: `opened with ${keys.join(', ')}`,
    case: { id: null, patientId: input.patientId, ownerUserId: null, ownerQueue: null, openedAt: input.now, ...fresh },
  };
}

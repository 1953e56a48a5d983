/**
 * What one recorded outcome does to a case: its next state, when it is next worked and by whom, a
 * queue escalation with a same-day due time, a close reason, or an opt-out for the gate to record.
 * Pure: the caller passes the time, the actor, the cadence, the location's calendar and the policy,
 * and stores the effect.
 */
import { DateTime } from 'luxon';
import {
  addBusinessDays, atLocalTime, closingTime, localDateOf, nextOpenInstant, openingTime, type BusinessCalendar,
} from '../cadence/business-days.js';
import type { Cadence, CadenceEnding } from '../cadence/cadence.js';
import { nextStep, type AttemptChannel } from '../cadence/next-step.js';
import type { TimeOfDaySlots } from '../cadence/time-of-day.js';
import type { CloseReason } from '../cases/case-record.js';
import { canTransition, type CaseState, type Queue } from '../cases/case-state.js';
import { assertNever } from '../assert-never.js';
import { AppError } from '../errors.js';
import { snoozeDaysRange } from '../policy/recall-settings.js';
import type { Owner } from './callback-owner.js';
import { outcomeLabel, type OutcomeKey } from './outcome-vocabulary.js';

export interface OutcomePolicy {
  /** "Not ready — call later": days to snooze (snoozeDaysRange). */
  softDeclineSnoozeDays: number;
  /** Unanswered attempts in a row that close a case as unreachable. */
  unreachableAfterAttempts: number;
}

export const defaultOutcomePolicy: OutcomePolicy = { softDeclineSnoozeDays: 45, unreachableAfterAttempts: 4 };

/** The case as it stands before this outcome (cases row + counts from attempts). */
export interface CaseSnapshot {
  state: CaseState;
  ownerUserId: number | null;
  ownerQueue: Queue | null;
  /** The cadence step the case is on: its index in the cadence (cases.cadence_step); the touch being recorded is that step. */
  cadenceStep: number;
  /** Unanswered attempts in a row before this one (countUnansweredAttempts). */
  unansweredAttempts: number;
  /** The first touch of the current cadence, for the cadence's time span. */
  firstAttemptAt?: Date | null;
  /** The lead item's outreach window. */
  outreachStartsAt: Date;
  outreachEndsAt?: Date | null;
}

export interface OutcomeContext {
  /** When the attempt ended (its outcome is recorded now). */
  now: Date;
  actorUserId: number | null;
  /** Required for "Callback requested". */
  callbackAt?: Date | null;
  cadence: Cadence;
  calendar: BusinessCalendar;
  policy?: Partial<OutcomePolicy>;
  /** Channels with consent for the case's purpose; text/email steps need them. Default: voice only. */
  consentedChannels?: readonly AttemptChannel[];
  slots?: TimeOfDaySlots;
}

export interface Escalation {
  queue: Queue;
  /** Same local day: the location's closing time, or the end of the day when already past it. */
  dueAt: Date;
  reason: string;
}

export interface OutcomeEffect {
  outcome: OutcomeKey;
  nextState: CaseState;
  nextActionAt: Date | null;
  /** Words for cases.next_step. */
  nextStep: string | null;
  /** The channel of the next touch when the cadence continues. */
  nextChannel: AttemptChannel | null;
  owner: Owner;
  cadenceStep: number;
  unansweredAttempts: number;
  escalation?: Escalation;
  closeReason?: CloseReason;
  /** The gate must record an opt-out (every channel) for the patient. */
  optOutRequested?: boolean;
  /** The number reached someone else: mark the contact point invalid. */
  contactPointInvalid?: boolean;
  /** One sentence for the attempt's audit trail. */
  explanation: string;
}

const escalationQueues = {
  needs_clinical_answer: 'clinical',
  needs_insurance_review: 'insurance',
  language_support_needed: 'language',
  escalated_to_clinical: 'clinical',
} as const satisfies Partial<Record<OutcomeKey, Queue>>;

function policyOf(context: OutcomeContext): OutcomePolicy {
  const policy = { ...defaultOutcomePolicy, ...context.policy };
  if (!Number.isInteger(policy.softDeclineSnoozeDays) || policy.softDeclineSnoozeDays < snoozeDaysRange.min || policy.softDeclineSnoozeDays > snoozeDaysRange.max) {
    throw new AppError('invalid_input', `softDeclineSnoozeDays ${String(policy.softDeclineSnoozeDays)} is out of range; allowed: ${snoozeDaysRange.min} to ${snoozeDaysRange.max} days`);
  }
  if (!Number.isInteger(policy.unreachableAfterAttempts) || policy.unreachableAfterAttempts < 1) {
    throw new AppError('invalid_input', `unreachableAfterAttempts ${String(policy.unreachableAfterAttempts)} must be a whole number of at least 1`);
  }
  return policy;
}

/** Same local day: today's closing time if still ahead, else the last minute of the local day. */
export function sameDayDueAt(calendar: BusinessCalendar, now: Date): Date {
  const today = localDateOf(calendar, now);
  const close = atLocalTime(calendar, today, closingTime(calendar, today));
  if (close > now) return close;
  return DateTime.fromJSDate(now, { zone: calendar.timeZone }).endOf('day').set({ second: 0, millisecond: 0 }).toJSDate();
}

const currentOwner = (c: CaseSnapshot): Owner =>
  c.ownerUserId !== null ? { kind: 'user', userId: c.ownerUserId } : c.ownerQueue !== null ? { kind: 'queue', queue: c.ownerQueue } : { kind: 'anyone' };

function ending(then: CadenceEnding, base: Pick<OutcomeEffect, 'outcome' | 'cadenceStep' | 'unansweredAttempts'>, why: string, context: OutcomeContext): OutcomeEffect {
  if (then === 'escalate_clinical') {
    return {
      ...base, nextState: 'escalated', nextActionAt: context.now, nextStep: 'clinical queue', nextChannel: null,
      owner: { kind: 'queue', queue: 'clinical' },
      escalation: { queue: 'clinical', dueAt: sameDayDueAt(context.calendar, context.now), reason: `patient not reached: ${why}` },
      explanation: `${outcomeLabel(base.outcome)}: ${why}; escalated to the clinical team for today`,
    };
  }
  return {
    ...base, nextState: 'closed', nextActionAt: null, nextStep: null, nextChannel: null, owner: { kind: 'anyone' }, closeReason: 'unreachable',
    explanation: `${outcomeLabel(base.outcome)}: ${why}; closed as unreachable and listed for the weekly review`,
  };
}

function continueCadence(snapshot: CaseSnapshot, outcome: OutcomeKey, context: OutcomeContext, policy: OutcomePolicy): OutcomeEffect {
  const unanswered = snapshot.unansweredAttempts + 1;
  const stepsDone = snapshot.cadenceStep + 1;
  const base = { outcome, cadenceStep: stepsDone, unansweredAttempts: unanswered };
  if (unanswered >= policy.unreachableAfterAttempts) {
    return ending(context.cadence.whenExhausted, base, `${unanswered} unanswered attempts in a row`, context);
  }
  const next = nextStep({
    cadence: context.cadence, stepsDone, lastAttemptAt: context.now, firstAttemptAt: snapshot.firstAttemptAt ?? context.now,
    outreachStartsAt: snapshot.outreachStartsAt, outreachEndsAt: snapshot.outreachEndsAt ?? null,
    consentedChannels: context.consentedChannels ?? ['voice'], now: context.now, calendar: context.calendar, ...(context.slots ? { slots: context.slots } : {}),
  });
  if (next.kind === 'exhausted') return ending(next.then, base, next.reason, context);
  const local = DateTime.fromJSDate(next.at, { zone: context.calendar.timeZone }).toFormat('ccc yyyy-MM-dd HH:mm');
  return {
    // The case is on the step the cadence chose: steps it skipped (a channel the gate refuses) are passed, not repeated.
    ...base, cadenceStep: next.stepIndex, nextState: 'waiting', nextActionAt: next.at, nextStep: next.label, nextChannel: next.channel, owner: currentOwner(snapshot),
    explanation: `${outcomeLabel(outcome)}: next ${next.label} on ${local} (${next.timeOfDay.replace('_', ' ')})`,
  };
}

/** The snooze ends at opening time on the first business day on or after now + N days. */
function snoozeUntil(calendar: BusinessCalendar, now: Date, days: number): Date {
  const target = DateTime.fromJSDate(now, { zone: calendar.timeZone }).plus({ days }).toISODate() ?? '';
  const day = addBusinessDays(calendar, target, 0);
  return nextOpenInstant(calendar, atLocalTime(calendar, day, openingTime(calendar, day)));
}

export function applyOutcome(snapshot: CaseSnapshot, outcome: OutcomeKey, context: OutcomeContext): OutcomeEffect {
  const policy = policyOf(context);
  if (snapshot.state === 'closed') {
    throw new AppError('conflict', `the case is closed; an outcome ("${outcomeLabel(outcome)}") can only be recorded on an open case`);
  }
  const effect = decideEffect(snapshot, outcome, context, policy);
  if (effect.nextState !== snapshot.state && !canTransition(snapshot.state, effect.nextState)) {
    throw new AppError('conflict', `"${outcomeLabel(outcome)}" would move the case from "${snapshot.state}" to "${effect.nextState}", which is not allowed`);
  }
  return effect;
}

function decideEffect(snapshot: CaseSnapshot, outcome: OutcomeKey, context: OutcomeContext, policy: OutcomePolicy): OutcomeEffect {
  const { now } = context;
  const reached = { outcome, cadenceStep: snapshot.cadenceStep + 1, unansweredAttempts: 0 };
  const closeWith = (closeReason: CloseReason, explanation: string, extra: Partial<OutcomeEffect> = {}): OutcomeEffect => ({
    ...reached, nextState: 'closed', nextActionAt: null, nextStep: null, nextChannel: null, owner: { kind: 'anyone' }, closeReason, explanation, ...extra,
  });

  switch (outcome) {
    case 'needs_clinical_answer':
    case 'needs_insurance_review':
    case 'language_support_needed':
    case 'escalated_to_clinical': {
      const queue = escalationQueues[outcome];
      return {
        ...reached, nextState: 'escalated', nextActionAt: now, nextStep: `${queue} queue`, nextChannel: null, owner: { kind: 'queue', queue },
        escalation: { queue, dueAt: sameDayDueAt(context.calendar, now), reason: outcomeLabel(outcome) },
        explanation: `${outcomeLabel(outcome)}: routed to the ${queue} queue, due today`,
      };
    }
    case 'no_answer':
    case 'left_message':
      return continueCadence(snapshot, outcome, context, policy);
    case 'callback_requested': {
      const at = context.callbackAt;
      if (!at) throw new AppError('invalid_input', '"Callback requested" needs the time the patient asked for (callbackAt); none was given');
      const owner: Owner = context.actorUserId !== null ? { kind: 'user', userId: context.actorUserId } : { kind: 'anyone' };
      const local = DateTime.fromJSDate(at, { zone: context.calendar.timeZone }).toFormat('ccc yyyy-MM-dd HH:mm');
      return {
        ...reached, cadenceStep: snapshot.cadenceStep, nextState: 'waiting', nextActionAt: at, nextStep: 'callback', nextChannel: 'voice', owner,
        explanation: `Callback requested for ${local}${owner.kind === 'user' ? `, owned by user ${owner.userId} until 2 h overdue` : ''}`,
      };
    }
    case 'scheduled':
      return {
        ...reached, nextState: 'scheduled', nextActionAt: null, nextStep: 'wait for the booked visit', nextChannel: null, owner: currentOwner(snapshot),
        explanation: 'Scheduled: the case closes when the appointment arrives with the next import',
      };
    case 'not_ready': {
      const until = snoozeUntil(context.calendar, now, policy.softDeclineSnoozeDays);
      return {
        ...reached, cadenceStep: 0, nextState: 'snoozed', nextActionAt: until, nextStep: 'call after the snooze', nextChannel: 'voice', owner: { kind: 'anyone' },
        explanation: `Not ready — call later: snoozed ${policy.softDeclineSnoozeDays} days, until ${localDateOf(context.calendar, until)}`,
      };
    }
    case 'declined':
      return closeWith('declined', 'Declined: closed; the reasons stay closed until something new comes up');
    case 'wrong_number':
      return closeWith('wrong_number', 'Wrong number: closed and the number marked invalid', { contactPointInvalid: true });
    case 'opted_out':
      return closeWith('opted_out', 'Opted out: closed; the opt-out is recorded through the contact gate', { optOutRequested: true });
    default:
      return assertNever(outcome, 'outcome');
  }
}


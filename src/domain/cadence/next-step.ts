/**
 * When and how the next touch of a case goes out, from its cadence, what has been done so far, the
 * location's business calendar and the channels the contact gate would allow (openChannels). Pure: the answer for the
 * same input is always the same; whether the touch is allowed at that moment is the gate's question.
 */
import {
  addBusinessDays, atLocalTime, localDateOf, nextOpenInstant, type BusinessCalendar,
} from './business-days.js';
import type { Cadence, CadenceEnding, StepDelay } from './cadence.js';
import { addToInstantIn, atLocalTimeIn, localDateIn, localMinutesIn } from './zoned-time.js';
import { defaultTimeOfDaySlots, differentTimeOfDay, timeOfDayOf, type TimeOfDay, type TimeOfDaySlots } from './time-of-day.js';

import type { AttemptChannel } from '../compliance/types.js';

export type { AttemptChannel };

export interface NextStepInput {
  cadence: Cadence;
  /** Where the cadence resumes: the index of the first step not yet made (cases.cadence_step, or one past it after a touch). */
  stepsDone: number;
  /** The last touch (attempts.occurred_at) and the first one of this cadence, if any. */
  lastAttemptAt: Date | null;
  firstAttemptAt?: Date | null;
  /** When outreach may begin (the lead due item's window start); the first touch is never earlier. */
  outreachStartsAt: Date;
  /** When the outreach window closes (post-op, confirmation); null = open-ended. */
  outreachEndsAt?: Date | null;
  /**
   * Channels the contact gate would allow for this purpose (compliance openChannels): a step on any
   * other channel is skipped, a call to an opted-out number included; 'message' steps need sms or email here.
   */
  consentedChannels: readonly AttemptChannel[];
  now: Date;
  calendar: BusinessCalendar;
  slots?: TimeOfDaySlots;
}

export type NextStep =
  | { kind: 'attempt'; stepIndex: number; channel: AttemptChannel; at: Date; timeOfDay: TimeOfDay; final: boolean; label: string }
  | { kind: 'exhausted'; then: CadenceEnding; reason: string };

function resolveChannel(channel: Cadence['steps'][number]['channel'], consented: readonly AttemptChannel[]): AttemptChannel | null {
  if (channel === 'message') return consented.includes('sms') ? 'sms' : consented.includes('email') ? 'email' : null;
  return consented.includes(channel) ? channel : null;
}

function afterDelay(calendar: BusinessCalendar, from: Date, delay: StepDelay | undefined): Date {
  if (!delay) return from;
  const zone = calendar.timeZone;
  let at = from;
  if (delay.days) at = addToInstantIn(at, { days: delay.days }, zone);
  if (delay.hours) at = addToInstantIn(at, { hours: delay.hours }, zone);
  if (delay.businessDays) {
    const date = addBusinessDays(calendar, localDateIn(at, zone), delay.businessDays);
    // The same wall time on that day (seconds dropped).
    const minutes = localMinutesIn(at, zone);
    at = atLocalTimeIn(date, Math.floor(minutes / 60), minutes % 60, zone);
  }
  return at;
}

const channelWords: Record<AttemptChannel, string> = { voice: 'call', sms: 'text message', email: 'email' };

/**
 * The next touch, or the cadence's ending when every step is used up, the touch limit is reached, or
 * the next touch would fall outside the outreach window or the cadence's time span.
 */
export function nextStep(input: NextStepInput): NextStep {
  const { cadence, calendar } = input;
  const slots = input.slots ?? defaultTimeOfDaySlots;
  const limit = Math.min(cadence.steps.length, cadence.maxTouches ?? cadence.steps.length);
  const exhausted = (reason: string): NextStep => ({ kind: 'exhausted', then: cadence.whenExhausted, reason });
  let index = input.stepsDone;
  for (; index < limit; index++) {
    const step = cadence.steps[index];
    if (!step) break;
    const channel = resolveChannel(step.channel, input.consentedChannels);
    // A step on a channel the gate refuses (no consent, an opt-out) is skipped, not failed: the next one still happens.
    if (channel === null) continue;
    let at: Date;
    if (input.lastAttemptAt === null) {
      at = input.outreachStartsAt > input.now ? input.outreachStartsAt : input.now;
    } else {
      at = afterDelay(calendar, input.lastAttemptAt, step.after);
      const wanted: TimeOfDay | null = step.timeOfDay === 'different'
        ? differentTimeOfDay(timeOfDayOf(calendar, input.lastAttemptAt, slots))
        : step.timeOfDay ?? null;
      if (wanted !== null) at = atLocalTime(calendar, localDateOf(calendar, at), slots[wanted]);
      if (at < input.now) at = input.now;
    }
    // A call is a staff touch: a remote team's extended hours count as open; automated messages keep office hours.
    at = nextOpenInstant(calendar, at, channel === 'voice' ? 'staff' : 'office');
    if (input.outreachEndsAt && at > input.outreachEndsAt) return exhausted('the outreach window has closed');
    const first = input.firstAttemptAt ?? input.lastAttemptAt;
    if (cadence.withinDays && first && at.getTime() - first.getTime() > cadence.withinDays * 86_400_000) {
      return exhausted(`all touches must fall within ${cadence.withinDays} days of the first`);
    }
    const final = index === limit - 1;
    return {
      kind: 'attempt', stepIndex: index, channel, at, timeOfDay: timeOfDayOf(calendar, at, slots), final,
      label: step.label ?? `${final ? 'final ' : ''}${channelWords[channel]}`,
    };
  }
  return exhausted(input.stepsDone >= limit ? `${limit === 1 ? 'the only touch' : `all ${limit} touches`} made without reaching the patient` : 'no remaining step has a consented channel');
}

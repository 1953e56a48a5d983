/**
 * Calling windows, forbidden days and holidays (INV-01..03, INV-15, INV-18). Each window rule is
 * evaluated in EVERY candidate zone (plus zones a statute names itself) from the UTC instant with
 * the zone's own offsets (luxon's answer on DST-change days), so DST days need no special case: 08:00
 * local is whatever instant the zone says it is.
 */
import { assertNever } from '../assert-never.js';
import { localFieldsAt, type LocalFields } from '../cadence/zoned-time.js';
import { dayKeys, type CallingRules, type HolidayCalendar, type TelephoneScope, type WindowMinutes, type WindowRule } from './calling-rules.js';
import type { ContactPolicy } from './contact-policy.js';
import { findHoliday, isCalendarReviewed, type HolidayHit } from './holidays.js';
import type { Channel, Reason, Touch } from './types.js';

/** What the calling tables call each of our channels. Email and letters are outside them. */
export function telephoneScopeOf(touch: Pick<Touch, 'channel' | 'automated'>): TelephoneScope | null {
  switch (touch.channel) {
    case 'sms':
      return 'sms';
    // A system-placed call may play recorded or synthetic speech, and a voicemail drop counts as a
    // prerecorded call (README 2.2); a staff member dialling, or leaving a message, is a live call.
    case 'voice':
    case 'voicemail':
      return touch.automated ? 'voice_prerecorded' : 'voice_live';
    case 'email':
    case 'letter':
      return null;
    default:
      return assertNever(touch.channel, 'channel');
  }
}

export interface WindowSet {
  rules: WindowRule[];
  /** Sunday and holiday bans are skipped (appointment reminders, counsel-approved policy). */
  skipSundayAndHolidayBans: boolean;
  smsCutoffMinutes: number;
  channel: Channel;
}

/** The window rules that govern this touch for these states. */
export function windowRulesFor(
  touch: Touch,
  states: string[],
  rules: CallingRules,
  policy: ContactPolicy,
  hasPriorExpressConsent: boolean,
): WindowSet {
  const skipSundayAndHolidayBans = touch.purpose === 'appointment_reminder' && !policy.sundayHolidayBansForAppointmentReminders.apply;
  const base = { skipSundayAndHolidayBans, smsCutoffMinutes: policy.smsHandoffCutoffMinutes, channel: touch.channel };
  if (touch.channel === 'letter') return { ...base, rules: [] };
  if (touch.channel === 'email') {
    // Policy, not law: email gets the federal hours so nothing lands on a lock screen at 3 a.m.
    return { ...base, rules: policy.emailWindow === 'federal' ? [{ ...rules.federal, id: 'policy:email-window', label: 'the federal (applied to email by policy)' }] : [] };
  }
  const scope = telephoneScopeOf(touch);
  const covers = (r: WindowRule): boolean => scope !== null && r.channelScope.includes(scope);
  const out: WindowRule[] = [];
  // Time-of-day windows apply to every purpose (strict mode); they can never be turned off.
  if (covers(rules.federal)) out.push(rules.federal);
  for (const r of rules.states) {
    if (!r.state || !states.includes(r.state) || !covers(r)) continue;
    if (r.consentLiftsLimits && policy.utahPriorConsentRelief && hasPriorExpressConsent) continue;
    out.push(r);
  }
  if (policy.adoptUnverifiedLeads) {
    for (const r of rules.unverifiedLeads) if (r.state && states.includes(r.state) && covers(r)) out.push(r);
  }
  return { ...base, rules: out };
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** "Florida's", "the federal", "Nevada's automatic-dialer": who owns a limit, for messages. */
export function ruleOwner(rule: WindowRule): string {
  if (rule.kind === 'federal') return rule.label;
  const m = /^(.*?) \((automatic.*)\)$/.exec(rule.label);
  if (m) return `${m[1]}'s automatic-dialer`;
  return rule.kind === 'unverified_lead' ? `${rule.label.replace(' (unverified lead, adopted as policy)', '')}'s (unverified lead, policy)` : `${rule.label}'s`;
}

const dayNames: Record<string, string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };

/** Per-decision caches: the search for nextAllowedAt evaluates hundreds of instants. */
export class WindowEvaluationCache {
  readonly holidays = new Map<string, HolidayHit | null>();
}

export interface WindowEvaluationContext {
  set: WindowSet;
  zones: string[];
  rules: CallingRules;
  policy: ContactPolicy;
  county: string | null;
  cache: WindowEvaluationCache;
}

function holidayAt(ctx: WindowEvaluationContext, calendar: HolidayCalendar, date: string): HolidayHit | null {
  const key = `${calendar.id}|${date}`;
  if (ctx.cache.holidays.has(key)) return ctx.cache.holidays.get(key) ?? null;
  const hit = findHoliday(calendar, date, {
    county: ctx.county,
    proclamationDays: ctx.policy.proclamationDays[calendar.id] ?? [],
    defaultObservedShift: ctx.policy.defaultObservedShift,
  });
  ctx.cache.holidays.set(key, hit);
  return hit;
}

function checkRuleInZone(ctx: WindowEvaluationContext, rule: WindowRule, zone: string, local: LocalFields, out: Reason[]): void {
  const date = local.date;
  const day = dayKeys[local.weekday - 1] ?? 'mon';
  const owner = ruleOwner(rule);
  const time = local.time;
  const skipBans = ctx.set.skipSundayAndHolidayBans;

  if (rule.noCallsOnHolidays && !skipBans) {
    for (const calendarId of rule.holidayCalendarIds) {
      const calendar = ctx.rules.holidayCalendars[calendarId];
      if (!calendar) continue;
      const reviewed = isCalendarReviewed(calendar, local.year, ctx.policy.holidayCalendarReviews[calendarId] ?? []);
      if (!reviewed && ctx.policy.unreviewedHolidayCalendars === 'block') {
        out.push({
          code: 'holiday_calendar_unreviewed', ruleId: rule.id, timeZone: zone,
          message: `The ${calendarId} holiday calendar that ${owner} holiday ban uses is not reviewed for ${local.year} (reviewedForYear: ${calendar.reviewedForYear ?? 'none'}); the gate fails closed until a person reviews it (policy holidayCalendarReviews.${calendarId}).`,
        });
        continue;
      }
      const hit = holidayAt(ctx, calendar, date);
      if (hit) {
        out.push({
          code: 'holiday', ruleId: rule.id, timeZone: zone,
          message: `${date} in ${zone} is ${hit.name}${hit.observed ? ` (observed; actual date ${hit.actualDate})` : ''}, a holiday on which ${owner} rule bars calls and texts (${rule.citation}).`,
        });
      }
    }
  }

  const window: WindowMinutes | null = rule.hours[day];
  if (window === null) {
    if (skipBans && day === 'sun') return;
    out.push({
      code: day === 'sun' ? 'state_sunday_ban' : 'day_not_allowed', ruleId: rule.id, timeZone: zone,
      message: `${dayNames[day]} ${date} in ${zone}: ${owner} rule bars calls and texts on ${dayNames[day]}s (${rule.citation}).`,
    });
    return;
  }
  const minute = local.minuteOfDay;
  if (minute < window.start) {
    out.push({
      code: 'outside_calling_window', ruleId: rule.id, timeZone: zone,
      message: `${time} in ${zone} is before ${owner} ${hhmm(window.start)} start (${rule.citation}).`,
    });
  } else if (minute >= window.end) {
    out.push({
      code: 'outside_calling_window', ruleId: rule.id, timeZone: zone,
      message: `${time} in ${zone} is after ${owner} ${hhmm(window.end)} limit (${rule.citation}).`,
    });
  } else if (ctx.set.channel === 'sms' && minute >= window.end - ctx.set.smsCutoffMinutes) {
    out.push({
      code: 'sms_window_closing', ruleId: rule.id, timeZone: zone,
      message: `${time} in ${zone} is within ${ctx.set.smsCutoffMinutes} minutes of ${owner} ${hhmm(window.end)} limit; SMS hand-off stops early so carrier queues cannot deliver late (policy smsHandoffCutoffMinutes).`,
    });
  }
}

/** Every window, day and holiday reason that blocks the touch at instant `at` (epoch ms). */
export function windowReasonsAt(ctx: WindowEvaluationContext, at: number): Reason[] {
  const out: Reason[] = [];
  const locals = new Map<string, LocalFields>();
  const localIn = (zone: string): LocalFields => {
    let fields = locals.get(zone);
    if (!fields) {
      fields = localFieldsAt(at, zone);
      locals.set(zone, fields);
    }
    return fields;
  };
  for (const rule of ctx.set.rules) {
    for (const zone of new Set([...ctx.zones, ...rule.extraTimeZones])) checkRuleInZone(ctx, rule, zone, localIn(zone), out);
  }
  return out;
}

/** Every zone the windows are evaluated in (candidates plus statute-named zones). */
export function evaluationZones(ctx: WindowEvaluationContext): string[] {
  return [...new Set([...ctx.zones, ...ctx.set.rules.flatMap((r) => r.extraTimeZones)])];
}

/** Local start minutes of every window in play: the instants at which a window can open. */
export function windowStartMinutes(set: WindowSet): number[] {
  return [...new Set(set.rules.flatMap((r) => Object.values(r.hours).flatMap((w) => (w ? [w.start] : []))))];
}

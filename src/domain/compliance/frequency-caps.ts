/**
 * Frequency caps (INV-04..06 and the per-program cap).
 *
 * Policy caps (per local day, per rolling 7 days, per program) govern automated touches and count
 * only automated attempts: they exist to keep the system from nagging, and staff calls are judged by
 * the staff. State caps (FL, OK, MD: 3 per rolling 24 h) are law that counts calls "regardless of the
 * number used", so they govern staff and automated telephone touches alike and count every outbound
 * call, voicemail and text, whoever made it (imported history included). Caps count per patient
 * across all contact points and channels — stricter than the per-number wording of INV-04..06.
 */
import { localDateIn, startOfLocalDate } from '../cadence/zoned-time.js';
import type { WindowRule } from './calling-rules.js';
import { ruleOwner, telephoneScopeOf } from './calling-windows.js';
import type { ContactPolicy } from './contact-policy.js';
import type { AttemptRecord, Channel, Reason, Touch } from './types.js';

const hour = 3_600_000;
const day = 24 * hour;
const telephone: Channel[] = ['voice', 'voicemail', 'sms'];

export interface CapContext {
  touch: Touch;
  /** Outbound attempts, oldest first. */
  outbound: AttemptRecord[];
  zones: string[];
  /** State window rules that carry a 24 h cap and govern this channel. */
  stateCapRules: WindowRule[];
  policy: ContactPolicy;
}

export function outboundAttempts(history: AttemptRecord[]): AttemptRecord[] {
  return history.filter((a) => (a.direction ?? 'out') === 'out').sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
}

export function stateCapRulesFor(touch: Touch, rules: WindowRule[]): WindowRule[] {
  const scope = telephoneScopeOf(touch);
  return rules.filter((r) => r.maxAttemptsPer24h !== null && scope !== null && r.channelScope.includes(scope));
}

function within(a: AttemptRecord, from: number, to: number): boolean {
  const t = a.occurredAt.getTime();
  return t > from && t <= to;
}

function isProgramCapped(touch: Touch, policy: ContactPolicy): touch is Touch & { programKey: string } {
  return touch.automated && !!touch.programKey && !policy.programCapExemptPurposes.includes(touch.purpose);
}

export function capReasonsAt(ctx: CapContext, at: number): Reason[] {
  const { touch, policy } = ctx;
  const out: Reason[] = [];
  const inLast = (span: number, pick: (a: AttemptRecord) => boolean): AttemptRecord[] => ctx.outbound.filter((a) => within(a, at - span, at) && pick(a));

  if (touch.automated) {
    const automated = (a: AttemptRecord): boolean => a.actorKind === 'automation';
    // "Local day" in every candidate zone: a touch is blocked if any zone's calendar day is full.
    const zones = ctx.zones.length > 0 ? ctx.zones : ['UTC'];
    for (const zone of zones) {
      const localDate = localDateIn(new Date(at), zone);
      const start = startOfLocalDate(localDate, zone).getTime();
      const today = ctx.outbound.filter((a) => automated(a) && a.occurredAt.getTime() >= start && a.occurredAt.getTime() <= at);
      if (today.length >= policy.maxAutomatedTouchesPerLocalDay) {
        out.push({
          code: 'daily_cap', ruleId: 'policy:maxAutomatedTouchesPerLocalDay', timeZone: zone,
          message: `${today.length} automated touch${today.length === 1 ? '' : 'es'} already on ${localDate} in ${zone}; policy allows at most ${policy.maxAutomatedTouchesPerLocalDay} per patient per local day (INV-04).`,
        });
        break;
      }
    }
    const week = inLast(7 * day, automated);
    if (week.length >= policy.maxAutomatedTouchesPerRolling7Days) {
      out.push({
        code: 'weekly_cap', ruleId: 'policy:maxAutomatedTouchesPerRolling7Days',
        message: `${week.length} automated touches in the last 7 days; policy allows at most ${policy.maxAutomatedTouchesPerRolling7Days} per patient per rolling 7 days (INV-05).`,
      });
    }
    if (isProgramCapped(touch, policy)) {
      const program = inLast(7 * day, (a) => automated(a) && a.programKeys.includes(touch.programKey));
      if (program.length >= policy.maxTouchesPerProgramPer7Days) {
        out.push({
          code: 'program_weekly_cap', ruleId: 'policy:maxTouchesPerProgramPer7Days',
          message: `${program.length} automated touch${program.length === 1 ? '' : 'es'} for program "${touch.programKey}" in the last 7 days; policy allows at most ${policy.maxTouchesPerProgramPer7Days} per program per patient per week.`,
        });
      }
    }
  }

  if (telephone.includes(touch.channel)) {
    const calls = inLast(day, (a) => telephone.includes(a.channel));
    for (const rule of ctx.stateCapRules) {
      const limit = rule.maxAttemptsPer24h ?? Infinity;
      if (calls.length >= limit) {
        out.push({
          code: 'state_24h_cap', ruleId: rule.id,
          message: `${calls.length} calls or texts in the last 24 hours; ${ruleOwner(rule)} law allows at most ${limit} per rolling 24 hours (${rule.citation}, INV-06).`,
        });
      }
    }
  }
  return out;
}

/** Instants at which a counted attempt leaves a rolling window: where a cap can lift. */
export function capExpiryInstants(ctx: CapContext, from: number, to: number): number[] {
  const out: number[] = [];
  for (const a of ctx.outbound) {
    const t = a.occurredAt.getTime();
    for (const span of [day, 7 * day]) if (t + span > from && t + span <= to) out.push(t + span);
  }
  return out;
}

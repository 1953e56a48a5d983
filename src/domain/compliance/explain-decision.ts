/**
 * One or two sentences a front-desk person can read: what decided, and when the touch is next allowed.
 * e.g. "Blocked: 20:35 in America/New_York is after Florida's 20:00 limit (…). Next allowed: Tue 08:00 EST."
 */
import { DateTime } from 'luxon';
import type { ContactDecision } from './types.js';

function formatInstant(instant: Date, zone: string, decidedAt: Date): string {
  const local = DateTime.fromJSDate(instant, { zone }).setLocale('en-US');
  const withinWeek = instant.getTime() - decidedAt.getTime() < 6 * 24 * 3_600_000;
  return local.toFormat(withinWeek ? 'ccc HH:mm ZZZZ' : 'ccc d LLL HH:mm ZZZZ');
}

export function explainDecision(decision: ContactDecision): string {
  if (decision.allowed) {
    const consent = decision.basis.find((b) => b.code === 'consent');
    const window = decision.basis.find((b) => b.code === 'calling_window' || b.code === 'no_window_applies');
    return `Allowed: ${[window?.message, consent ? `consent: ${consent.message}` : undefined].filter(Boolean).join(' ').replace(/\.$/, '')}.`;
  }
  const first = decision.reasons[0];
  const more = decision.reasons.length - 1;
  const head = `Blocked: ${(first?.message ?? 'no reason recorded').replace(/\.$/, '')}${more > 0 ? ` (and ${more} more reason${more === 1 ? '' : 's'})` : ''}.`;
  if (decision.nextAllowedAt === null) {
    return `${head} Not allowed at any time in the next 14 days under the current records and policy.`;
  }
  const zone = first?.timeZone ?? decision.timeZones[0] ?? 'UTC';
  return `${head} Next allowed: ${formatInstant(decision.nextAllowedAt, zone, decision.decidedAt)}.`;
}

/**
 * Opt-outs (INV-08). Strict mode implements the FCC "revoke-all" reading now (waived only until
 * 2027-01-31): any revocation on a phone number stops every call, voicemail and text to that number,
 * for every purpose; any revocation on an email address stops every email to it. A revocation is in
 * force from the moment it exists (the ≤60 s target becomes 0 s inside the gate) until an explicit
 * re-opt-in sets revokedAt.
 */
import type { Channel, ContactPointFacts, OptOutRecord, Reason, Touch } from './types.js';
import { purposeClassOf } from './purpose-class.js';

const telephone: Channel[] = ['voice', 'voicemail', 'sms'];

function channelCovered(optOut: OptOutRecord, touch: Touch, contactPoint: ContactPointFacts | null): boolean {
  if (optOut.channel === null || optOut.channel === touch.channel) return true;
  if (optOut.channel === 'voice' && touch.channel === 'voicemail') return true;
  // Revoke-all on the same number: a STOP by text also stops calls to that number, and vice versa.
  return optOut.contactPointId !== null && contactPoint?.kind === 'phone' && telephone.includes(optOut.channel) && telephone.includes(touch.channel);
}

export function findCoveringOptOut(touch: Touch, contactPoint: ContactPointFacts | null, optOuts: OptOutRecord[], at: number): OptOutRecord | null {
  for (const o of optOuts) {
    if (o.revokedAt !== null && o.revokedAt.getTime() <= at) continue;
    if (o.contactPointId !== null && o.contactPointId !== contactPoint?.id) continue;
    if (!channelCovered(o, touch, contactPoint)) continue;
    // Purpose class is recorded for audit but, under revoke-all, a revocation covers every purpose.
    return o;
  }
  return null;
}

export function optOutReason(touch: Touch, optOut: OptOutRecord): Reason {
  const scope = [
    optOut.contactPointId === null ? 'every contact point' : `contact point ${optOut.contactPointId}`,
    optOut.channel === null ? 'every channel' : optOut.channel,
    optOut.purposeClass === null ? 'every purpose' : `${optOut.purposeClass} messages (revoke-all widens it to every purpose)`,
  ].join(', ');
  return {
    code: 'opted_out', ruleId: 'INV-08',
    message: `The patient opted out on ${optOut.receivedAt.toISOString()} (${scope}); no ${touch.channel} ${purposeClassOf(touch.purpose)} touch until they opt back in (INV-08, FCC revoke-all).`,
  };
}

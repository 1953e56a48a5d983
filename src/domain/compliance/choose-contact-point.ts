/**
 * Which of a patient's contact points a touch on a channel would use. Confidential-communication
 * requests come first: an alternate number or address the patient named replaces the usual one.
 * Valid points before invalid ones; mobile before home before work for calls; only phones for calls
 * and texts, only email addresses for email; letters use the postal address (no contact point).
 * Returning an unsuitable point (a landline for SMS) is deliberate: the gate then explains the block.
 */
import type { Channel, CommunicationPreference, ContactPointFacts } from './types.js';

const phoneOrder: Record<ContactPointFacts['use'], number> = { mobile: 0, home: 1, work: 2, other: 3 };

export function chooseContactPoint(channel: Channel, points: ContactPointFacts[], preferences: CommunicationPreference[]): ContactPointFacts | null {
  if (channel === 'letter') return null;
  const kind = channel === 'email' ? 'email' : 'phone';
  const alternate = preferences.find((p) => p.kind === 'use_alternate_contact' && p.alternateContactPointId !== null);
  const named = alternate && points.find((p) => p.id === alternate.alternateContactPointId && p.kind === kind);
  if (named) return named;
  const candidates = points.filter((p) => p.kind === kind);
  candidates.sort((a, b) => Number(b.isValid) - Number(a.isValid) || phoneOrder[a.use] - phoneOrder[b.use] || a.id - b.id);
  return candidates[0] ?? null;
}

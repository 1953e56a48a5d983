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
  // A patient may name several alternates (a number and an address): use the one that fits the channel.
  const alternateIds = new Set(preferences.filter((p) => p.kind === 'use_alternate_contact').map((p) => p.alternateContactPointId));
  const named = best(points.filter((p) => p.kind === kind && alternateIds.has(p.id)));
  return named ?? best(points.filter((p) => p.kind === kind));
}

function best(candidates: ContactPointFacts[]): ContactPointFacts | null {
  candidates.sort((a, b) => Number(b.isValid) - Number(a.isValid) || phoneOrder[a.use] - phoneOrder[b.use] || a.id - b.id);
  return candidates[0] ?? null;
}

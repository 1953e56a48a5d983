/**
 * "Can this patient be reached now, and on what?" for a worklist row or an explanation: the gate's
 * answer for the suggested channel first, then the others a staff member could use (call, text,
 * email), which are asked only when the suggested one is blocked. When none is allowed now, the
 * channel shown is one the gate will allow later (openChannels), never one it refuses for good.
 * Pure over facts already loaded; nothing is stored (a touch that happens goes through authorizeTouch).
 */
import { bundledRules } from './calling-rules.js';
import { openChannels, pickChannel, type PatientContactFacts } from './channel-choice.js';
import type { ContactPolicy } from './contact-policy.js';
import { decideTouch } from './decide-touch.js';
import { explainDecision } from './explain-decision.js';
import { attemptChannels, type AttemptChannel, type ContactDecision, type Purpose } from './types.js';


export interface ChannelAnswer {
  channel: AttemptChannel;
  allowed: boolean;
  nextAllowedAt: Date | null;
  reasons: { code: string; message: string }[];
}

export interface Contactability {
  contactableNow: boolean;
  /** The cadence's channel when allowed, else the first allowed one; when none is allowed now, the cadence's or the first the gate will allow later; else the cadence's. */
  channel: AttemptChannel;
  /** null when contactable now, or when no channel opens within the gate's horizon. */
  nextContactAt: Date | null;
  /** One sentence: why not (when blocked), from the gate's own explanation. */
  explanation: string;
  /** The channels asked, suggested first (only the suggested one when it is allowed). */
  channels: ChannelAnswer[];
}

export function contactabilityOf(
  facts: PatientContactFacts,
  policy: ContactPolicy,
  touch: { purpose: Purpose; programKey: string | null; suggested: AttemptChannel | null },
  at: Date,
): Contactability {
  const suggested = touch.suggested ?? 'voice';
  const order = [suggested, ...attemptChannels.filter((c) => c !== suggested)];
  const decisions = new Map<AttemptChannel, ContactDecision>();
  for (const channel of order) {
    // The suggested channel is allowed: the others need not be asked (a worklist page asks for many rows).
    if (decisions.get(suggested)?.allowed) break;
    decisions.set(channel, decideTouch(facts, policy, { channel, purpose: touch.purpose, automated: false, programKey: touch.programKey }, at).decision);
  }
  const channels = order.filter((channel) => decisions.has(channel)).map((channel) => {
    const d = decisions.get(channel) as ContactDecision;
    return { channel, allowed: d.allowed, nextAllowedAt: d.nextAllowedAt, reasons: d.reasons.map((r) => ({ code: r.code, message: r.message })) };
  });
  const allowed = channels.filter((c) => c.allowed);
  const first = decisions.get(suggested) as ContactDecision;
  if (allowed.length > 0) {
    const channel = allowed.some((c) => c.channel === suggested) ? suggested : (allowed[0] as ChannelAnswer).channel;
    return { contactableNow: true, channel, nextContactAt: null, explanation: channel === suggested ? explainDecision(first) : `${suggested}: ${explainDecision(first)} Use ${channel} instead.`, channels };
  }
  const times = channels.map((c) => c.nextAllowedAt).filter((t): t is Date => t !== null).sort((a, b) => a.getTime() - b.getTime());
  const later = pickChannel(suggested, openChannels(facts, { purpose: touch.purpose, programKey: touch.programKey, automated: false }, policy, bundledRules, at));
  return {
    contactableNow: false, channel: later ?? suggested, nextContactAt: times[0] ?? null,
    explanation: `No channel is allowed now. ${suggested}: ${explainDecision(first)}`, channels,
  };
}

/**
 * What the demo sandbox pretends a patient answers, chosen from the message key and a seed so the
 * same demo always shows the same conversations: most patients say nothing, some say yes, ask for a
 * call, ask who is writing, or reply STOP (which exercises the whole opt-out path).
 */
import { spreadFraction } from './send-pacing.js';

const replies = [
  { text: 'Yes', share: 0.09 },
  { text: 'Can you call me after 5?', share: 0.07 },
  { text: 'Who is this?', share: 0.05 },
  { text: 'STOP', share: 0.03 },
] as const;

export const sandboxDelaySeconds = { delivery: 4, reply: 45 } as const;

/** The reply a sandbox text gets, or null (no reply). Emails never get one. */
export function sandboxReplyFor(seed: string, key: string): string | null {
  const x = spreadFraction(`${seed}:${key}`);
  let edge = 0;
  for (const reply of replies) {
    edge += reply.share;
    if (x < edge) return reply.text;
  }
  return null;
}

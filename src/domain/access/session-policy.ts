/** Session lifetime rules: an idle timeout and an absolute one; either ends the session. */
export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

export const defaultSessionPolicy: SessionPolicy = { idleMinutes: 30, absoluteHours: 12 };

export interface SessionTimes {
  createdAt: Date;
  lastSeenAt: Date;
  revokedAt: Date | null;
}

export type SessionVerdict = { valid: true } | { valid: false; reason: 'revoked' | 'idle_timeout' | 'absolute_timeout' };

export function sessionVerdict(session: SessionTimes, now: Date, policy: SessionPolicy = defaultSessionPolicy): SessionVerdict {
  if (session.revokedAt && session.revokedAt <= now) return { valid: false, reason: 'revoked' };
  if (now.getTime() - session.createdAt.getTime() >= policy.absoluteHours * 3_600_000) return { valid: false, reason: 'absolute_timeout' };
  if (now.getTime() - session.lastSeenAt.getTime() >= policy.idleMinutes * 60_000) return { valid: false, reason: 'idle_timeout' };
  return { valid: true };
}

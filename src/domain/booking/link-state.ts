/**
 * Whether a booking or preferences link can still be used, and the identity step's lock. Pure: the
 * link's stored facts and "now" in, an answer out. Unknown, expired, used and revoked links all answer
 * "closed" to the outside (the page says the same thing for each, so a token cannot be probed).
 */
export const linkPurposes = ['booking', 'preferences'] as const;
export type LinkPurpose = (typeof linkPurposes)[number];

/** A link lasts this long unless staff say otherwise. */
export const defaultLinkDays = 14;
export const maxLinkDays = 60;
/** Wrong dates of birth (or codes) before the link locks, and for how long. */
export const wrongAnswersBeforeLock = 3;
export const lockMinutes = 15;
/** After the identity check, the page stays open this long without asking again. */
export const sessionMinutes = 30;
/** A texted code is good this long, and at most this many are sent per link. */
export const codeMinutes = 10;
export const maxCodesPerLink = 3;

export interface LinkFacts {
  purpose: LinkPurpose;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  lockedUntil: Date | null;
  /** The case the link is for: closed or scheduled cases close their booking links. */
  caseState: string | null;
}

export type LinkState = { open: false; why: 'expired' | 'used' | 'revoked' | 'case_closed' } | { open: true; lockedUntil: Date | null };

export function linkState(link: LinkFacts, now: Date): LinkState {
  if (link.revokedAt !== null) return { open: false, why: 'revoked' };
  if (link.usedAt !== null) return { open: false, why: 'used' };
  if (link.expiresAt.getTime() <= now.getTime()) return { open: false, why: 'expired' };
  if (link.purpose === 'booking' && (link.caseState === 'closed' || link.caseState === 'scheduled')) return { open: false, why: 'case_closed' };
  return { open: true, lockedUntil: link.lockedUntil !== null && link.lockedUntil.getTime() > now.getTime() ? link.lockedUntil : null };
}

/** Wrong answers in all on one link before it is revoked (the patient then needs a new link). */
export const wrongAnswersBeforeRevoke = 9;

/**
 * Reserving one identity try before the answer is checked, so parallel guesses cannot share a count:
 * the try that fills a round of three locks the link at once (15 minutes, then an hour: each lock four
 * times the last), and a right answer lifts the lock again. `failedChecks` counts every wrong answer
 * on the link (a right one starts it again); at wrongAnswersBeforeRevoke the link is revoked.
 */
export function reserveTry(failedChecks: number, now: Date): { failedChecks: number; lockedUntil: Date | null } {
  const count = failedChecks + 1;
  if (count % wrongAnswersBeforeLock !== 0) return { failedChecks: count, lockedUntil: null };
  const round = count / wrongAnswersBeforeLock;
  return { failedChecks: count, lockedUntil: new Date(now.getTime() + lockMinutes * 4 ** (round - 1) * 60_000) };
}

/** Tries left before the next lock. */
export function triesBeforeLock(failedChecks: number): number {
  return wrongAnswersBeforeLock - (failedChecks % wrongAnswersBeforeLock);
}

/** The date of birth typed on the page (YYYY-MM-DD from a date field) against the one on file; a patient without one on file cannot confirm this way. */
export function dateOfBirthMatches(typed: string, onFile: string | null): boolean {
  if (onFile === null) return false;
  const m = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/.exec(typed);
  if (!m) return false;
  const normal = `${m[1]}-${(m[2] as string).padStart(2, '0')}-${(m[3] as string).padStart(2, '0')}`;
  return normal === onFile.slice(0, 10);
}

/**
 * One-click unsubscribe (RFC 8058): the link in an email's List-Unsubscribe header. Looking at it
 * changes nothing (mail scanners prefetch links); a POST records an opt-out of email for that address
 * through the durable path. The token is 256 random bits; only its SHA-256 is stored, so the database
 * cannot be used to forge links.
 */
import { createHash } from 'node:crypto';
import { findUnsubscribeLink, markUnsubscribeLinkUsed } from '../../db/queries/unsubscribe-links.js';
import type { Deps } from '../deps.js';
import { recordOptOut } from '../record-opt-out.js';

const tokenShape = /^[A-Za-z0-9_-]{43}$/;

export type UnsubscribeResult = { found: false } | { found: true; alreadyDone: boolean };

export async function checkUnsubscribeLink(deps: Pick<Deps, 'store'>, token: string): Promise<UnsubscribeResult> {
  if (!tokenShape.test(token)) return { found: false };
  const link = await findUnsubscribeLink(deps.store.db, createHash('sha256').update(token).digest('hex'));
  return link ? { found: true, alreadyDone: link.usedAt !== null } : { found: false };
}

export async function unsubscribe(deps: Pick<Deps, 'store' | 'clock' | 'log'>, token: string): Promise<UnsubscribeResult> {
  if (!tokenShape.test(token)) return { found: false };
  const hash = createHash('sha256').update(token).digest('hex');
  const link = await findUnsubscribeLink(deps.store.db, hash);
  if (!link) return { found: false };
  if (link.usedAt === null) {
    await recordOptOut(deps, { patient: { recareId: link.patientId }, contactPointId: link.contactPointId, channel: 'email', purposeClass: null, via: 'email', evidence: 'one-click unsubscribe link' });
    await markUnsubscribeLinkUsed(deps.store.db, hash, deps.clock.now());
  }
  return { found: true, alreadyDone: link.usedAt !== null };
}

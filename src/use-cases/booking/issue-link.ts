/**
 * A booking or preferences link for one patient: for a template's {{booking_link}}, or printed by
 * `recare link` for staff to read out on a call. A booking link goes with the patient's open case.
 */
import { AppError } from '../../domain/errors.js';
import { defaultLinkDays, linkPurposes, maxLinkDays, type LinkPurpose } from '../../domain/booking/link-state.js';
import { insertBookingLink } from '../../db/queries/booking-links.js';
import { findOpenCaseOfPatient } from '../../db/queries/cases.js';
import { findPatientId } from '../../db/queries/gate-facts.js';
import type { LocationScope } from '../../domain/access/index.js';
import { appendAuditEvent } from '../../db/queries/audit-events.js';
import type { Deps } from '../deps.js';
import { newToken, tokenHash } from './link-token.js';

export interface IssueLinkRequest {
  /** The patient's id in the practice system, or Recare's numeric id. */
  patient: string;
  purpose?: string;
  days?: number;
  actorUserId?: number | null;
  scope?: LocationScope;
  /** Where the page is served (https://recare.example.org); null: the path alone. */
  baseUrl: string | null;
}

export interface IssuedLink {
  linkId: number;
  url: string;
  purpose: LinkPurpose;
  caseId: number | null;
  expiresAt: string;
}

export const linkPath = (token: string) => `/b/${token}`;

export async function issueLink(deps: Pick<Deps, 'store' | 'clock'>, request: IssueLinkRequest): Promise<IssuedLink> {
  const { db } = deps.store;
  const now = deps.clock.now();
  const purpose = request.purpose ?? 'booking';
  if (!(linkPurposes as readonly string[]).includes(purpose)) {
    throw new AppError('invalid_input', `Purpose ${JSON.stringify(purpose)} is not a link purpose; allowed: ${linkPurposes.join(', ')}.`, [{ path: 'purpose', value: purpose, message: `one of ${linkPurposes.join(', ')}` }]);
  }
  const days = request.days ?? defaultLinkDays;
  if (!Number.isInteger(days) || days < 1 || days > maxLinkDays) {
    throw new AppError('invalid_input', `A link lasts 1 to ${maxLinkDays} days; ${String(days)} was given.`, [{ path: 'days', value: String(days), message: `1 to ${maxLinkDays}` }]);
  }
  const patientId = await findPatientId(db, request.patient, request.scope);
  if (patientId === undefined) throw new AppError('not_found', `No patient has the id ${JSON.stringify(request.patient)}${request.scope ? ' in your offices' : ''}. Use the practice-management system's patient id (e.g. D0000042) or Recare's numeric id.`);
  const theCase = await findOpenCaseOfPatient(db, patientId);
  if (purpose === 'booking' && !theCase) {
    throw new AppError('conflict', `Patient ${request.patient} has no open case, so there is nothing to book; a preferences link (--purpose preferences) still works.`);
  }
  const token = newToken();
  const expiresAt = new Date(now.getTime() + days * 86_400_000);
  const linkId = await insertBookingLink(db, { tokenSha256: tokenHash(token), purpose: purpose as LinkPurpose, patientId, caseId: theCase?.id ?? null, createdBy: request.actorUserId ?? null, now, expiresAt });
  await appendAuditEvent(db, {
    actorUserId: request.actorUserId ?? null, actorKind: request.actorUserId ? 'user' : 'cli', action: 'link.issue', entityType: 'booking_link', entityId: String(linkId), patientId,
    remoteAddress: null, details: { purpose, caseId: theCase?.id ?? null, expiresAt: expiresAt.toISOString() },
  });
  return { linkId, url: `${request.baseUrl ?? ''}${linkPath(token)}`, purpose: purpose as LinkPurpose, caseId: theCase?.id ?? null, expiresAt: expiresAt.toISOString() };
}

/**
 * A booking link for one message ({{booking_link}}), minted as the message is rendered: one per
 * message, for the message's case, 14 days. Null without a public address (a link must be tappable).
 * The token comes back too: it is the message's secret, masked in the stored text once it has left.
 */
export async function mintMessageLink(db: Parameters<typeof insertBookingLink>[0], request: { patientId: number; caseId: number | null; now: Date; baseUrl: string | null }): Promise<{ url: string; token: string } | null> {
  if (!request.baseUrl || request.caseId === null) return null;
  const token = newToken();
  await insertBookingLink(db, { tokenSha256: tokenHash(token), purpose: 'booking', patientId: request.patientId, caseId: request.caseId, createdBy: null, now: request.now, expiresAt: new Date(request.now.getTime() + defaultLinkDays * 86_400_000) });
  return { url: `${request.baseUrl}${linkPath(token)}`, token };
}

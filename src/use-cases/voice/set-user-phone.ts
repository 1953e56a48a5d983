/**
 * A staff member's own phone, which click-to-call rings first: set by the user on their Account page,
 * by an administrator on the Users page, or with `recare users set-phone`. Validated and kept in E.164;
 * null clears it. Audited without the number (ids only).
 */
import { AppError } from '../../domain/errors.js';
import { parseStaffPhone } from '../../domain/voice/index.js';
import { appendAuditEvent } from '../../db/queries/audit-events.js';
import { setUserPhone } from '../../db/queries/calls.js';
import { findUserByEmail, findUserById } from '../../db/queries/users.js';
import type { Deps } from '../deps.js';

export interface SetUserPhoneRequest {
  /** The user, by id (HTTP) or sign-in email (CLI). */
  userId?: number;
  email?: string;
  phone: string | null;
  actor: { userId: number | null; kind: 'user' | 'cli' };
  /** The caller's address (HTTP), for the audit log. */
  remoteAddress?: string | null;
}

export async function setStaffPhone(deps: Pick<Deps, 'store'>, request: SetUserPhoneRequest): Promise<{ userId: number; phone: string | null }> {
  const { db } = deps.store;
  const user = request.userId !== undefined ? await findUserById(db, request.userId) : request.email ? await findUserByEmail(db, request.email) : undefined;
  if (!user) throw new AppError('not_found', request.email ? `No user has the email ${JSON.stringify(request.email.trim())}; \`recare users list\` shows them.` : `No user #${request.userId ?? '?'}.`);
  let phone: string | null = null;
  if (request.phone !== null) {
    const checked = parseStaffPhone(request.phone);
    if (!checked.ok) throw new AppError('invalid_input', checked.message, [{ path: 'phone', value: request.phone, message: 'not a valid phone number' }]);
    phone = checked.e164;
  }
  // The change and its audit entry together, or neither.
  await deps.store.transaction(async (tx) => {
    await setUserPhone(tx.db, user.id, phone);
    await appendAuditEvent(tx.db, {
      actorUserId: request.actor.userId, actorKind: request.actor.kind, action: 'user.phone', entityType: 'user', entityId: String(user.id), patientId: null,
      remoteAddress: request.remoteAddress ?? null, details: { set: phone !== null },
    });
  });
  return { userId: user.id, phone };
}

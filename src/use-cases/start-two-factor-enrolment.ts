/**
 * A manager or admin starts TOTP enrolment: a new secret, kept pending (the factor stays off) until a
 * first valid code confirms it, shown as a QR code and as text for typing into an authenticator app.
 * It asks for the current password first: a session left open must not bind someone else's phone.
 */
import { rolesWithSecondFactor } from '../domain/access/index.js';
import { AppError } from '../domain/errors.js';
import { newTotpSecret, totpUri } from '../auth/totp.js';
import { totpQrCodeDataUrl } from '../auth/totp-qr-code.js';
import { appendAuditEvent } from '../db/queries/audit-events.js';
import { setPendingTotpSecret } from '../db/queries/users.js';
import { forgetFailures } from './credentials/check-password.js';
import { confirmCurrentPassword } from './credentials/confirm-current-password.js';
import type { Deps } from './deps.js';
import type { ActiveSession } from './resolve-session.js';

export interface TwoFactorEnrolment {
  /** Base32, for typing into an app that cannot scan. */
  secret: string;
  otpauthUri: string;
  /** The same URI as a QR code: an SVG image as a data URL. */
  qrCode: string;
}

export async function startTwoFactorEnrolment(deps: Pick<Deps, 'store' | 'clock'>, session: ActiveSession, request: { currentPassword: string; remoteAddress: string | null }): Promise<TwoFactorEnrolment> {
  const { user } = session;
  const { remoteAddress } = request;
  if (!rolesWithSecondFactor.has(user.role)) throw new AppError('forbidden', `A second factor is for ${[...rolesWithSecondFactor].join(' and ')} accounts; yours is ${user.role}.`);
  if (user.totpEnabled) throw new AppError('conflict', 'Your second factor is already on. To enrol another authenticator, remove it first (current password and a code).');
  await forgetFailures(deps, (await confirmCurrentPassword(deps, user, request.currentPassword, { action: 'user.totp_enrolment_failed', remoteAddress })).emailKey);
  const secret = newTotpSecret();
  await setPendingTotpSecret(deps.store.db, user.id, secret);
  const otpauthUri = totpUri(secret, user.email);
  await appendAuditEvent(deps.store.db, { actorUserId: user.id, actorKind: 'user', action: 'user.totp_enrolment_started', entityType: 'user', entityId: String(user.id), patientId: null, remoteAddress, details: {} });
  return { secret, otpauthUri, qrCode: await totpQrCodeDataUrl(otpauthUri) };
}

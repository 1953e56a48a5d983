/** TOTP second factor (RFC 6238, 30 s, 6 digits) for managers and admins who turn it on. */
import { Secret, TOTP } from 'otpauth';

const periodSeconds = 30;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUri(secret: string, account: string): string {
  return new TOTP({ issuer: 'Recare', label: account, secret: Secret.fromBase32(secret) }).toString();
}

/**
 * The time step a code belongs to (one step either side of `at` is accepted for clock drift), or null
 * when the code is not valid. Callers store the step so the same code cannot be used twice.
 */
export function totpStep(secret: string, code: string, at: Date): number | null {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const totp = new TOTP({ issuer: 'Recare', secret: Secret.fromBase32(secret) });
  const delta = totp.validate({ token, timestamp: at.getTime(), window: 1 });
  return delta === null ? null : Math.floor(at.getTime() / 1000 / periodSeconds) + delta;
}

export function verifyTotp(secret: string, code: string, at: Date): boolean {
  return totpStep(secret, code, at) !== null;
}

export function totpCode(secret: string, at: Date): string {
  return new TOTP({ issuer: 'Recare', secret: Secret.fromBase32(secret) }).generate({ timestamp: at.getTime() });
}

/** Whether a typed second-factor code looks like a TOTP code (otherwise it is read as a recovery code). */
export function looksLikeTotpCode(code: string): boolean {
  return /^\d{6}$/.test(code.replace(/\s/g, ''));
}

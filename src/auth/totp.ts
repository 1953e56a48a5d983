/** TOTP second factor (RFC 6238, 30 s, 6 digits) for managers and admins who turn it on. */
import { Secret, TOTP } from 'otpauth';

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUri(secret: string, account: string): string {
  return new TOTP({ issuer: 'Recare', label: account, secret: Secret.fromBase32(secret) }).toString();
}

export function verifyTotp(secret: string, code: string, at: Date): boolean {
  const totp = new TOTP({ issuer: 'Recare', secret: Secret.fromBase32(secret) });
  return totp.validate({ token: code.replace(/\s/g, ''), timestamp: at.getTime(), window: 1 }) !== null;
}

export function totpCode(secret: string, at: Date): string {
  return new TOTP({ issuer: 'Recare', secret: Secret.fromBase32(secret) }).generate({ timestamp: at.getTime() });
}

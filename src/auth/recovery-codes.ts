/**
 * Recovery codes for a lost authenticator: ten random codes shown once at enrolment, each usable once.
 * Only their SHA-256 is stored; at ~74 bits each (three groups of five from a 31-letter alphabet) a
 * fast hash is enough, and sign-in can look a code up directly instead of trying every stored hash.
 */
import { randomBytes } from 'node:crypto';
import { sha256 } from './tokens.js';

const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
export const recoveryCodeCount = 10;

export function newRecoveryCodes(count = recoveryCodeCount): string[] {
  return Array.from({ length: count }, () => {
    const chars = [...randomBytes(15)].map((b) => alphabet[b % alphabet.length]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5, 10)}-${chars.slice(10, 15)}`;
  });
}

/** Typed codes are compared without case, spaces or dashes. */
export function recoveryCodeHash(code: string): string {
  return sha256(`recovery:${code.toLowerCase().replace(/[\s-]/g, '')}`);
}

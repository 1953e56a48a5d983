/**
 * Seals short secrets (a practice system's API keys) for storage: AES-256-GCM under the key in
 * RECARE_SECRET_KEY, a fresh 96-bit nonce per seal, and the column's name as associated data, so a
 * sealed value copied into another column, or altered, fails to open instead of yielding a key.
 * Sealed form: `v1.<nonce>.<tag>.<ciphertext>`, each part base64url. The version prefix leaves room to
 * rotate the algorithm; rotating the key means re-entering the keys (nothing else is sealed with it).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../domain/errors.js';
import type { SecretSealer } from '../use-cases/practice-system/secret-sealer.js';

const version = 'v1';

export function createSecretBox(key: Buffer): SecretSealer {
  if (key.length !== 32) throw new Error(`a secret box needs a 32-byte key; given ${key.length} bytes`);
  return {
    seal(plain: string, purpose: string): string {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(Buffer.from(purpose, 'utf8'));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [version, nonce.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    },
    open(sealed: string, purpose: string): string {
      const [v, nonce, tag, body] = sealed.split('.');
      if (v !== version || nonce === undefined || tag === undefined || body === undefined) {
        throw new AppError('invalid_config', `A stored ${purpose} is not in a form this version of Recare reads (expected ${version}); enter it again.`);
      }
      try {
        // The full 16-byte tag only: a shortened one would weaken the forgery check.
        const tagBytes = Buffer.from(tag, 'base64url');
        if (tagBytes.length !== 16) throw new Error('short tag');
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'), { authTagLength: 16 });
        decipher.setAAD(Buffer.from(purpose, 'utf8'));
        decipher.setAuthTag(tagBytes);
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new AppError('invalid_config', `The stored ${purpose} cannot be opened with this RECARE_SECRET_KEY: the key changed since it was saved, or the value was altered. Set the key it was saved with, or enter the keys again.`);
      }
    },
  };
}

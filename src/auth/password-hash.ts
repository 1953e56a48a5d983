/** argon2id password hashes (OWASP-recommended parameters are argon2's defaults: 64 MiB, t=3, p=4). */
import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

// A hash of a random secret nobody knows, with the same parameters as real ones: checking a password
// against it costs exactly what a real check costs, so a missing account or a locked one cannot be
// told apart by how long the answer takes.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (!hash) {
    dummyHash ??= hashPassword(randomBytes(32).toString('base64url'));
    await argon2.verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

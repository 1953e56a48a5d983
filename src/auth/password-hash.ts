/** argon2id password hashes (OWASP-recommended parameters are argon2's defaults: 64 MiB, t=3, p=4). */
import argon2 from 'argon2';

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  // Without a hash still spend the time of a verification, so timing does not reveal which accounts exist.
  if (!hash) {
    await argon2.hash(password, { type: argon2.argon2id }).catch(() => undefined);
    return false;
  }
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

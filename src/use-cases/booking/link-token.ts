/**
 * Link tokens: 256 random bits, base64url, in the link's path; only their SHA-256 is stored, so the
 * database cannot be used to forge a link. The same shape serves the page's confirmed-visit cookie.
 */
import { createHash, randomBytes } from 'node:crypto';

const tokenShape = /^[A-Za-z0-9_-]{43}$/;

export const newToken = (): string => randomBytes(32).toString('base64url');
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');
export const looksLikeToken = (token: string | undefined): token is string => token !== undefined && tokenShape.test(token);

/**
 * The secret box that seals practice-system keys at rest: a sealed key opens with the same key and
 * purpose only; a different RECARE_SECRET_KEY, another column's purpose or an altered byte is refused
 * with a message saying what to do, and the sealed form never contains the plain key.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox } from '../../src/connectors/secret-box.js';
import { loadConfig } from '../../src/config.js';
import { AppError } from '../../src/domain/errors.js';

const failure = (f: () => unknown): AppError => {
  try {
    f();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected a failure');
};

describe('secret box', () => {
  const key = randomBytes(32);
  const box = createSecretBox(key);
  const plain = 'VzkmZEaUWOjnQX2z';

  it('seals with a fresh nonce each time and opens only for the same purpose', () => {
    const a = box.seal(plain, 'practice_connectors.customer_key_sealed');
    const b = box.seal(plain, 'practice_connectors.customer_key_sealed');
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain(plain);
    expect(box.open(a, 'practice_connectors.customer_key_sealed')).toBe(plain);
    const swapped = failure(() => box.open(a, 'practice_connectors.developer_key_sealed'));
    expect(swapped.code).toBe('invalid_config');
    expect(swapped.message).toBe('The stored practice_connectors.developer_key_sealed cannot be opened with this RECARE_SECRET_KEY: the key changed since it was saved, or the value was altered. Set the key it was saved with, or enter the keys again.');
  });

  it('refuses another key, an altered value and an unknown form', () => {
    const sealed = box.seal(plain, 'k');
    expect(failure(() => createSecretBox(randomBytes(32)).open(sealed, 'k')).code).toBe('invalid_config');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3] as string, 'base64url');
    body[0] = (body[0] as number) ^ 1;
    expect(failure(() => box.open([parts[0], parts[1], parts[2], body.toString('base64url')].join('.'), 'k')).message).toContain('cannot be opened with this RECARE_SECRET_KEY');
    const unknown = failure(() => box.open('v0.abc', 'k'));
    expect(unknown.code).toBe('invalid_config');
    expect(unknown.message).toBe('A stored k is not in a form this version of Recare reads (expected v1); enter it again.');
  });

  it('takes RECARE_SECRET_KEY as base64 or hex, and refuses anything else without echoing it', () => {
    expect(loadConfig({ RECARE_SECRET_KEY: key.toString('base64') }).secretKey).toEqual(key);
    expect(loadConfig({ RECARE_SECRET_KEY: key.toString('hex') }).secretKey).toEqual(key);
    expect(loadConfig({ RECARE_SECRET_KEY: key.toString('base64url') }).secretKey).toEqual(key);
    expect(loadConfig({}).secretKey).toBeNull();
    const error = failure(() => loadConfig({ RECARE_SECRET_KEY: 'too-short-secret' }));
    expect(error.code).toBe('invalid_config');
    expect(error.message).toBe('Configuration is not valid:\n  RECARE_SECRET_KEY="(hidden)": must be 32 random bytes as base64 (44 characters) or hex (64 characters); generate one with `openssl rand -base64 32`');
    expect(error.message).not.toContain('too-short-secret');
  });
});

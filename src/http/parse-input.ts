/** Validates a request body or query with zod and turns problems into one invalid_input error. */
import type { z } from 'zod';
import { AppError } from '../domain/errors.js';

export function parseBody<T extends z.ZodType>(schema: T, input: unknown, what = 'Request body'): z.infer<T> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => {
    const path = i.path.join('.') || '(body)';
    const value = i.path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k as string] : undefined), input);
    // Never echo a password back.
    return { path, value: /password/i.test(path) ? undefined : value, message: i.message };
  });
  throw new AppError('invalid_input', `${what} is not valid: ${issues.map((i) => `${i.path}${i.value !== undefined ? `=${JSON.stringify(i.value)}` : ''}: ${i.message}`).join('; ')}`, issues);
}

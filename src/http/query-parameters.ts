/** A query parameter a route does not take is refused by name (a typo like "form" would otherwise silently give the default). */
import { AppError } from '../domain/errors.js';

export function refuseUnknownParameters(query: unknown, parameters: readonly string[], of: string): void {
  const unknown = Object.keys((query ?? {}) as Record<string, unknown>).filter((key) => !parameters.includes(key));
  if (unknown.length === 0) return;
  const issues = unknown.map((key) => ({ path: key, value: (query as Record<string, unknown>)[key], message: `is not a parameter of ${of}; parameters: ${parameters.join(', ')}` }));
  throw new AppError('invalid_input', `Query is not valid: ${unknown.map((k) => `"${k}"`).join(', ')} ${unknown.length === 1 ? 'is not a parameter' : 'are not parameters'} of ${of}; parameters: ${parameters.join(', ')}`, issues);
}

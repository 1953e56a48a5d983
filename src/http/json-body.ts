/**
 * JSON request bodies. Parsing itself copes with any depth, but everything after it that walks a
 * value (validation, the NUL check, quoting a bad value back in a message) recurses, so ~10 KB of
 * `[[[[…]]]]` overflowed the stack on every JSON route. The nesting depth is checked on the text
 * first, in one pass, and anything deeper than a real request needs is refused as bad input;
 * the rest goes to Fastify's own parser (prototype-poisoning checks included).
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../domain/errors.js';

/** No request body Recare takes nests deeper than a handful of levels; 32 leaves room to grow. */
export const maxJsonDepth = 32;

export function installJsonBodyParser(server: FastifyInstance): void {
  const { onProtoPoisoning = 'error', onConstructorPoisoning = 'error' } = server.initialConfig;
  const parseJson = server.getDefaultJsonParser(onProtoPoisoning, onConstructorPoisoning);
  server.removeContentTypeParser('application/json');
  server.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (exceedsJsonDepth(text, maxJsonDepth)) {
      done(new AppError('invalid_input', `The JSON body nests arrays and objects more than ${maxJsonDepth} levels deep; at most ${maxJsonDepth} levels are allowed.`), undefined);
      return;
    }
    parseJson(request, text, done);
  });
}

/** Whether brackets outside strings nest deeper than `max`; stops at the first level too deep. */
export function exceedsJsonDepth(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * Whether a browser's `Origin` header names this server: scheme, host and port all match the
 * address the request came in on (the proxy's, when X-Forwarded-* is trusted). Any Origin that is
 * not an http(s) URL (`null` from a sandboxed page or file://, `not a url`, a host with a port
 * that is not a number) is simply not this server: a refusal, never an exception.
 */
import type { FastifyRequest } from 'fastify';

export function isSameOrigin(request: FastifyRequest, origin: string): boolean {
  const given = parseOrigin(origin);
  const own = parseOrigin(`${request.protocol}://${request.host}`);
  return given !== null && own !== null && given === own;
}

/** The serialised origin (`http://127.0.0.1:3222`, default port dropped), or null if it is not an http(s) URL. */
function parseOrigin(text: string): string | null {
  if (!URL.canParse(text)) return null;
  const url = new URL(text);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
}

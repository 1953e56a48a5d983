/** Signing in against an in-process server and carrying the cookie and CSRF token along. */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';

export interface SignedInClient {
  cookie: string;
  csrfToken: string;
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
}

export async function signInAs(server: FastifyInstance, email: string, password: string, totpCode?: string): Promise<SignedInClient> {
  const response = await server.inject({ method: 'POST', url: '/api/session', payload: { email, password, ...(totpCode ? { totpCode } : {}) } });
  if (response.statusCode !== 200) throw new Error(`sign-in as ${email} failed: ${response.statusCode} ${response.body}`);
  const setCookie = [response.headers['set-cookie']].flat().find((c) => c?.startsWith('recare_session='));
  const cookie = (setCookie as string).split(';')[0] as string;
  const csrfToken = response.json().csrfToken as string;
  return {
    cookie,
    csrfToken,
    request: (options) => server.inject({ ...options, headers: { ...(options.headers ?? {}), cookie, 'x-csrf-token': csrfToken } }),
  };
}

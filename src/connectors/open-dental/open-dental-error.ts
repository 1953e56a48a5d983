/**
 * Why a call to Open Dental failed, in words an office admin can act on. The message never holds a
 * key: it is built from the method, the path, the status and Open Dental's own explanation, and that
 * explanation is scrubbed of the keys before it is quoted (a server could echo a header back).
 */
export type OpenDentalFailure =
  /** 401: the developer/customer key pair was refused. */
  | 'unauthorized'
  /** 403: the key pair lacks the permission (Open Dental sells permissions per key). */
  | 'forbidden'
  /** 429 until the retries ran out, or a Retry-After longer than we wait. */
  | 'rate_limited'
  /** 5xx until the retries ran out. */
  | 'server_error'
  /** No HTTP answer: refused connection, reset, DNS, timeout. */
  | 'network'
  /** 400, 404, 405…: the request itself is wrong; retrying cannot help. */
  | 'rejected'
  /** A 2xx whose body is not what the documentation promises. */
  | 'invalid_response';

export class OpenDentalError extends Error {
  override readonly name = 'OpenDentalError';

  constructor(
    readonly failure: OpenDentalFailure,
    message: string,
    /** The HTTP status of the last answer; null when there was none. */
    readonly status: number | null,
    readonly method: string,
    /** The API path without its query, e.g. /patients/Simple. */
    readonly path: string,
    readonly attempts: number,
  ) {
    super(message);
  }

  /** Whether a later run may succeed without anyone changing the settings. */
  get transient(): boolean {
    return this.failure === 'rate_limited' || this.failure === 'server_error' || this.failure === 'network';
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, failure: this.failure, message: this.message, status: this.status, method: this.method, path: this.path, attempts: this.attempts };
  }
}

/** Replaces every occurrence of a secret with [redacted]; empty secrets are ignored. */
export function scrub(text: string, secrets: readonly string[]): string {
  let clean = text;
  for (const secret of secrets) if (secret !== '') clean = clean.split(secret).join('[redacted]');
  return clean;
}

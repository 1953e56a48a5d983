import { AppError } from '../../domain/errors.js';

/**
 * How Recare reaches an office's Open Dental (channels.md §6, opendental.com/site/apilocal.html):
 *   - service: the API Service on the office's database server, port 30223, inside the office network
 *     (credentials revalidated every 6 hours, 10–20× faster than Remote); the URL names that server;
 *   - remote: through Open Dental's servers and the office's eConnector;
 *   - local: the API inside a running Open Dental workstation, port 30222.
 * Remote pages hold at most 100 rows; Service and Local at most 1000.
 */
export type OpenDentalMode = 'service' | 'remote' | 'local';
export const openDentalModes: readonly OpenDentalMode[] = ['service', 'remote', 'local'];

export const remoteBaseUrl = 'https://api.opendental.com/api/v1';
export const localBaseUrl = 'http://localhost:30222/api/v1';
export const pageSizes: Readonly<Record<OpenDentalMode, number>> = { remote: 100, service: 1000, local: 1000 };

export interface OpenDentalConnection {
  mode: OpenDentalMode;
  /** Without a trailing slash, e.g. https://api.opendental.com/api/v1. */
  baseUrl: string;
  pageSize: number;
}

/** The base URL and page size for a mode; a URL given overrides the mode's usual one (Service mode needs one). */
export function resolveConnection(mode: OpenDentalMode, url?: string | null): OpenDentalConnection {
  if (!openDentalModes.includes(mode)) {
    throw new AppError('invalid_config', `Open Dental mode ${JSON.stringify(mode)} is not one of ${openDentalModes.join(', ')}`);
  }
  const given = url?.trim() ? url.trim() : null;
  const chosen = given ?? (mode === 'remote' ? remoteBaseUrl : mode === 'local' ? localBaseUrl : null);
  if (chosen === null) {
    throw new AppError('invalid_config', 'Open Dental API Service mode needs the URL of the server that runs the service, e.g. http://192.168.1.20:30223/api/v1');
  }
  let parsed: URL;
  try {
    parsed = new URL(chosen);
  } catch {
    throw new AppError('invalid_config', `Open Dental URL ${JSON.stringify(chosen)} is not a URL; use e.g. ${mode === 'remote' ? remoteBaseUrl : 'http://192.168.1.20:30223/api/v1'}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new AppError('invalid_config', `Open Dental URL ${JSON.stringify(chosen)} must start with http:// or https://`);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new AppError('invalid_config', 'Open Dental URL must not carry a user name or password; the keys go in the developer and customer key settings');
  }
  return { mode, baseUrl: chosen.replace(/\/+$/, ''), pageSize: pageSizes[mode] };
}

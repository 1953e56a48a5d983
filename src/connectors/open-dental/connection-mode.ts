import { AppError } from '../../domain/errors.js';
import { defaultBaseUrls, openDentalModes, pageSizes, type OpenDentalMode } from '../../domain/practice-system/open-dental-connection.js';

/**
 * Where the client sends its requests and how many rows it asks per page, from the connection's mode
 * (domain/practice-system/open-dental-connection.ts holds the modes, their usual URLs and page sizes).
 */
export type { OpenDentalMode };
export { openDentalModes, pageSizes };
export const remoteBaseUrl = defaultBaseUrls.remote as string;
export const localBaseUrl = defaultBaseUrls.local as string;

export interface OpenDentalEndpoint {
  mode: OpenDentalMode;
  /** Without a trailing slash, e.g. https://api.opendental.com/api/v1. */
  baseUrl: string;
  pageSize: number;
}

/** The base URL and page size for a mode; a URL given overrides the mode's usual one (Service mode needs one). */
export function resolveConnection(mode: OpenDentalMode, url?: string | null): OpenDentalEndpoint {
  if (!openDentalModes.includes(mode)) {
    throw new AppError('invalid_config', `Open Dental mode ${JSON.stringify(mode)} is not one of ${openDentalModes.join(', ')}`);
  }
  const given = url?.trim() ? url.trim() : null;
  const chosen = given ?? defaultBaseUrls[mode] ?? null;
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

/**
 * How Recare reaches a practice's Open Dental (docs: shared channels.md §6): the mode, the API's base
 * URL, the two keys of the `Authorization: ODFHIR {developer}/{customer}` header, how often to sync, and
 * what to write back. Checked here, every problem reported with what was given and what is allowed —
 * except the keys, which are never echoed (only their length).
 *
 * Modes: 'remote' goes through Open Dental's servers (https://api.opendental.com/api/v1, pages of 100);
 * 'local' talks to the API on the workstation running Open Dental (http://localhost:30222/api/v1);
 * 'service' talks to the API Service inside the office network (its host and port 30223 vary, so its
 * URL must be given). Service and local pages hold 1000 rows.
 */
import type { ErrorIssue } from '../errors.js';

export const openDentalModes = ['service', 'remote', 'local'] as const;
export type OpenDentalMode = (typeof openDentalModes)[number];

export const defaultBaseUrls: Record<OpenDentalMode, string | null> = {
  remote: 'https://api.opendental.com/api/v1',
  local: 'http://localhost:30222/api/v1',
  service: null,
};

/** Rows per page the API gives in each mode (its maximum `Limit`). */
export const pageSizes: Record<OpenDentalMode, number> = { remote: 100, service: 1000, local: 1000 };

export interface WriteBackSettings {
  /** Each outreach attempt becomes a comm log in the patient's chart. */
  commlogs: boolean;
  /** Confirmations update the appointment's confirmation status. */
  confirmations: boolean;
  /** Bookings staff confirm from booking requests create the appointment in Open Dental (off by default). */
  createAppointments: boolean;
}

export interface OpenDentalConnection {
  mode: OpenDentalMode;
  baseUrl: string;
  /** null: keep the stored keys (a change of mode, URL or settings only). */
  keys: { developerKey: string; customerKey: string } | null;
  syncEveryMinutes: number;
  writeBack: WriteBackSettings;
}

export const defaultWriteBack: WriteBackSettings = { commlogs: true, confirmations: true, createAppointments: false };
export const defaultSyncEveryMinutes = 10;

const keyPattern = /^[A-Za-z0-9_-]{8,128}$/;

export type ParsedConnection = { ok: true; connection: OpenDentalConnection } | { ok: false; issues: ErrorIssue[] };

/**
 * Parses a connection request (`{ mode, url?, developerKey?, customerKey?, syncEveryMinutes?, writeBack? }`).
 * `current` is what is stored, if anything: without it, both keys are required; with it, both or neither.
 */
export function parseOpenDentalConnection(input: unknown, current: { hasKeys: boolean } | null): ParsedConnection {
  const raw = input !== null && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : null;
  if (raw === null) return { ok: false, issues: [{ path: '(body)', value: input, message: 'must be an object: { mode, url, developerKey, customerKey, syncEveryMinutes, writeBack }' }] };
  const issues: ErrorIssue[] = [];
  const allowedFields = ['mode', 'url', 'developerKey', 'customerKey', 'syncEveryMinutes', 'writeBack'];
  for (const field of Object.keys(raw)) {
    if (!allowedFields.includes(field)) issues.push({ path: field, message: `is not a connection setting; allowed: ${allowedFields.join(', ')}` });
  }

  const mode = raw.mode;
  const isMode = (v: unknown): v is OpenDentalMode => typeof v === 'string' && (openDentalModes as readonly string[]).includes(v);
  if (!isMode(mode)) issues.push({ path: 'mode', value: mode ?? null, message: `must be one of ${openDentalModes.join(', ')} (API Service in the office network, Remote through Open Dental's servers, Local on the workstation)` });

  let baseUrl: string | null = null;
  if (raw.url === undefined || raw.url === null || raw.url === '') {
    baseUrl = isMode(mode) ? defaultBaseUrls[mode] : null;
    if (isMode(mode) && baseUrl === null) issues.push({ path: 'url', message: 'is required in service mode: the API Service\'s address in the office network, like http://192.168.1.20:30223/api/v1' });
  } else {
    baseUrl = checkUrl(raw.url, issues);
  }

  const developerKey = raw.developerKey;
  const customerKey = raw.customerKey;
  const keysGiven = [developerKey, customerKey].filter((k) => k !== undefined && k !== null && k !== '').length;
  let keys: OpenDentalConnection['keys'] = null;
  if (keysGiven === 0) {
    if (!current?.hasKeys) issues.push({ path: 'developerKey', message: 'is required, with customerKey: the keys Open Dental issued (Setup > Advanced > API for the customer key)' });
  } else if (keysGiven === 1) {
    issues.push({ path: developerKey === undefined || developerKey === null || developerKey === '' ? 'developerKey' : 'customerKey', message: 'is missing: give both keys together (the other one was given)' });
  } else {
    const developerOk = checkKey('developerKey', developerKey, issues);
    const customerOk = checkKey('customerKey', customerKey, issues);
    if (developerOk && customerOk) keys = { developerKey: developerKey as string, customerKey: customerKey as string };
  }

  let syncEveryMinutes = defaultSyncEveryMinutes;
  if (raw.syncEveryMinutes !== undefined) {
    const n = raw.syncEveryMinutes;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 1440) issues.push({ path: 'syncEveryMinutes', value: n, message: 'must be a whole number of minutes from 1 to 1440' });
    else syncEveryMinutes = n;
  }

  let writeBack = defaultWriteBack;
  if (raw.writeBack !== undefined) {
    const w = raw.writeBack;
    if (w === null || typeof w !== 'object' || Array.isArray(w)) {
      issues.push({ path: 'writeBack', value: w, message: 'must be an object: { commlogs, confirmations, createAppointments }, each true or false' });
    } else {
      const given = w as Record<string, unknown>;
      const next = { ...defaultWriteBack };
      for (const [key, value] of Object.entries(given)) {
        if (!(key in defaultWriteBack)) issues.push({ path: `writeBack.${key}`, message: 'is not a write-back setting; allowed: commlogs, confirmations, createAppointments' });
        else if (typeof value !== 'boolean') issues.push({ path: `writeBack.${key}`, value, message: 'must be true or false' });
        else next[key as keyof WriteBackSettings] = value;
      }
      writeBack = next;
    }
  }

  if (issues.length > 0 || !isMode(mode) || baseUrl === null) return { ok: false, issues };
  return { ok: true, connection: { mode, baseUrl, keys, syncEveryMinutes, writeBack } };
}

function checkUrl(value: unknown, issues: ErrorIssue[]): string | null {
  const shape = 'an http(s) address without a user, password, query or fragment, like https://api.opendental.com/api/v1';
  if (typeof value !== 'string') {
    issues.push({ path: 'url', value, message: `must be ${shape}` });
    return null;
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    issues.push({ path: 'url', value, message: `is not an address; must be ${shape}` });
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    issues.push({ path: 'url', value: url.username || url.password ? '(an address with a user or password, hidden)' : value, message: `must be ${shape}` });
    return null;
  }
  return url.toString().replace(/\/+$/, '');
}

function checkKey(path: string, value: unknown, issues: ErrorIssue[]): boolean {
  if (typeof value === 'string' && keyPattern.test(value)) return true;
  const given = typeof value === 'string' ? `(hidden, ${value.length} characters)` : typeof value;
  issues.push({ path, value: given, message: 'must be the key as Open Dental issued it: 8 to 128 letters and digits (no spaces)' });
  return false;
}

/**
 * The port "Test connection" asks Open Dental through (src/connectors/open-dental/connection-probe.ts
 * implements it over the API client): one small read per list the sync reads, and one write that
 * cannot create anything. Failures come back as values, in words an office admin can act on, never
 * holding a key.
 */
import type { OpenDentalMode } from '../../domain/practice-system/open-dental-connection.js';

export type OpenDentalList = 'patients' | 'appointments' | 'procedurelogs' | 'recalls' | 'treatplans' | 'commlogs';
export type OpenDentalWrite = 'commlogs';

export type ProbeAnswer = { ok: true } | { ok: false; failure: 'unauthorized' | 'forbidden' | 'rate_limited' | 'server_error' | 'network' | 'rejected' | 'invalid_response'; message: string };

export interface OpenDentalProbe {
  /** Reads one row of the list (a page of one). */
  read(list: OpenDentalList): Promise<ProbeAnswer>;
  /**
   * Whether the keys may write: asks to create an empty record, which Open Dental refuses as
   * incomplete (400) when the key may write it, and with 401/403 when it may not. Nothing is created.
   */
  mayWrite(what: OpenDentalWrite): Promise<ProbeAnswer>;
}

export type OpenDentalProbeFactory = (endpoint: { mode: OpenDentalMode; baseUrl: string; developerKey: string; customerKey: string }) => OpenDentalProbe;

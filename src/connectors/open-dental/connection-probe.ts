/**
 * "Test connection" over the API client: a page of one row per list, and for writes an empty comm log
 * that Open Dental refuses as incomplete when the key may write (and with 401/403 when it may not), so
 * the test creates nothing. Two tries per request, a short timeout: a test answers in seconds.
 */
import type { OpenDentalList, OpenDentalProbe, OpenDentalProbeFactory, OpenDentalWrite, ProbeAnswer } from '../../use-cases/practice-system/open-dental-probe.js';
import { OpenDentalClient, type OpenDentalClientOptions } from './client.js';
import { OpenDentalError } from './open-dental-error.js';

const paths: Record<OpenDentalList, string> = {
  patients: '/patients/Simple', appointments: '/appointments', procedurelogs: '/procedurelogs', recalls: '/recalls', treatplans: '/treatplans', commlogs: '/commlogs',
};
const writePaths: Record<OpenDentalWrite, string> = { commlogs: '/commlogs' };

export function openDentalProbeFactory(options: Pick<OpenDentalClientOptions, 'fetch' | 'sleep' | 'log'> = {}): OpenDentalProbeFactory {
  return (endpoint) => {
    const client = new OpenDentalClient({
      mode: endpoint.mode, url: endpoint.baseUrl, developerKey: endpoint.developerKey, customerKey: endpoint.customerKey,
      retry: { maxAttempts: 2, baseDelayMs: 500, maxDelayMs: 2_000, maxRetryAfterMs: 5_000 }, requestTimeoutMs: 15_000, ...options,
    });
    const probe: OpenDentalProbe = {
      read: (list) => answerOf(client.request('GET', paths[list], { Limit: 1 })),
      async mayWrite(what) {
        const answer = await answerOf(client.request('POST', writePaths[what], {}, {}));
        // An empty record accepted would be a server that checks nothing: say so rather than claim success quietly.
        if (answer.ok) return { ok: false, failure: 'invalid_response', message: `Open Dental accepted an empty ${what} record; check the address is Open Dental's API.` };
        return answer.failure === 'rejected' ? { ok: true } : answer;
      },
    };
    return probe;
  };
}

async function answerOf(request: Promise<unknown>): Promise<ProbeAnswer> {
  try {
    await request;
    return { ok: true };
  } catch (error) {
    if (error instanceof OpenDentalError) return { ok: false, failure: error.failure, message: error.message };
    throw error;
  }
}

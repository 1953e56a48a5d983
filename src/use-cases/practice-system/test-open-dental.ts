/**
 * "Test connection" (issue 19): with the stored keys, reads one row of every list the sync reads and
 * checks the keys may write comm logs (without creating one), and says which work and why the others
 * do not. Read-only in Recare; the log line names the connector and the counts, never a key.
 */
import { AppError } from '../../domain/errors.js';
import { findConnector } from '../../db/queries/practice-connectors.js';
import type { Deps } from '../deps.js';
import { keyPurposes } from './connect-open-dental.js';
import type { OpenDentalList, OpenDentalProbeFactory, ProbeAnswer } from './open-dental-probe.js';
import type { SecretSealer } from './secret-sealer.js';

export interface ConnectionTest {
  baseUrl: string;
  /** True when every read and write below works. */
  ok: boolean;
  reads: { list: OpenDentalList; ok: boolean; message: string | null }[];
  writes: { what: 'commlogs'; ok: boolean; message: string | null }[];
  checkedAt: string;
}

const lists: OpenDentalList[] = ['patients', 'appointments', 'procedurelogs', 'recalls', 'treatplans', 'commlogs'];

export async function testOpenDentalConnection(
  deps: Pick<Deps, 'store' | 'clock' | 'log'> & { secrets: SecretSealer | null; openDental: OpenDentalProbeFactory | null },
): Promise<ConnectionTest> {
  const row = await findConnector(deps.store.db, 'open_dental');
  if (!row) throw new AppError('not_found', 'No Open Dental connection is set up; connect first with `recare connect open-dental` (or PUT /api/connectors/open-dental).');
  if (!deps.secrets) throw new AppError('invalid_config', 'RECARE_SECRET_KEY is not set, so the stored Open Dental keys cannot be opened; set the key they were saved with.');
  if (!deps.openDental) throw new AppError('invalid_config', 'This server was started without a practice-system connector.');
  const probe = deps.openDental({
    mode: row.mode, baseUrl: row.base_url,
    developerKey: deps.secrets.open(row.developer_key_sealed, keyPurposes.developer),
    customerKey: deps.secrets.open(row.customer_key_sealed, keyPurposes.customer),
  });
  const said = (answer: ProbeAnswer) => (answer.ok ? null : answer.message);
  const reads: ConnectionTest['reads'] = [];
  for (const list of lists) {
    const answer = await probe.read(list);
    reads.push({ list, ok: answer.ok, message: said(answer) });
    // Wrong keys or an unreachable office fail every list alike: one answer says it.
    if (!answer.ok && (answer.failure === 'unauthorized' || answer.failure === 'network')) break;
  }
  const reachable = reads.every((r) => r.ok) || reads.some((r) => r.ok);
  const writes: ConnectionTest['writes'] = [];
  if (reachable) {
    const answer = await probe.mayWrite('commlogs');
    writes.push({ what: 'commlogs', ok: answer.ok, message: said(answer) });
  }
  const ok = reads.length === lists.length && reads.every((r) => r.ok) && writes.length > 0 && writes.every((w) => w.ok);
  deps.log.info({ connector: 'open_dental', readable: reads.filter((r) => r.ok).length, writable: writes.filter((w) => w.ok).length, ok }, 'connection tested');
  return { baseUrl: row.base_url, ok, reads, writes, checkedAt: deps.clock.now().toISOString() };
}

/**
 * An administrator connects Recare to the practice's Open Dental (`recare connect open-dental`, the
 * admin API): the mode, the base URL and the two keys, checked, with the keys sealed under
 * RECARE_SECRET_KEY before they reach the database. Changing the mode or settings later may omit the
 * keys (they are write-only: never shown back). Audited with the names of the fields that changed;
 * neither the audit log nor the log line carries a key.
 */
import { AppError } from '../../domain/errors.js';
import { describeIssues } from '../../domain/locations/location-settings.js';
import { parseOpenDentalConnection } from '../../domain/practice-system/open-dental-connection.js';
import { appendAuditEvent } from '../../db/queries/audit-events.js';
import { findConnector, saveConnector } from '../../db/queries/practice-connectors.js';
import type { Deps } from '../deps.js';
import { connectorView, type ConnectorView } from './connector-view.js';
import type { SecretSealer } from './secret-sealer.js';

export interface ConnectOpenDentalRequest {
  /** `{ mode, url?, developerKey?, customerKey?, syncEveryMinutes?, writeBack? }`, as given. */
  change: unknown;
  actor: { userId: number | null; kind: 'user' | 'cli' };
  remoteAddress: string | null;
}

export interface ConnectorDeps extends Pick<Deps, 'store' | 'clock' | 'log'> {
  /** null when RECARE_SECRET_KEY is not set: keys cannot be stored. */
  secrets: SecretSealer | null;
}

/** Where each key is sealed: its column (also the associated data, so a key opens only from its own column). */
export const keyPurposes = { developer: 'practice_connectors.developer_key_sealed', customer: 'practice_connectors.customer_key_sealed' } as const;

export async function connectOpenDental(deps: ConnectorDeps, request: ConnectOpenDentalRequest): Promise<{ connector: ConnectorView; changed: string[] }> {
  const { db } = deps.store;
  const current = await findConnector(db, 'open_dental');
  const parsed = parseOpenDentalConnection(request.change, current ? { hasKeys: true } : null);
  if (!parsed.ok) throw new AppError('invalid_input', `The Open Dental connection is not valid: ${describeIssues(parsed.issues)}`, parsed.issues);
  const { connection } = parsed;
  if (connection.keys && !deps.secrets) {
    throw new AppError('invalid_config', 'RECARE_SECRET_KEY is not set: the Open Dental keys are stored encrypted with it. Generate one with `openssl rand -base64 32`, give it to every recare process (the server and the CLI), and try again.');
  }
  const sealedKeys = connection.keys && deps.secrets
    ? { developer: deps.secrets.seal(connection.keys.developerKey, keyPurposes.developer), customer: deps.secrets.seal(connection.keys.customerKey, keyPurposes.customer) }
    : null;
  const changed = [
    ...(!current || current.mode !== connection.mode ? ['mode'] : []),
    ...(!current || current.base_url !== connection.baseUrl ? ['url'] : []),
    ...(sealedKeys ? ['keys'] : []),
    ...(!current || current.sync_every_minutes !== connection.syncEveryMinutes ? ['syncEveryMinutes'] : []),
    ...(!current || current.write_commlogs !== connection.writeBack.commlogs || current.write_confirmations !== connection.writeBack.confirmations
      || current.create_appointments !== connection.writeBack.createAppointments ? ['writeBack'] : []),
  ];
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    await saveConnector(tx.db, {
      kind: 'open_dental', mode: connection.mode, baseUrl: connection.baseUrl, sealedKeys, syncEveryMinutes: connection.syncEveryMinutes,
      writeCommlogs: connection.writeBack.commlogs, writeConfirmations: connection.writeBack.confirmations, createAppointments: connection.writeBack.createAppointments,
    }, now);
    await appendAuditEvent(tx.db, {
      actorUserId: request.actor.userId, actorKind: request.actor.kind, action: current ? 'connector.update' : 'connector.create', entityType: 'connector', entityId: 'open_dental',
      patientId: null, remoteAddress: request.remoteAddress, at: now, details: { fields: changed },
    });
  });
  deps.log.info({ connector: 'open_dental', fields: changed }, 'connector saved');
  const saved = await findConnector(db, 'open_dental');
  if (!saved) throw new Error('the connector was saved but cannot be read back');
  return { connector: connectorView(saved), changed };
}

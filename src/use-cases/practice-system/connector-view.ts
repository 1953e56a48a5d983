/**
 * What anyone is shown of a practice-system connection: how it is reached and what it writes back,
 * whether keys are stored and when they were entered — never the keys, sealed or not.
 */
import type { OpenDentalMode, WriteBackSettings } from '../../domain/practice-system/open-dental-connection.js';
import type { ConnectorRow } from '../../db/queries/practice-connectors.js';

export interface ConnectorView {
  kind: 'open_dental';
  mode: OpenDentalMode;
  baseUrl: string;
  keys: { stored: true; changedAt: string };
  syncEveryMinutes: number;
  writeBack: WriteBackSettings;
  enabled: boolean;
  updatedAt: string;
}

export function connectorView(row: ConnectorRow): ConnectorView {
  return {
    kind: row.kind, mode: row.mode, baseUrl: row.base_url,
    keys: { stored: true, changedAt: new Date(row.keys_changed_at).toISOString() },
    syncEveryMinutes: row.sync_every_minutes,
    writeBack: { commlogs: row.write_commlogs, confirmations: row.write_confirmations, createAppointments: row.create_appointments },
    enabled: row.enabled, updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** The practice_connectors rows (migration 0016): one per practice system kind; keys only ever sealed. */
import type { Kysely, Selectable } from 'kysely';
import type { Database, PracticeConnectorsTable } from '../schema.js';

export type ConnectorRow = Selectable<PracticeConnectorsTable>;

export async function findConnector(db: Kysely<Database>, kind: ConnectorRow['kind']): Promise<ConnectorRow | undefined> {
  return db.selectFrom('practice_connectors').selectAll().where('kind', '=', kind).executeTakeFirst();
}

export interface ConnectorWrite {
  kind: ConnectorRow['kind'];
  mode: ConnectorRow['mode'];
  baseUrl: string;
  /** null: keep the stored sealed keys. */
  sealedKeys: { developer: string; customer: string } | null;
  syncEveryMinutes: number;
  writeCommlogs: boolean;
  writeConfirmations: boolean;
  createAppointments: boolean;
}

/** Inserts or updates the kind's row; the keys change only when new sealed keys are given. */
export async function saveConnector(db: Kysely<Database>, write: ConnectorWrite, now: Date): Promise<void> {
  const settings = {
    mode: write.mode, base_url: write.baseUrl, sync_every_minutes: write.syncEveryMinutes, write_commlogs: write.writeCommlogs,
    write_confirmations: write.writeConfirmations, create_appointments: write.createAppointments, updated_at: now,
  };
  const keys = write.sealedKeys ? { developer_key_sealed: write.sealedKeys.developer, customer_key_sealed: write.sealedKeys.customer, keys_changed_at: now } : {};
  const existing = await findConnector(db, write.kind);
  if (existing) {
    await db.updateTable('practice_connectors').set({ ...settings, ...keys }).where('id', '=', existing.id).execute();
    return;
  }
  if (!write.sealedKeys) throw new Error('a new connector needs its keys');
  await db.insertInto('practice_connectors').values({
    kind: write.kind, ...settings, developer_key_sealed: write.sealedKeys.developer, customer_key_sealed: write.sealedKeys.customer,
    keys_changed_at: now, created_at: now,
  }).execute();
}

export async function removeConnector(db: Kysely<Database>, kind: ConnectorRow['kind']): Promise<boolean> {
  const result = await db.deleteFrom('practice_connectors').where('kind', '=', kind).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Opens the database behind Recare: PGlite in a data directory (the embedded default) or a
 * PostgreSQL server. Both speak the same SQL, run the same migrations and return the same value
 * types (dates as 'YYYY-MM-DD', int8 as number, timestamptz as Date).
 */
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { AppError } from '../domain/errors.js';
import { copySql, rowsToCsv, type CopyTable } from './copy-csv.js';
import { contactPointFingerprint, openConsentJournal, type ConsentJournal, type JournalEntry } from './consent-journal.js';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';
import { applyJournalEntry, knownJournalIds } from './queries/consent-changes.js';
import { PgliteWorkerClient } from './pglite/pglite-worker-client.js';
import type { Database } from './schema.js';

export type Backend = 'pglite' | 'postgres';

export type DatabaseTarget = { kind: 'pglite'; dataDir: string } | { kind: 'pglite'; inMemory: true } | { kind: 'postgres'; url: string };

export interface Store {
  readonly backend: Backend;
  readonly db: Kysely<Database>;
  /** Loads many rows with COPY; all tables of one call land in one transaction or not at all. */
  copy(tables: CopyTable[]): Promise<void>;
  /**
   * One transaction in which both queries and COPY loads run: everything commits together or nothing
   * does (imports use it so a batch never lands half-written).
   */
  transaction<T>(body: (tx: StoreTransaction) => Promise<T>): Promise<T>;
  /** Tells other processes where the server that holds this store answers (embedded database only). */
  advertise(info: { url: string }): void;
  /**
   * Records a consent or opt-out change so that it survives a crash or power cut: on the embedded
   * database it is journaled and fsync'd before it is applied (PGlite does not fsync).
   */
  recordConsentChange(entry: JournalEntry): Promise<void>;
  close(): Promise<void>;
}

export interface StoreTransaction {
  db: Kysely<Database>;
  copy(tables: CopyTable[]): Promise<void>;
}

export interface OpenOptions {
  /** Named in the data-directory lock so a second process can say who holds it. */
  command: string;
  migrate?: boolean;
}

export async function openStore(target: DatabaseTarget, options: OpenOptions): Promise<Store> {
  const store = target.kind === 'postgres' ? await openPostgres(target.url) : await openPglite(target, options.command);
  if (options.migrate !== false) {
    try {
      const { migrateToLatest } = await import('./migrate.js');
      await migrateToLatest(store.db);
      await store.replayJournal();
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  return store;
}

type OpenedStore = Store & { replayJournal(): Promise<void> };

async function openPglite(target: { dataDir: string } | { inMemory: true }, command: string): Promise<OpenedStore> {
  let lock: DataDirLock | undefined;
  let pgdata: string | undefined;
  let journal: ConsentJournal | undefined;
  if ('dataDir' in target) {
    lock = lockDataDir(target.dataDir, command);
    pgdata = join(target.dataDir, 'pgdata');
    journal = openConsentJournal(target.dataDir);
  }
  // The query builder loads while the database starts on its worker thread: a CLI command then
  // waits for the slower of the two, not for both in turn.
  const starting = PgliteWorkerClient.start(pgdata);
  const builder = Promise.all([import('kysely'), import('./pglite/pglite-dialect.js')]);
  let client: PgliteWorkerClient;
  try {
    client = await starting;
  } catch (error) {
    lock?.release();
    throw error;
  }
  const [{ Kysely: KyselyClass }, { PgliteDialect }] = await builder;
  const db = new KyselyClass<Database>({ dialect: new PgliteDialect(client) });
  return {
    backend: 'pglite',
    db,
    advertise: (info) => lock?.advertise(info),
    // Kysely's transaction holds the single connection (the dialect's mutex) for the whole body, so
    // COPY messages sent straight to the worker run inside it.
    transaction: (body) =>
      db.transaction().execute((trx) =>
        body({ db: trx, copy: (tables) => client.copyInTransaction(tables.map((t) => ({ sql: copySql(t.table, t.columns, 'blob'), csv: rowsToCsv(t.rows) }))) }),
      ),
    async recordConsentChange(entry) {
      journal?.append(entry);
      await applyJournalEntry(db, entry);
    },
    async replayJournal() {
      if (!journal) return;
      const entries = journal.entries();
      // In slices: one query's bind parameters stop at 65,535, and the journal is never compacted.
      const ids = entries.filter((e) => e.type !== 'opt_in').map((e) => e.id);
      const known = new Set<string>();
      for (let i = 0; i < ids.length; i += 10_000) {
        for (const id of await knownJournalIds(db, ids.slice(i, i + 10_000))) known.add(id);
      }
      for (const entry of entries) {
        if (entry.type !== 'opt_in' && known.has(entry.id)) continue;
        // Its ids now name someone else (the database was emptied and reloaded): not theirs to apply.
        if (!(await namesItsSubject(db, entry))) continue;
        try {
          await applyJournalEntry(db, entry);
        } catch (error) {
          // The patient or contact point is not in this database (yet): keep the entry, retry next open.
          if ((error as { code?: string }).code !== '23503') throw error;
        }
      }
    },
    // Through db.connection() so the copy holds the single connection like any transaction.
    copy: (tables) =>
      db.connection().execute(() =>
        client.copy(tables.map((t) => ({ sql: copySql(t.table, t.columns, 'blob'), csv: rowsToCsv(t.rows) }))),
      ),
    async close() {
      try {
        await db.destroy();
      } finally {
        lock?.release();
      }
    },
  };
}

/**
 * Whether a journal entry's ids still name the patient (and contact point) it was recorded for. An
 * opt-out needs the same patient only: when in doubt it is applied, since it can only stop contact.
 * A consent or an opt-in also needs the same number or address, since it can only allow contact.
 */
async function namesItsSubject(db: Kysely<Database>, entry: JournalEntry): Promise<boolean> {
  const subject = entry.subject;
  if (!subject) return true;
  const patient = await db.selectFrom('patients').select(['external_source', 'external_id']).where('id', '=', subject.patientId).executeTakeFirst();
  if (!patient || patient.external_source !== subject.externalSource || patient.external_id !== subject.externalId) return false;
  if (entry.type === 'opt_out' || entry.contactPointId === null) return true;
  const point = await db.selectFrom('contact_points').select('value').where('id', '=', entry.contactPointId).where('patient_id', '=', subject.patientId).executeTakeFirst();
  return point !== undefined && contactPointFingerprint(point.value) === subject.contactPointSha256;
}

/** int8 as number (ids and counts stay below 2^53) and date as its 'YYYY-MM-DD' text. */
function typeParsers(types: typeof pg.types): pg.CustomTypesConfig {
  return {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === types.builtins.DATE) return (value: string) => value;
      if (oid === types.builtins.INT8) return (value: string) => Number(value);
      return types.getTypeParser(oid, format);
    },
  } as pg.CustomTypesConfig;
}

async function openPostgres(url: string): Promise<OpenedStore> {
  // Loaded on demand: the embedded backend (and every CLI start on it) does not pay for the driver.
  const { default: pg } = await import('pg');
  const { from: copyFrom } = await import('pg-copy-streams');
  const pool = new pg.Pool({ connectionString: url, types: typeParsers(pg.types), max: 10, connectionTimeoutMillis: 10_000 });
  // An idle client's error (server restart) must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  try {
    const probe = await pool.connect();
    probe.release();
  } catch (error) {
    await pool.end();
    throw new AppError(
      'database_unavailable',
      `Cannot connect to PostgreSQL at ${describeUrl(url)}: ${(error as Error).message}. Check DATABASE_URL, or unset it to use the embedded database.`,
    );
  }
  const { Kysely: KyselyClass, PostgresDialect } = await import('kysely');
  const db = new KyselyClass<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    backend: 'postgres',
    db,
    async copy(tables) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        for (const t of tables) {
          await pipeline(Readable.from([rowsToCsv(t.rows)]), client.query(copyFrom(copySql(t.table, t.columns, 'stdin'))));
        }
        await client.query('commit');
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    advertise: () => undefined,
    async transaction(body) {
      // A Kysely bound to one checked-out client, so COPY (which needs the raw client) shares the transaction.
      const client = await pool.connect();
      // Queries issued side by side (Promise.all) take turns on the one client: pg refuses overlapping queries on
      // a client (deprecated now, an error from pg@9), so each waits until the one before it is released.
      let turn: Promise<void> = Promise.resolve();
      const connect = async () => {
        const previous = turn;
        let release!: () => void;
        turn = new Promise<void>((resolve) => (release = resolve));
        await previous;
        return { query: client.query.bind(client), release };
      };
      const single = new KyselyClass<Database>({ dialect: new PostgresDialect({ pool: { connect, end: async () => undefined } as unknown as pg.Pool }) });
      try {
        await client.query('begin');
        const result = await body({
          db: single,
          async copy(tables) {
            for (const t of tables) await pipeline(Readable.from([rowsToCsv(t.rows)]), client.query(copyFrom(copySql(t.table, t.columns, 'stdin'))));
          },
        });
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    // The server fsyncs at commit, so its own durability is enough.
    recordConsentChange: (entry) => applyJournalEntry(db, entry),
    replayJournal: async () => undefined,
    close: () => db.destroy(),
  };
}

/** host:port/database only: a URL may carry a password. */
function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? ':' + u.port : ''}${u.pathname}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

/**
 * Real databases for tests: a fresh PostgreSQL database per call on the shared test server, and a
 * fresh PGlite data directory. `forEachBackend` runs one suite against both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openStore, type Backend, type Store } from '../../src/db/open-store.js';

export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = inject('postgresUrl');
  const name = `recare_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export function createDataDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'recare-data-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestStore {
  store: Store;
  /** For tests that need to reopen the same database (restart, second process). */
  target: { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };
  dispose(): Promise<void>;
}

export async function openTestStore(backend: Backend): Promise<TestStore> {
  if (backend === 'postgres') {
    const database = await createPostgresDatabase();
    const target = { kind: 'postgres' as const, url: database.url };
    const store = await openStore(target, { command: 'test' });
    return { store, target, async dispose() { await store.close(); await database.drop(); } };
  }
  const data = createDataDir();
  const target = { kind: 'pglite' as const, dataDir: data.dir };
  const store = await openStore(target, { command: 'test' });
  return { store, target, async dispose() { await store.close(); data.remove(); } };
}

export const backends: Backend[] = ['pglite', 'postgres'];

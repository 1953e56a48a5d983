/**
 * Real databases for tests: a fresh PostgreSQL database per call on the shared test server, and a
 * fresh PGlite data directory. `forEachBackend` runs one suite against both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { createScratchDatabase } from '../../bench/throwaway-postgres.js';
import { openStore, type Backend, type Store } from '../../src/db/open-store.js';

export function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  return createScratchDatabase(inject('postgresUrl'), 'recare_test');
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

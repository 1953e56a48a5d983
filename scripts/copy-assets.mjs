// tsc only emits .ts; the PGlite worker (plain ESM, loaded by worker_threads) and the
// placeholder web page are copied beside their compiled neighbours.
import { cpSync, mkdirSync } from 'node:fs';

const assets = [
  ['src/db/pglite/pglite-worker.mjs', 'dist/src/db/pglite/pglite-worker.mjs'],
  ['src/web/public', 'dist/src/web/public'],
];
for (const [from, to] of assets) {
  mkdirSync(to.replace(/\/[^/]+$/, ''), { recursive: true });
  cpSync(from, to, { recursive: true });
}

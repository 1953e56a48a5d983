// Runs PGlite (PostgreSQL compiled to WASM) on its own thread, because PGlite executes queries on
// the calling thread: kept on the main thread, a long query would freeze the HTTP server.
// Plain ESM (not TypeScript) because worker_threads loads it directly, in tests as in production.
// Protocol: { id, op, ... } in; { id, ok: true, result } or { id, ok: false, error } out.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, types } from '@electric-sql/pglite';

const parsers = {
  // date stays a YYYY-MM-DD string: a calendar date has no time zone to shift it.
  [types.DATE]: (value) => value,
  // counts and identity ids are int8; they stay far below 2^53.
  [types.INT8]: (value) => Number(value),
};

let db;
try {
  db = await PGlite.create({ dataDir: workerData.dataDir ?? undefined, parsers });
  parentPort.postMessage({ id: 0, ok: true, result: { ready: true } });
} catch (error) {
  parentPort.postMessage({ id: 0, ok: false, error: describe(error) });
}

function describe(error) {
  return { message: String(error?.message ?? error), code: error?.code, detail: error?.detail, constraint: error?.constraint };
}

const handlers = {
  async query({ sql, params }) {
    const result = await db.query(sql, params ?? [], { rowMode: 'object' });
    return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
  },
  async exec({ sql }) {
    await db.exec(sql);
    return {};
  },
  // COPY ... FROM '/dev/blob' for each table, all in one transaction: a batch lands whole or not at all.
  async copy({ tables }) {
    await db.transaction(async (tx) => {
      for (const { sql, csv } of tables) {
        await tx.query(sql, [], { blob: new Blob([csv]) });
      }
    });
    return {};
  },
  // COPY inside a transaction the caller already opened (BEGIN sent through `query`).
  async copyInTransaction({ tables }) {
    for (const { sql, csv } of tables) {
      await db.query(sql, [], { blob: new Blob([csv]) });
    }
    return {};
  },
  async close() {
    await db.close();
    return {};
  },
};

parentPort.on('message', async (message) => {
  try {
    const result = await handlers[message.op](message);
    parentPort.postMessage({ id: message.id, ok: true, result });
  } catch (error) {
    parentPort.postMessage({ id: message.id, ok: false, error: describe(error) });
  }
});

/**
 * Main-thread handle on the PGlite worker. Every call is a message; PGlite is single-connection, so
 * callers that need exclusive use (transactions) serialize through the dialect's mutex.
 */
import { Worker } from 'node:worker_threads';
import { AppError } from '../../domain/errors.js';

export interface WorkerQueryResult {
  rows: Record<string, unknown>[];
  affectedRows: number;
}

interface WorkerError {
  message: string;
  code?: string;
  detail?: string;
  constraint?: string;
}

/** A database error raised inside the worker, with PostgreSQL's SQLSTATE code kept for callers. */
export class PgliteError extends Error {
  readonly code: string | undefined;
  readonly detail: string | undefined;
  readonly constraint: string | undefined;
  constructor(error: WorkerError) {
    super(error.message);
    this.name = 'PgliteError';
    this.code = error.code;
    this.detail = error.detail;
    this.constraint = error.constraint;
  }
}

export class PgliteWorkerClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private exited: Error | undefined;

  private constructor(worker: Worker) {
    this.worker = worker;
    worker.on('message', (message: { id: number; ok: boolean; result?: unknown; error?: WorkerError }) => {
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.ok) waiter.resolve(message.result);
      else waiter.reject(new PgliteError(message.error ?? { message: 'unknown PGlite error' }));
    });
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', (code) => this.failAll(new Error(`the PGlite worker exited (code ${code})`)));
  }

  static async start(dataDir: string | undefined): Promise<PgliteWorkerClient> {
    const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), {
      workerData: { dataDir },
      // Not the parent's flags: `node --input-type=module -e …` would stop the worker from loading its file.
      execArgv: [],
    });
    const client = new PgliteWorkerClient(worker);
    const ready = new Promise((resolve, reject) => client.pending.set(0, { resolve, reject }));
    try {
      await ready;
    } catch (error) {
      await worker.terminate();
      throw new AppError('data_dir_unusable', `The embedded database in ${dataDir ?? '(memory)'} could not be opened: ${(error as Error).message}`);
    }
    return client;
  }

  query(sql: string, params: readonly unknown[] = []): Promise<WorkerQueryResult> {
    return this.call('query', { sql, params }) as Promise<WorkerQueryResult>;
  }

  exec(sql: string): Promise<void> {
    return this.call('exec', { sql }) as Promise<void>;
  }

  copy(tables: { sql: string; csv: string }[]): Promise<void> {
    return this.call('copy', { tables }) as Promise<void>;
  }

  /** COPY within the transaction the caller holds (the dialect's connection, BEGIN already sent). */
  copyInTransaction(tables: { sql: string; csv: string }[]): Promise<void> {
    return this.call('copyInTransaction', { tables }) as Promise<void>;
  }

  async close(): Promise<void> {
    if (this.exited) return;
    await this.call('close', {});
    await this.worker.terminate();
  }

  private call(op: string, payload: Record<string, unknown>): Promise<unknown> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, op, ...payload });
    });
  }

  private failAll(error: Error): void {
    this.exited = error;
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}

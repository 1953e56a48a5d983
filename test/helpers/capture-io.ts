import { Writable } from 'node:stream';
import type { CliIo } from '../../src/cli/cli-io.js';

/** In-memory stdout/stderr for running the CLI in-process. */
export function captureIo(env: NodeJS.ProcessEnv = {}): CliIo & { out(): string; err(): string } {
  const chunks = { out: [] as string[], err: [] as string[] };
  const sink = (into: string[]) => new Writable({ write(chunk, _enc, cb) { into.push(chunk.toString()); cb(); } });
  return { stdout: sink(chunks.out), stderr: sink(chunks.err), env, out: () => chunks.out.join(''), err: () => chunks.err.join('') };
}

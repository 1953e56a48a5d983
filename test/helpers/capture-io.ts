import { Writable } from 'node:stream';
import type { CliIo } from '../../src/cli/cli-io.js';
import { fixedClock } from '../../src/clock.js';

/**
 * A weekday inside office hours at every demo office: Tue 2026-11-24 12:00 in Tampa (EST), 11:00 in
 * Austin (CST), 10:00 in Phoenix (MST). In-process CLI runs use it as "now" so no test reads the machine's clock.
 */
export const pinnedNow = '2026-11-24T17:00:00.000Z';

/** In-memory stdout/stderr for running the CLI in-process, with "now" pinned (default {@link pinnedNow}). */
export function captureIo(env: NodeJS.ProcessEnv = {}, now: string = pinnedNow): CliIo & { out(): string; err(): string } {
  const chunks = { out: [] as string[], err: [] as string[] };
  const sink = (into: string[]) => new Writable({ write(chunk, _enc, cb) { into.push(chunk.toString()); cb(); } });
  return { stdout: sink(chunks.out), stderr: sink(chunks.err), env, clock: fixedClock(now), out: () => chunks.out.join(''), err: () => chunks.err.join('') };
}

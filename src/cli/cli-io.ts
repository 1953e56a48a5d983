import type { Clock } from '../clock.js';

/** What a CLI command may touch: its output streams, the environment and "now", injected so tests run in-process. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Standard input as text (for --password-stdin); absent in tests that do not need it. */
  readStdin?: () => Promise<string>;
  /** "Now" for every command (the demo's today, the plan, the worklist); absent = the system clock. Tests pin it. */
  clock?: Clock;
}

export const exitCodes = { ok: 0, failure: 1, usage: 2 } as const;

export function writeLine(stream: NodeJS.WritableStream, text = ''): void {
  stream.write(text + '\n');
}

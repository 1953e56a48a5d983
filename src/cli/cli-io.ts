/** What a CLI command may touch: its output streams and the environment, injected so tests run in-process. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Standard input as text (for --password-stdin); absent in tests that do not need it. */
  readStdin?: () => Promise<string>;
}

export const exitCodes = { ok: 0, failure: 1, usage: 2 } as const;

export function writeLine(stream: NodeJS.WritableStream, text = ''): void {
  stream.write(text + '\n');
}

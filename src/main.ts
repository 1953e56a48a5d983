/** Process entry: hands the real streams and environment to the CLI and returns its exit code. */
import { runCli as run } from './cli/run-cli.js';

export function runCli(argv: string[]): Promise<number> {
  // `recare stats | head` closes the pipe early; that is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const readStdin = async () => {
    let text = '';
    for await (const chunk of process.stdin) text += chunk;
    return text;
  };
  return run(argv, { stdout: process.stdout, stderr: process.stderr, env: process.env, readStdin });
}

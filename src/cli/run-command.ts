/**
 * Runs one command body with the app open and turns failures into an exit code and a message that
 * says what to do next. Commands return exit codes; nothing here calls process.exit.
 */
import { openApp, type App } from '../app.js';
import { loadConfig, type Config, type ConfigOverrides } from '../config.js';
import { isAppError } from '../domain/errors.js';
import { createLog, type Log } from '../log.js';
import { exitCodes, writeLine, type CliIo } from './cli-io.js';

export async function withApp(io: CliIo, command: string, overrides: ConfigOverrides, body: (app: App) => Promise<number>): Promise<number> {
  return guarded(io, async () => {
    const config = loadConfig(io.env, overrides);
    const app = await openApp(config, { command, log: commandLog(config, io, command), clock: io.clock });
    try {
      return await body(app);
    } finally {
      await app.close();
    }
  });
}

export async function guarded(io: CliIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    return reportError(io, error);
  }
}

export function reportError(io: CliIo, error: unknown): number {
  if (isAppError(error)) {
    writeLine(io.stderr, `recare: ${error.message}`);
    return error.code === 'invalid_input' || error.code === 'invalid_config' ? exitCodes.usage : exitCodes.failure;
  }
  const message = error instanceof Error ? error.message : String(error);
  writeLine(io.stderr, `recare: unexpected error: ${message}`);
  if (io.env.LOG_LEVEL === 'debug' && error instanceof Error) writeLine(io.stderr, error.stack ?? '');
  return exitCodes.failure;
}

/** CLI commands print their own results, so their JSON log shows warnings only unless LOG_LEVEL asks for more. */
function commandLog(config: Config, io: CliIo, command: string): Log {
  const level = io.env.LOG_LEVEL ? config.logLevel : command === 'serve' ? 'info' : 'warn';
  return createLog(level, io.stderr);
}

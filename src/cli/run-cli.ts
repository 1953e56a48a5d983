/**
 * `recare`: parse → use case → print. Every command returns an exit code; nothing calls process.exit,
 * so the CLI runs in-process in tests exactly as it does from the shell.
 */
import { Command, CommanderError } from 'commander';
import { exitCodes, type CliIo } from './cli-io.js';
import { registerCheckContact } from './commands/check-contact.js';
import { registerDemo } from './commands/demo.js';
import { registerExplain } from './commands/explain.js';
import { registerExport } from './commands/export.js';
import { registerImport } from './commands/import.js';
import { registerMigrate } from './commands/migrate.js';
import { registerOutcome } from './commands/outcome.js';
import { registerPlan } from './commands/plan.js';
import { registerReport } from './commands/report.js';
import { registerDispatch } from './commands/dispatch.js';
import { registerServe } from './commands/serve.js';
import { registerStats } from './commands/stats.js';
import { registerWorklist } from './commands/worklist.js';
import { registerUsers } from './commands/users.js';
import { registerLocations } from './commands/locations.js';
import { registerLink } from './commands/link.js';
import { registerConnect } from './commands/connect.js';

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let code: number = exitCodes.ok;
  const done = (c: number) => (code = c);
  const program = new Command('recare')
    .description('Recare: patient recall and reactivation for dental offices and specialty clinics.\nEvery command uses the embedded database in ./data (or --data DIR, RECARE_DATA_DIR), or PostgreSQL when DATABASE_URL is set.')
    .version(version(), '-v, --version')
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride();
  registerServe(program, io, done);
  registerDemo(program, io, done);
  registerMigrate(program, io, done);
  registerStats(program, io, done);
  registerCheckContact(program, io, done);
  registerPlan(program, io, done);
  registerDispatch(program, io, done);
  registerWorklist(program, io, done);
  registerReport(program, io, done);
  registerExplain(program, io, done);
  registerOutcome(program, io, done);
  registerImport(program, io, done);
  registerExport(program, io, done);
  registerUsers(program, io, done, io.readStdin ?? (async () => ''));
  registerLocations(program, io, done);
  registerLink(program, io, done);
  registerConnect(program, io, done, io.readStdin ?? (async () => ''));
  for (const command of allCommands(program)) command.exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    }
    throw error;
  }
  if (argv.length === 0) {
    program.outputHelp();
    return exitCodes.usage;
  }
  return code;
}

function version(): string {
  return '0.1.0';
}

function allCommands(command: Command): Command[] {
  return command.commands.flatMap((c) => [c, ...allCommands(c)]);
}

/**
 * `recare connect open-dental --mode service|remote|local [--url URL] --developer-key K --customer-key K`
 * connects Recare to the practice's Open Dental (checked, keys sealed under RECARE_SECRET_KEY, audited);
 * `--keys-stdin` reads the two keys from standard input instead, so they stay out of the shell's history
 * and the process list. Run again without keys to change the mode, address or settings.
 * `recare connect status [--json]` shows the connections without their keys; `recare connect test [--json]`
 * reads a row of every list the sync reads and checks comm-log writes (creating nothing): exit 0 when all work.
 */
import type { Command } from 'commander';
import { AppError } from '../../domain/errors.js';
import { exitCodes, writeLine, type CliIo } from '../cli-io.js';
import { guarded, withApp } from '../run-command.js';

const dataOption = ['--data <dir>', 'embedded database directory (default ./data or RECARE_DATA_DIR; ignored when DATABASE_URL is set)'] as const;

interface ConnectOptions {
  mode: string; url?: string; developerKey?: string; customerKey?: string; keysStdin?: boolean; syncEvery?: string;
  commlogs?: string; confirmations?: string; createAppointments?: string; json?: boolean; data?: string;
}

export function registerConnect(program: Command, io: CliIo, done: (code: number) => void, readStdin: () => Promise<string>): void {
  const connect = program.command('connect').description('Connect Recare to the practice system (Open Dental), or show the connection');
  connect
    .command('open-dental')
    .description('Connect to Open Dental: the mode, the API address and the keys (stored encrypted with RECARE_SECRET_KEY, never shown back)')
    .requiredOption('--mode <mode>', 'service (API Service in the office network), remote (through Open Dental\'s servers) or local (the workstation running Open Dental)')
    .option('--url <url>', 'the API\'s address; default https://api.opendental.com/api/v1 (remote), http://localhost:30222/api/v1 (local); required for service')
    .option('--developer-key <key>', 'the developer key (with --customer-key)')
    .option('--customer-key <key>', 'the customer key Open Dental issued to this practice')
    .option('--keys-stdin', 'read "DEVELOPER_KEY CUSTOMER_KEY" from standard input instead (keeps them out of the shell history)')
    .option('--sync-every <minutes>', 'sync every this many minutes while the server runs (1–1440, default 10)')
    .option('--commlogs <on|off>', 'write each outreach attempt to the patient\'s comm log (default on)')
    .option('--confirmations <on|off>', 'write confirmations to the appointment\'s confirmation status (default on)')
    .option('--create-appointments <on|off>', 'create the appointment in Open Dental when staff confirm a booking request (default off)')
    .option('--json', 'print JSON')
    .option(...dataOption)
    .action(async (options: ConnectOptions) => {
      done(await guarded(io, async () => {
        const change = await connectionChange(options, readStdin);
        const { connectOpenDental } = await import('../../use-cases/practice-system/connect-open-dental.js');
        return withApp(io, 'connect open-dental', { dataDir: options.data }, async (app) => {
          const { connector, changed } = await connectOpenDental(app, { change, actor: { userId: null, kind: 'cli' }, remoteAddress: null });
          if (options.json) writeLine(io.stdout, JSON.stringify({ connector, changed }));
          else {
            writeLine(io.stdout, changed.length === 0 ? 'Open Dental connection unchanged.' : `Open Dental connection saved (${changed.join(', ')} changed).`);
            writeLine(io.stdout, describe(connector));
          }
          return exitCodes.ok;
        });
      }));
    });
  connect
    .command('test')
    .description('Test the Open Dental connection: read one row of each list the sync reads, check the keys may write comm logs (nothing is created)')
    .option('--json', 'print JSON')
    .option(...dataOption)
    .action(async (options: { json?: boolean; data?: string }) => {
      done(await guarded(io, async () => {
        const { testOpenDentalConnection } = await import('../../use-cases/practice-system/test-open-dental.js');
        return withApp(io, 'connect test', { dataDir: options.data }, async (app) => {
          const result = await testOpenDentalConnection(app);
          if (options.json) writeLine(io.stdout, JSON.stringify(result));
          else {
            writeLine(io.stdout, `Open Dental at ${result.baseUrl}: ${result.ok ? 'every read and write works' : 'not everything works'}`);
            for (const r of result.reads) writeLine(io.stdout, `  read ${r.list.padEnd(13)} ${r.ok ? 'ok' : `no: ${r.message}`}`);
            for (const w of result.writes) writeLine(io.stdout, `  write ${w.what.padEnd(12)} ${w.ok ? 'ok' : `no: ${w.message}`}`);
          }
          return result.ok ? exitCodes.ok : exitCodes.failure;
        });
      }));
    });
  connect
    .command('status')
    .description('Show the practice-system connection: mode, address, settings and when the keys were entered (never the keys)')
    .option('--json', 'print JSON')
    .option(...dataOption)
    .action(async (options: { json?: boolean; data?: string }) => {
      done(await guarded(io, async () => {
        const { readConnectors } = await import('../../use-cases/practice-system/read-connectors.js');
        return withApp(io, 'connect status', { dataDir: options.data }, async (app) => {
          const connectors = await readConnectors(app);
          if (options.json) writeLine(io.stdout, JSON.stringify({ connectors }));
          else if (connectors.length === 0) writeLine(io.stdout, 'No practice system is connected. Connect Open Dental with `recare connect open-dental --mode … --developer-key … --customer-key …`.');
          else for (const c of connectors) writeLine(io.stdout, describe(c));
          return exitCodes.ok;
        });
      }));
    });
}

async function connectionChange(options: ConnectOptions, readStdin: () => Promise<string>): Promise<Record<string, unknown>> {
  const change: Record<string, unknown> = { mode: options.mode };
  if (options.url !== undefined) change.url = options.url;
  if (options.keysStdin) {
    if (options.developerKey !== undefined || options.customerKey !== undefined) {
      throw new AppError('invalid_input', 'Give the keys either with --developer-key and --customer-key or with --keys-stdin, not both.');
    }
    const parts = (await readStdin()).trim().split(/\s+/).filter((p) => p !== '');
    if (parts.length !== 2) throw new AppError('invalid_input', `--keys-stdin reads two keys separated by a space or a new line ("DEVELOPER_KEY CUSTOMER_KEY"); ${parts.length} ${parts.length === 1 ? 'was' : 'were'} given.`);
    [change.developerKey, change.customerKey] = parts;
  } else {
    if (options.developerKey !== undefined) change.developerKey = options.developerKey;
    if (options.customerKey !== undefined) change.customerKey = options.customerKey;
  }
  if (options.syncEvery !== undefined) {
    const minutes = Number(options.syncEvery);
    change.syncEveryMinutes = Number.isInteger(minutes) ? minutes : options.syncEvery;
  }
  const writeBack: Record<string, unknown> = {};
  for (const [flag, key, value] of [['--commlogs', 'commlogs', options.commlogs], ['--confirmations', 'confirmations', options.confirmations], ['--create-appointments', 'createAppointments', options.createAppointments]] as const) {
    if (value === undefined) continue;
    if (value !== 'on' && value !== 'off') throw new AppError('invalid_input', `${flag} is "${value}"; use on or off.`, [{ path: flag, value, message: 'on or off' }]);
    writeBack[key] = value === 'on';
  }
  if (Object.keys(writeBack).length > 0) change.writeBack = writeBack;
  return change;
}

function describe(c: { mode: string; baseUrl: string; keys: { changedAt: string }; syncEveryMinutes: number; writeBack: { commlogs: boolean; confirmations: boolean; createAppointments: boolean } }): string {
  const onOff = (b: boolean) => (b ? 'on' : 'off');
  return [
    `Open Dental · ${c.mode} · ${c.baseUrl}`,
    `  keys entered ${c.keys.changedAt} (stored encrypted; never shown)`,
    `  sync every ${c.syncEveryMinutes} min · comm logs ${onOff(c.writeBack.commlogs)} · confirmations ${onOff(c.writeBack.confirmations)} · create appointments ${onOff(c.writeBack.createAppointments)}`,
  ].join('\n');
}

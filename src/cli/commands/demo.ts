import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { exitCodes, writeLine, type CliIo } from '../cli-io.js';
import { guarded, withApp } from '../run-command.js';
import { wholeNumber } from '../parse-options.js';

export function registerDemo(program: Command, io: CliIo, done: (code: number) => void): void {
  program
    .command('demo')
    .description('Load the deterministic demo clinic (patients, families, 3 years of visits, plans, appointments) into an empty database; --end ends demo mode')
    .option('--patients <n>', 'how many patients', '2000')
    .option('--seed <s>', 'random seed: the same seed gives the same clinic', '42')
    .option('--locations <k>', 'offices: 1 (Tampa FL), 2 (+ Austin TX) or 3 (+ Phoenix AZ)', '3')
    .option('--reset', 'empty every table first (destroys existing data)')
    .option('--end', 'end demo mode instead: stop offering the demo sign-ins and calling this a demo (an import of real data does this too)')
    .option('--data <dir>', 'embedded database directory (default ./data or RECARE_DATA_DIR; ignored when DATABASE_URL is set)')
    .action(async (options: { patients: string; seed: string; locations: string; reset?: boolean; end?: boolean; data?: string }) => {
      done(await guarded(io, async () => {
        if (options.end) return endDemo(io, options.data);
        const request = {
          patients: wholeNumber('--patients', options.patients),
          seed: wholeNumber('--seed', options.seed),
          locations: wholeNumber('--locations', options.locations),
          reset: options.reset === true,
        };
        // Loaded on demand: the generator pulls in faker's name tables, which other commands never need.
        const { loadDemoClinic } = await import('../../use-cases/load-demo-clinic.js');
        return withApp(io, 'demo', { dataDir: options.data }, async (app) => {
          const bar = new SingleBar(
            { format: 'demo clinic |{bar}| {percentage}% {value}/{total} patients | {rate} rows/s', stream: io.stderr, noTTYOutput: true, notTTYSchedule: 5000, hideCursor: true },
            Presets.shades_classic,
          );
          bar.start(request.patients, 0, { rate: 0 });
          const started = performance.now();
          const result = await loadDemoClinic(app, {
            ...request,
            onProgress: ({ patients, rows }) => bar.update(patients, { rate: Math.round(rows / ((performance.now() - started) / 1000)) }),
          });
          bar.stop();
          writeLine(
            io.stdout,
            `Loaded the demo clinic: ${result.patients.toLocaleString('en-US')} patients, ${result.rows.toLocaleString('en-US')} rows in ${result.seconds.toFixed(1)} s ` +
              `(${result.rowsPerSecond.toLocaleString('en-US')} rows/s) into the ${app.store.backend === 'pglite' ? `embedded database at ${describeTarget(app.config)}` : 'PostgreSQL database'}.`,
          );
          // Plan every patient so the worklist is populated right away.
          const { planPatients } = await import('../../use-cases/plan-patients.js');
          const { describePlan } = await import('./plan.js');
          writeLine(io.stdout, describePlan(await planPatients(app, { full: true })));
          writeLine(io.stdout, 'Next: `recare worklist` for today\'s list, `recare stats` for the counts, or `recare serve` to open it in the browser.');
          return exitCodes.ok;
        });
      }));
    });
}

async function endDemo(io: CliIo, dataDir: string | undefined): Promise<number> {
  const { endDemoMode } = await import('../../use-cases/end-demo-mode.js');
  return withApp(io, 'demo --end', { dataDir }, async (app) => {
    const { ended } = await endDemoMode(app, { actor: { userId: null, kind: 'cli' }, remoteAddress: null });
    writeLine(io.stdout, ended
      ? 'Demo mode ended: the sign-in page no longer lists the demo accounts and the app no longer calls itself a demo.'
      : 'Demo mode was already off.');
    writeLine(io.stdout, 'The demo accounts\' published passwords no longer sign in: give an account its own password (`recare users reset-password --email E`) or add your own accounts (`recare users add`).');
    return exitCodes.ok;
  });
}

function describeTarget(config: { database: { kind: string; dataDir?: string } }): string {
  return config.database.dataDir ?? '';
}

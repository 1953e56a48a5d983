import type { Command } from 'commander';
import { createHttpServer } from '../../app.js';
import { exitCodes, writeLine, type CliIo } from '../cli-io.js';
import { guarded, withApp } from '../run-command.js';
import { wholeNumber } from '../parse-options.js';

export const firstRunDemoPatients = 2000;
/** How often the server looks for weekly reports that are due (each is sent once; see send-weekly-reports.ts). */
const weeklyReportEveryMinutes = 10;

export function registerServe(program: Command, io: CliIo, done: (code: number) => void): void {
  program
    .command('serve')
    .description('Start the web app and API (loads the demo clinic into an empty database on first run)')
    .option('--port <p>', 'HTTP port (default 3000 or PORT)')
    .option('--host <h>', 'address to listen on (default 127.0.0.1 or HOST)')
    .option('--no-demo', 'do not load the demo clinic into an empty database')
    .option('--plan-every <minutes>', 'bring the plan up to date every N minutes while running; 0 turns it off (default 5 or RECARE_PLAN_EVERY_MINUTES)')
    .option('--data <dir>', 'embedded database directory (default ./data or RECARE_DATA_DIR; ignored when DATABASE_URL is set)')
    .action(async (options: { port?: string; host?: string; demo: boolean; data?: string; planEvery?: string }) => {
      done(await guarded(io, async () => {
        const port = options.port === undefined ? undefined : wholeNumber('--port', options.port);
        return withApp(io, 'serve', { dataDir: options.data, port, host: options.host, planEveryMinutes: options.planEvery }, async (app) => {
          const { countRowsForFirstRun, loadDemoClinic } = await import('../../use-cases/load-demo-clinic.js');
          if (options.demo && (await countRowsForFirstRun(app)) === 0) {
            writeLine(io.stdout, `First run: loading the demo clinic (${firstRunDemoPatients.toLocaleString('en-US')} patients, 3 offices)…`);
            const result = await loadDemoClinic(app, { patients: firstRunDemoPatients, seed: 42, locations: 3 });
            writeLine(io.stdout, `Demo clinic loaded in ${result.seconds.toFixed(1)} s.`);
            const { planPatients } = await import('../../use-cases/plan-patients.js');
            const plan = await planPatients(app, { full: true });
            writeLine(io.stdout, `Worklist planned: ${plan.cases.opened.toLocaleString('en-US')} cases for ${plan.patients.toLocaleString('en-US')} patients.`);
            const { simulateDemoOutreach } = await import('../../use-cases/messaging/simulate-demo-outreach.js');
            const outreach = await simulateDemoOutreach(app, { cases: 60, actor: 'coordinator@sunrise-dental.demo' });
            writeLine(io.stdout, `Demo outreach of the last days simulated through the sandbox: ${outreach.sent} messages sent, ${outreach.replies} replies (nothing left this machine).`);
          }
          const server = await createHttpServer(app);
          try {
            await server.listen({ port: app.config.http.port, host: app.config.http.host });
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
              writeLine(io.stderr, `recare: port ${app.config.http.port} is already in use. Stop what uses it, or start Recare on another port with --port 3001.`);
              return exitCodes.failure;
            }
            throw error;
          }
          const shownHost = app.config.http.host === '0.0.0.0' || app.config.http.host === '127.0.0.1' ? 'localhost' : app.config.http.host;
          const url = `http://${shownHost}:${app.config.http.port}`;
          app.store.advertise({ url: `http://127.0.0.1:${app.config.http.port}` });
          const where = app.store.backend === 'pglite' ? `embedded database in ${app.config.database.kind === 'pglite' ? app.config.database.dataDir : ''}` : 'PostgreSQL';
          writeLine(io.stdout, `Recare is running at ${url} (${where}).`);
          writeLine(io.stdout, `Open ${url} in a browser; the API health check is ${url}/api/health.`);
          const { demoUsers } = await import('../../use-cases/demo-users.js');
          const { readHealth } = await import('../../use-cases/read-health.js');
          if ((await readHealth(app)).demo) {
            writeLine(io.stdout, 'Sign in with a demo account, for example:');
            for (const user of demoUsers.slice(0, 3)) writeLine(io.stdout, `  ${user.email.padEnd(34)} ${user.password.padEnd(24)} (${user.role})`);
            writeLine(io.stdout, '  (all six accounts, one per role, are listed in README.md under "Users and sign-in")');
          } else {
            writeLine(io.stdout, 'Sign in with your account; an administrator adds accounts with `recare users add`.');
          }
          const everyMinutes = app.config.planning.everyMinutes;
          const { schedulePlanning } = await import('../../jobs/schedule-planning.js');
          const planning = everyMinutes > 0 ? schedulePlanning(app, { everyMs: everyMinutes * 60_000 }) : null;
          writeLine(io.stdout, planning
            ? `The worklist is re-planned every ${everyMinutes} minute${everyMinutes === 1 ? '' : 's'} (changed patients and those whose time came).`
            : 'Scheduled planning is off (--plan-every 0): run `recare plan` to bring the worklist up to date.');
          const dispatchSeconds = app.config.messaging.dispatchEverySeconds;
          const { scheduleDispatch } = await import('../../jobs/schedule-dispatch.js');
          const dispatching = dispatchSeconds > 0 ? scheduleDispatch(app, { everyMs: dispatchSeconds * 1000 }) : null;
          const carriers = (['sms', 'email'] as const).map((c) => `${c === 'sms' ? 'texts' : 'emails'} through ${app.providers.configured(c)?.name ?? 'the sandbox (nothing leaves this machine)'}`).join(', ');
          writeLine(io.stdout, dispatching
            ? `Automated messages are dispatched every ${dispatchSeconds} s: ${carriers}.`
            : 'Automated dispatch is off (RECARE_DISPATCH_EVERY_SECONDS=0): run `recare dispatch` to send what is due.');
          const { scheduleWeeklyReports } = await import('../../jobs/schedule-weekly-reports.js');
          const weeklyReports = app.reportMailer ? scheduleWeeklyReports(app, { everyMs: weeklyReportEveryMinutes * 60_000 }) : null;
          writeLine(io.stdout, weeklyReports
            ? 'Each office\'s weekly report is emailed to its managers on Monday from 07:00 office time (not in demo mode).'
            : 'Weekly reports are not emailed (set SMTP_URL and EMAIL_FROM); managers download them from /api/reports/weekly.pdf or with `recare report weekly`.');
          writeLine(io.stdout, 'Press Ctrl+C to stop.');
          await new Promise<void>((resolve) => {
            const stop = () => resolve();
            process.once('SIGINT', stop);
            process.once('SIGTERM', stop);
          });
          writeLine(io.stdout, 'Stopping…');
          await planning?.stop();
          await dispatching?.stop();
          await weeklyReports?.stop();
          await server.close();
          return exitCodes.ok;
        });
      }));
    });
}

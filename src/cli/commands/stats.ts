import type { Command } from 'commander';
import { findRunningServer } from '../../app.js';
import { loadConfig } from '../../config.js';
import { exitCodes, writeLine, type CliIo } from '../cli-io.js';
import { guarded, withApp } from '../run-command.js';

export function registerStats(program: Command, io: CliIo, done: (code: number) => void): void {
  program
    .command('stats')
    .description('Show how many rows each table holds')
    .option('--json', 'print JSON')
    .option('--data <dir>', 'embedded database directory (default ./data or RECARE_DATA_DIR; ignored when DATABASE_URL is set)')
    .action(async (options: { json?: boolean; data?: string }) => {
      done(await guarded(io, async () => {
        const config = loadConfig(io.env, { dataDir: options.data });
        // The embedded database admits one process: while `recare serve` holds it, ask the server.
        const server = findRunningServer(config);
        if (server) {
          const response = await fetch(new URL('/api/health', server.url));
          const health = (await response.json()) as { counts: Record<string, number> };
          if (options.json) writeLine(io.stdout, JSON.stringify({ source: 'server', pid: server.pid, counts: health.counts }));
          else {
            writeLine(io.stdout, `The server (pid ${server.pid}, ${server.url}) holds the data directory; these counts come from it. Stop the server for per-table counts.`);
            printTable(io, health.counts);
          }
          return exitCodes.ok;
        }
        const { readTableCounts } = await import('../../use-cases/read-table-counts.js');
        return withApp(io, 'stats', { dataDir: options.data }, async (app) => {
          const counts = await readTableCounts(app);
          if (options.json) writeLine(io.stdout, JSON.stringify({ source: app.store.backend, counts }));
          else printTable(io, counts);
          return exitCodes.ok;
        });
      }));
    });
}

function printTable(io: CliIo, counts: Record<string, number>): void {
  const width = Math.max(...Object.keys(counts).map((k) => k.length));
  for (const [table, n] of Object.entries(counts)) writeLine(io.stdout, `${table.padEnd(width)}  ${n.toLocaleString('en-US').padStart(12)}`);
}

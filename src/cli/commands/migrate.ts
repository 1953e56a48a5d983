import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { migrateDatabase } from '../../app.js';
import { exitCodes, writeLine, type CliIo } from '../cli-io.js';
import { guarded } from '../run-command.js';

export function registerMigrate(program: Command, io: CliIo, done: (code: number) => void): void {
  program
    .command('migrate')
    .description('Bring the database schema up to date (also done automatically at every start)')
    .option('--data <dir>', 'embedded database directory (default ./data or RECARE_DATA_DIR; ignored when DATABASE_URL is set)')
    .action(async (options: { data?: string }) => {
      done(await guarded(io, async () => {
        const config = loadConfig(io.env, { dataDir: options.data });
        const result = await migrateDatabase(config);
        writeLine(io.stdout, result.applied.length ? `Applied ${result.applied.join(', ')}. Schema is at ${result.version}.` : `Schema is already at ${result.version}; nothing to do.`);
        return exitCodes.ok;
      }));
    });
}

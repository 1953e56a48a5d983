import type { Command } from 'commander';
import { roles } from '../../domain/access/index.js';
import { exitCodes, writeLine, type CliIo } from '../cli-io.js';
import { guarded, withApp } from '../run-command.js';

export function registerUsers(program: Command, io: CliIo, done: (code: number) => void, readStdin: () => Promise<string>): void {
  const users = program.command('users').description('Manage staff accounts: add, list, reset a password, set the phone click-to-call rings');
  users
    .command('add')
    .description('Add a user; prints a one-time password (the user must change it) unless --password-stdin is given')
    .requiredOption('--email <email>', 'sign-in email')
    .requiredOption('--role <role>', `one of ${roles.join(', ')}`)
    .option('--location <id...>', "location id(s) the user works at (repeatable), or 'all' for every location")
    .option('--name <name>', 'display name')
    .option('--password-stdin', 'read the password from standard input instead of generating a one-time password')
    .option('--data <dir>', 'embedded database directory (default ./data or RECARE_DATA_DIR; ignored when DATABASE_URL is set)')
    .action(async (options: { email: string; role: string; location?: string[]; name?: string; passwordStdin?: boolean; data?: string }) => {
      done(await guarded(io, async () => {
        const password = options.passwordStdin ? (await readStdin()).replace(/\r?\n$/, '') : undefined;
        const locations = options.location?.length === 1 && options.location[0] === 'all' ? 'all' : (options.location ?? []);
        const { addUser } = await import('../../use-cases/manage-users.js');
        return withApp(io, 'users add', { dataDir: options.data }, async (app) => {
          const result = await addUser(app, { email: options.email, role: options.role, locations, ...(options.name ? { displayName: options.name } : {}), ...(password !== undefined ? { password } : {}), actor: { userId: null, kind: 'cli' } });
          writeLine(io.stdout, `Added ${options.email.trim().toLowerCase()} as ${options.role} (user ${result.userId}).`);
          if (result.oneTimePassword) writeLine(io.stdout, oneTimePasswordNotice(result.oneTimePassword, result.oneTimePasswordExpiresAt as Date));
          return exitCodes.ok;
        });
      }));
    });
  users
    .command('reset-password')
    .description('Give a user a new one-time password (72 hours, one sign-in, must be changed then); ends their sessions and lifts a sign-in lockout')
    .requiredOption('--email <email>', 'the account\'s sign-in email')
    .option('--data <dir>', 'embedded database directory (default ./data or RECARE_DATA_DIR; ignored when DATABASE_URL is set)')
    .action(async (options: { email: string; data?: string }) => {
      done(await guarded(io, async () => {
        const { resetPassword } = await import('../../use-cases/reset-password.js');
        return withApp(io, 'users reset-password', { dataDir: options.data }, async (app) => {
          const result = await resetPassword(app, { email: options.email, actor: { userId: null, kind: 'cli' }, remoteAddress: null });
          writeLine(io.stdout, `Reset the password of ${result.email} (user ${result.userId}); ${result.sessionsEnded} session${result.sessionsEnded === 1 ? '' : 's'} ended.`);
          writeLine(io.stdout, oneTimePasswordNotice(result.oneTimePassword, result.expiresAt));
          return exitCodes.ok;
        });
      }));
    });
  users
    .command('set-phone')
    .description('Set the user\'s own phone (desk or mobile), which click-to-call rings first; --phone none clears it')
    .requiredOption('--email <email>', 'the account\'s sign-in email')
    .requiredOption('--phone <number>', 'the number in E.164, e.g. +18135550142 (other spellings are accepted), or none')
    .option('--data <dir>', 'embedded database directory (default ./data or RECARE_DATA_DIR; ignored when DATABASE_URL is set)')
    .action(async (options: { email: string; phone: string; data?: string }) => {
      done(await guarded(io, async () => {
        const { setStaffPhone } = await import('../../use-cases/voice/set-user-phone.js');
        return withApp(io, 'users set-phone', { dataDir: options.data }, async (app) => {
          const result = await setStaffPhone(app, { email: options.email, phone: options.phone.trim().toLowerCase() === 'none' ? null : options.phone, actor: { userId: null, kind: 'cli' } });
          writeLine(io.stdout, result.phone ? `Calls for user ${result.userId} now ring ${result.phone} first.` : `User ${result.userId} has no phone now; click-to-call is off for them until one is set.`);
          return exitCodes.ok;
        });
      }));
    });
  users
    .command('list')
    .description('List users with their roles and locations')
    .option('--json', 'print JSON')
    .option('--data <dir>', 'embedded database directory (default ./data or RECARE_DATA_DIR; ignored when DATABASE_URL is set)')
    .action(async (options: { json?: boolean; data?: string }) => {
      done(await guarded(io, async () => {
        const { readUsers } = await import('../../use-cases/manage-users.js');
        return withApp(io, 'users list', { dataDir: options.data }, async (app) => {
          const list = await readUsers(app);
          if (options.json) writeLine(io.stdout, JSON.stringify(list));
          else for (const u of list) writeLine(io.stdout, `${String(u.id).padStart(4)}  ${u.email.padEnd(36)} ${u.role.padEnd(12)} ${u.allLocations ? 'all locations' : u.locations.join(', ')}${u.disabled ? '  (disabled)' : ''}`);
          return exitCodes.ok;
        });
      }));
    });
}

function oneTimePasswordNotice(password: string, expiresAt: Date): string {
  return `One-time password: ${password}\nIt works for one sign-in until ${expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC. Give it to the user privately; they choose their own password when they sign in.`;
}

/**
 * The one place that reads process.env. Everything is parsed once at startup with one schema and
 * every problem is reported together; the typed Config is passed down from there.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { AppError, type ErrorIssue } from './domain/errors.js';

export interface Config {
  database: { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };
  http: { host: string; port: number };
  /** While the server runs, the plan is brought up to date every this many minutes (0: never; `recare plan` by hand). */
  planning: { everyMinutes: number };
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

/** Values given on the command line win over the environment. */
export interface ConfigOverrides {
  dataDir?: string | undefined;
  port?: string | number | undefined;
  host?: string | undefined;
  planEveryMinutes?: string | number | undefined;
}

const postgresUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    const isPostgres = url.protocol === 'postgres:' || url.protocol === 'postgresql:';
    // postgres:///db?host=/var/run/postgresql names a Unix socket and has no hostname.
    return isPostgres && (url.hostname !== '' || url.searchParams.has('host'));
  } catch {
    return false;
  }
}, 'must be a URL like postgres://user:password@host:5432/database');

const schema = z.object({
  DATABASE_URL: postgresUrl.optional(),
  RECARE_DATA_DIR: z.string().min(1, 'must be a directory path').default('./data'),
  PORT: z.coerce.number({ error: 'must be a whole number from 1 to 65535' }).int('must be a whole number from 1 to 65535').min(1, 'must be 1–65535').max(65535, 'must be 1–65535').default(3000),
  // Loopback by default: until accounts and sign-in exist, the API must not face the network.
  HOST: z.string().min(1).default('127.0.0.1'),
  RECARE_PLAN_EVERY_MINUTES: z.coerce.number({ error: 'must be a whole number of minutes from 0 (off) to 1440' }).int('must be a whole number of minutes from 0 (off) to 1440')
    .min(0, 'must be 0 (off) to 1440 minutes').max(1440, 'must be 0 (off) to 1440 minutes').default(5),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent'], { error: 'must be one of debug, info, warn, error, silent' }).default('info'),
});

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): Config {
  const input = {
    DATABASE_URL: emptyToUndefined(env.DATABASE_URL),
    RECARE_DATA_DIR: overrides.dataDir ?? emptyToUndefined(env.RECARE_DATA_DIR),
    PORT: overrides.port ?? emptyToUndefined(env.PORT),
    HOST: overrides.host ?? emptyToUndefined(env.HOST),
    RECARE_PLAN_EVERY_MINUTES: overrides.planEveryMinutes ?? emptyToUndefined(env.RECARE_PLAN_EVERY_MINUTES),
    LOG_LEVEL: emptyToUndefined(env.LOG_LEVEL),
  };
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issues: ErrorIssue[] = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0]);
      const given = input[key as keyof typeof input];
      // Never echo a database URL back: it may carry a password.
      const shown = key === 'DATABASE_URL' ? redactUrl(String(given)) : given;
      return { path: key, value: shown, message: issue.message };
    });
    const lines = issues.map((i) => `${i.path}=${JSON.stringify(i.value)}: ${i.message}`);
    throw new AppError('invalid_config', `Configuration is not valid:\n  ${lines.join('\n  ')}`, issues);
  }
  const c = parsed.data;
  return {
    database: c.DATABASE_URL ? { kind: 'postgres', url: c.DATABASE_URL } : { kind: 'pglite', dataDir: resolve(c.RECARE_DATA_DIR) },
    http: { host: c.HOST, port: c.PORT },
    planning: { everyMinutes: c.RECARE_PLAN_EVERY_MINUTES },
    logLevel: c.LOG_LEVEL,
  };
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

export function redactUrl(value: string): string {
  return value.replace(/\/\/([^:@/]+):([^@/]*)@/, '//$1:***@');
}

import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { AppError } from '../../src/domain/errors.js';

describe('configuration', () => {
  it('defaults to the embedded database in ./data on loopback port 3000', () => {
    const config = loadConfig({});
    expect(config.database).toEqual({ kind: 'pglite', dataDir: `${process.cwd()}/data` });
    expect(config.http).toEqual({ host: '127.0.0.1', port: 3000 });
  });

  it('uses PostgreSQL when DATABASE_URL is set, and flags win over the environment', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db.local:5433/recare' }).database).toEqual({ kind: 'postgres', url: 'postgres://u:p@db.local:5433/recare' });
    expect(loadConfig({ DATABASE_URL: 'postgresql:///recare?host=/var/run/postgresql' }).database.kind).toBe('postgres');
    expect(loadConfig({ PORT: '4000', RECARE_DATA_DIR: '/tmp/a' }, { port: 5000, dataDir: '/tmp/b' })).toMatchObject({ http: { port: 5000 }, database: { dataDir: '/tmp/b' } });
  });

  it('reports every problem at once, with the value given and what is allowed, without echoing a password', () => {
    let error: AppError | undefined;
    try {
      loadConfig({ DATABASE_URL: 'mysql://admin:hunter2@db/x', PORT: 'eighty', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e as AppError;
    }
    expect(error?.code).toBe('invalid_config');
    expect(error?.issues?.map((i) => i.path).sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT']);
    expect(error?.message).toContain('must be a URL like postgres://user:password@host:5432/database');
    expect(error?.message).toContain('PORT="eighty": must be a whole number from 1 to 65535');
    expect(error?.message).toContain('LOG_LEVEL="loud": must be one of debug, info, warn, error, silent');
    expect(error?.message).not.toContain('hunter2');
    expect(error?.message).toContain('admin:***@');
  });

  it('re-plans every 5 minutes by default; RECARE_PLAN_EVERY_MINUTES or --plan-every changes it, 0 turns it off, anything else is refused', () => {
    expect(loadConfig({}).planning).toEqual({ everyMinutes: 5 });
    expect(loadConfig({ RECARE_PLAN_EVERY_MINUTES: '15' }).planning).toEqual({ everyMinutes: 15 });
    expect(loadConfig({ RECARE_PLAN_EVERY_MINUTES: '15' }, { planEveryMinutes: '0' }).planning).toEqual({ everyMinutes: 0 });
    expect(() => loadConfig({ RECARE_PLAN_EVERY_MINUTES: '2.5' })).toThrow(/RECARE_PLAN_EVERY_MINUTES="2.5": must be a whole number of minutes from 0 \(off\) to 1440/);
    expect(() => loadConfig({}, { planEveryMinutes: '2000' })).toThrow(/RECARE_PLAN_EVERY_MINUTES="2000": must be 0 \(off\) to 1440 minutes/);
  });

  it('rejects a port outside 1–65535', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT="70000": must be 1–65535/);
  });
});

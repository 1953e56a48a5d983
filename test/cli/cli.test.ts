import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { latestSchemaVersion } from '../../src/db/migrate.js';
import { captureIo } from '../helpers/capture-io.js';
import { createDataDir, createPostgresDatabase } from '../helpers/databases.js';

const bin = join(import.meta.dirname, '../../bin/recare.js');

describe('recare CLI on the embedded database', () => {
  const data = createDataDir();
  afterAll(() => data.remove());

  it('prints help for every command', async () => {
    for (const command of [[], ['serve'], ['demo'], ['migrate'], ['stats']]) {
      const io = captureIo();
      const code = await runCli([...command, '--help'], io);
      expect(code).toBe(0);
      expect(io.out()).toMatch(/Usage: recare/);
    }
    const io = captureIo();
    await runCli(['demo', '--help'], io);
    expect(io.out()).toContain('--patients <n>');
    expect(io.out()).toContain('--data <dir>');
  });

  it('migrates an empty directory, then has nothing to do', async () => {
    const first = captureIo();
    expect(await runCli(['migrate', '--data', data.dir], first)).toBe(0);
    expect(first.out()).toMatch(new RegExp(`^Applied 0001-domain-schema, .*${latestSchemaVersion}\\. Schema is at ${latestSchemaVersion}\\.`));
    const second = captureIo();
    expect(await runCli(['migrate', '--data', data.dir], second)).toBe(0);
    expect(second.out()).toContain(`already at ${latestSchemaVersion}; nothing to do`);
  });

  it('loads the demo clinic, reports rows/s, and stats shows the counts', async () => {
    const io = captureIo();
    expect(await runCli(['demo', '--patients', '300', '--seed', '3', '--data', data.dir], io)).toBe(0);
    expect(io.out()).toMatch(/Loaded the demo clinic: 300 patients, [\d,]+ rows in [\d.]+ s \([\d,]+ rows\/s\)/);
    expect(io.err()).toMatch(/300\/300 patients/);
    const stats = captureIo();
    expect(await runCli(['stats', '--json', '--data', data.dir], stats)).toBe(0);
    const counts = JSON.parse(stats.out()).counts;
    expect(counts.patients).toBe(300);
    expect(counts.locations).toBe(3);
    expect(counts.appointments).toBeGreaterThan(300);
  });

  it('refuses to load the demo twice without --reset, and replaces it with --reset', async () => {
    const io = captureIo();
    expect(await runCli(['demo', '--patients', '10', '--data', data.dir], io)).toBe(1);
    expect(io.err()).toMatch(/already has patients.*--reset/);
    const reset = captureIo();
    expect(await runCli(['demo', '--patients', '10', '--locations', '1', '--reset', '--data', data.dir], reset)).toBe(0);
    const stats = captureIo();
    await runCli(['stats', '--json', '--data', data.dir], stats);
    expect(JSON.parse(stats.out()).counts).toMatchObject({ patients: 10, locations: 1 });
  });

  it('explains bad flags with the value given and what is allowed', async () => {
    const io = captureIo();
    expect(await runCli(['demo', '--patients', 'lots', '--data', data.dir], io)).toBe(2);
    expect(io.err()).toContain('--patients "lots" is not a whole number');
    const tooMany = captureIo();
    expect(await runCli(['demo', '--patients', '0', '--data', data.dir], tooMany)).toBe(2);
    expect(tooMany.err()).toContain('--patients 0: must be a whole number from 1 to 2,000,000');
    const unknown = captureIo();
    expect(await runCli(['frobnicate'], unknown)).toBe(2);
    expect(unknown.err()).toMatch(/unknown command 'frobnicate'/);
  });

  it('gives one clear error for a malformed DATABASE_URL', async () => {
    const io = captureIo({ DATABASE_URL: 'not a url' });
    expect(await runCli(['stats'], io)).toBe(2);
    expect(io.err()).toBe('recare: Configuration is not valid:\n  DATABASE_URL="not a url": must be a URL like postgres://user:password@host:5432/database\n');
  });

  it('gives one clear error when PostgreSQL cannot be reached', async () => {
    const io = captureIo({ DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/recare' });
    expect(await runCli(['stats'], io)).toBe(1);
    expect(io.err()).toMatch(/^recare: Cannot connect to PostgreSQL at 127\.0\.0\.1:1\/recare: .*Check DATABASE_URL/);
    expect(io.err()).not.toContain('secret');
  });

  it('gives one clear error for an unwritable data directory', async () => {
    const parent = createDataDir();
    const locked = join(parent.dir, 'readonly');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    // root ignores permission bits; a file in the way fails for everyone.
    const target = process.getuid?.() === 0 ? join(bin, 'data') : join(locked, 'data');
    const io = captureIo();
    expect(await runCli(['stats', '--data', target], io)).toBe(1);
    expect(io.err()).toMatch(/^recare: The data directory .* cannot be used \((permission denied|a file is in the way)\)\. Choose a directory this user can write with --data DIR or RECARE_DATA_DIR\.\n$/);
    parent.remove();
  });
});

describe('recare CLI on PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  beforeAll(async () => {
    database = await createPostgresDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  it('loads the demo and counts it through DATABASE_URL', async () => {
    const io = captureIo({ DATABASE_URL: database.url });
    expect(await runCli(['demo', '--patients', '200'], io)).toBe(0);
    expect(io.out()).toContain('into the PostgreSQL database');
    const stats = captureIo({ DATABASE_URL: database.url });
    expect(await runCli(['stats', '--json'], stats)).toBe(0);
    expect(JSON.parse(stats.out())).toMatchObject({ source: 'postgres', counts: { patients: 200 } });
  });
});

describe('one process per embedded data directory', () => {
  const data = createDataDir();
  let server: ReturnType<typeof spawn> | undefined;
  afterAll(() => {
    server?.kill('SIGKILL');
    data.remove();
  });

  it('a second serve fails fast naming the first; stats goes through the running server; nothing is corrupted', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    server = spawn(process.execPath, [bin, 'serve', '--port', String(port), '--data', data.dir], { env: { ...process.env, LOG_LEVEL: 'warn' } });
    let output = '';
    server.stdout!.on('data', (c) => (output += c));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 90_000);
      server!.stdout!.on('data', () => output.includes('Recare is running') && (clearTimeout(timer), resolve()));
    });
    expect(output).toContain('First run: loading the demo clinic');
    expect(output).toContain(`Recare is running at http://localhost:${port}`);

    const second = spawnSync(process.execPath, [bin, 'serve', '--port', String(port + 1), '--data', data.dir], { encoding: 'utf8', timeout: 30_000 });
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(new RegExp(`in use by \`recare serve\` \\(pid ${server.pid}, since .*\\)\\. The embedded database allows one process at a time`));

    const stats = spawnSync(process.execPath, [bin, 'stats', '--json', '--data', data.dir], { encoding: 'utf8', timeout: 30_000 });
    expect(stats.status).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({ source: 'server', pid: server.pid, counts: { patients: 2000 } });

    const health = (await (await fetch(`http://127.0.0.1:${port}/api/health`)).json()) as { backend: string; counts: { patients: number } };
    expect(health).toMatchObject({ backend: 'pglite', counts: { patients: 2000 } });

    server.kill('SIGTERM');
    await new Promise((resolve) => server!.once('exit', resolve));
    const after = spawnSync(process.execPath, [bin, 'stats', '--json', '--data', data.dir], { encoding: 'utf8', timeout: 60_000 });
    expect(after.status).toBe(0);
    expect(JSON.parse(after.stdout)).toMatchObject({ source: 'pglite', counts: { patients: 2000 } });
    // Starts a real server that loads the 2,000-patient demo, then three more processes: on a loaded 2-core CI
    // machine that alone can take a minute, so this test gets its own budget instead of the 60 s default.
  }, 240_000);
});

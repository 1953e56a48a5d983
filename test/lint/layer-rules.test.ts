/**
 * Layer rules of eslint.config.js, proven with the project's own config on small snippets: routes
 * and commands stay away from the query builder (the same code is refused in src/http and src/cli and
 * accepted in a use-case), and only appendAuditEvent writes the audit log.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const eslint = new ESLint({ cwd: root });

async function messagesFor(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

const directQuery = `
import type { Deps } from '../../use-cases/deps.js';
export async function demoFlag(deps: Deps): Promise<boolean> {
  const organization = await deps.store.db.selectFrom('organization').select('demo').executeTakeFirst();
  return organization?.demo === true;
}
`;

describe('lint: http/ and cli/ do not query the database', () => {
  it('refuses a route that reaches for the store\'s db and builds a query', async () => {
    expect(await messagesFor('src/http/routes/lint-sample.ts', directQuery)).toEqual([
      'no-restricted-syntax: http/ and cli/ do not build queries: move the query into a use-case (ARCHITECTURE.md)',
      'no-restricted-syntax: http/ and cli/ do not touch the database (.db): move the query into a use-case (ARCHITECTURE.md)',
    ]);
  });

  it('refuses a query built on a transaction handed to a command, and raw SQL', async () => {
    const code = `
import { sql } from 'kysely';
export async function wipe(tx: { deleteFrom(table: string): { execute(): Promise<unknown> } }): Promise<void> {
  await tx.deleteFrom('sessions').execute();
  void sql\`select 1\`;
}
`;
    expect(await messagesFor('src/cli/commands/lint-sample.ts', code)).toEqual([
      'no-restricted-syntax: http/ and cli/ do not build queries: move the query into a use-case (ARCHITECTURE.md)',
      'no-restricted-syntax: http/ and cli/ do not write SQL: move the query into a use-case (ARCHITECTURE.md)',
    ]);
  });

  it('accepts the same query in a use-case', async () => {
    expect(await messagesFor('src/use-cases/lint-sample.ts', directQuery.replace('../../use-cases/deps.js', './deps.js'))).toEqual([]);
  });
});

describe('lint: one audit writer', () => {
  const ownWriter = `
import type { Deps } from './deps.js';
export async function audit(deps: Pick<Deps, 'store'>, action: string): Promise<void> {
  await deps.store.db.insertInto('audit_events').values({ action, entity_type: 'patient', details: '{}' }).execute();
}
`;

  it('refuses a use-case that inserts into the audit log itself', async () => {
    expect(await messagesFor('src/use-cases/lint-sample.ts', ownWriter)).toEqual([
      'no-restricted-syntax: write the audit log through appendAuditEvent (db/queries/audit-events.ts), the one audit writer',
    ]);
  });

  it('accepts appendAuditEvent, the one writer', async () => {
    const code = await readFile(join(root, 'src/db/queries/audit-events.ts'), 'utf8');
    expect(await messagesFor('src/db/queries/audit-events.ts', code)).toEqual([]);
  });
});

// Lint rules, including the layer boundaries of ARCHITECTURE.md:
// domain ← importers ← use-cases ← (http | cli | jobs); db, channels and connectors implement ports that use-cases
// declare; nothing imports http, cli or web; jobs are started by the composition (cli serve), never
// imported below it; only app.ts constructs adapters; only config.ts reads env.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layer = (name) => `**/${name}/**`;
// Type-only imports are allowed across layers: a port's row types may live where they are implemented.
const forbid = (...layers) => ({
  '@typescript-eslint/no-restricted-imports': ['error', {
    patterns: layers.map((l) => ({ group: [`**/${l}/*`, `**/${l}`], allowTypeImports: true, message: `this layer may not import ${l}/ (see ARCHITECTURE.md)` })),
  }],
});
// Routes and commands parse, call a use-case and answer: the query builder is the use-cases' and db/'s.
const noQueries = {
  'no-restricted-syntax': ['error',
    { selector: "MemberExpression[property.name='db']", message: 'http/ and cli/ do not touch the database (.db): move the query into a use-case (ARCHITECTURE.md)' },
    {
      selector: "CallExpression[callee.property.name=/^(selectFrom|selectNoFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)$/]",
      message: 'http/ and cli/ do not build queries: move the query into a use-case (ARCHITECTURE.md)',
    },
    { selector: "TaggedTemplateExpression[tag.name='sql']", message: 'http/ and cli/ do not write SQL: move the query into a use-case (ARCHITECTURE.md)' },
  ],
};
// One audit writer: only appendAuditEvent (db/queries/audit-events.ts) inserts into the audit log.
const oneAuditWriter = {
  'no-restricted-syntax': ['error', {
    selector: "CallExpression[callee.property.name='insertInto'][arguments.0.value='audit_events']",
    message: 'write the audit log through appendAuditEvent (db/queries/audit-events.ts), the one audit writer',
  }],
};
const nodeIo = ['node:fs', 'node:fs/promises', 'node:child_process', 'node:net', 'node:http', 'node:worker_threads', 'fs', 'pg', 'kysely', '@electric-sql/pglite', 'fastify', 'pino'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'src/web/public/**', '.test-pg/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'read configuration in src/config.ts only' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', URL: 'readonly', Blob: 'readonly', console: 'readonly', document: 'readonly', fetch: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly' } },
  },
  {
    // config.ts reads the environment; main.ts hands it to the CLI (the process boundary).
    files: ['src/config.ts', 'src/main.ts', 'test/**', 'bench/**', 'scripts/**', 'vitest.config.ts', 'src/db/pglite/pglite-worker.mjs'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: [layer('src/domain')],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeIo.map((name) => ({ name, message: 'domain/ is pure: no I/O (ARCHITECTURE.md)' })),
        patterns: ['importers', 'use-cases', 'db', 'channels', 'connectors', 'http', 'cli', 'jobs', 'web', 'demo', 'config', 'log', 'app'].map((l) => ({
          group: [`**/${l}`, `**/${l}/*`, `**/${l}.js`], message: `domain/ may not import ${l} (ARCHITECTURE.md)`,
        })),
      }],
      'no-restricted-syntax': ['error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'domain/ takes time as an argument; read no clock here' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'domain/ takes time as an argument; read no clock here' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'domain/ takes ids and randomness as arguments' },
      ],
    },
  },
  { files: [layer('src/importers'), layer('src/demo')], rules: forbid('use-cases', 'db', 'channels', 'connectors', 'http', 'cli', 'jobs', 'web') },
  { files: [layer('src/use-cases')], rules: forbid('http', 'cli', 'jobs', 'web', 'channels', 'connectors') },
  { files: [layer('src/db'), layer('src/channels'), layer('src/connectors'), layer('src/auth')], rules: forbid('use-cases', 'http', 'cli', 'jobs', 'web') },
  { files: [layer('src/use-cases'), layer('src/db'), layer('src/importers')], ignores: ['src/db/queries/audit-events.ts'], rules: oneAuditWriter },
  // A job is a thin timer around one use case: it reaches the world only through it.
  { files: [layer('src/jobs')], rules: { ...forbid('http', 'cli', 'web', 'db', 'channels', 'connectors'), ...noQueries } },
  { files: [layer('src/http')], rules: { ...forbid('cli', 'jobs', 'web', 'db', 'channels', 'connectors'), ...noQueries } },
  { files: [layer('src/cli')], rules: { ...forbid('http', 'web', 'db', 'channels', 'connectors'), ...noQueries } },
  // The web app talks to the server over HTTP only (src/web/app/src/api.ts); it may share types.
  { files: [layer('src/web')], rules: forbid('use-cases', 'db', 'channels', 'connectors', 'http', 'cli', 'importers') },
);

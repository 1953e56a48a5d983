/**
 * Live connections to a practice system (issue 19): one row per kind (today 'open_dental'), holding how
 * to reach it and its keys sealed with RECARE_SECRET_KEY (src/connectors/secret-box.ts) — never the
 * keys themselves. keys_changed_at says when they were last entered (the keys are never shown back).
 * One statement per entry (the embedded database runs them one at a time).
 */
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table practice_connectors (
    id bigint generated always as identity primary key,
    kind text not null unique check (kind in ('open_dental')),
    mode text not null check (mode in ('service', 'remote', 'local')),
    base_url text not null,
    developer_key_sealed text not null,
    customer_key_sealed text not null,
    keys_changed_at timestamptz not null,
    sync_every_minutes integer not null default 10 check (sync_every_minutes between 1 and 1440),
    write_commlogs boolean not null default true,
    write_confirmations boolean not null default true,
    create_appointments boolean not null default false,
    enabled boolean not null default true,
    created_at timestamptz not null,
    updated_at timestamptz not null
  )`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

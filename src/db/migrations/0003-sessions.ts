/** Sign-in sessions (only the SHA-256 of the cookie token is stored) and password bookkeeping. */
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table sessions (
     id text primary key,
     user_id bigint not null references users(id) on delete cascade,
     csrf_token text not null,
     created_at timestamptz not null,
     last_seen_at timestamptz not null,
     revoked_at timestamptz,
     remote_address text,
     user_agent text
   )`,
  `create index sessions_user on sessions (user_id) where revoked_at is null`,
  `alter table users add column password_changed_at timestamptz`,
  `alter table users add column must_change_password boolean not null default false`,
  `alter table users add column totp_enabled boolean not null default false`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/**
 * Password lifecycle (issue 13): sign-in attempts counted per email (known or not) in their own
 * table, reserved atomically before each check, instead of a counter on the user read and written
 * back; one-time passwords that expire and are single-use; TOTP codes that cannot be replayed;
 * hashed single-use recovery codes. Pending one-time passwords get the default 72 hours from now.
 */
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table sign_in_attempts (
     email_key text primary key,
     attempts integer not null default 0,
     locked_until timestamptz,
     last_attempt_at timestamptz not null
   )`,
  `alter table users drop column failed_sign_ins`,
  `alter table users drop column locked_until`,
  `alter table users add column one_time_password_expires_at timestamptz`,
  `alter table users add column one_time_password_used_at timestamptz`,
  `alter table users add column totp_last_step bigint`,
  `update users set one_time_password_expires_at = now() + interval '72 hours' where must_change_password`,
  `create table recovery_codes (
     user_id bigint not null references users(id) on delete cascade,
     code_hash text not null,
     created_at timestamptz not null,
     used_at timestamptz,
     primary key (user_id, code_hash)
   )`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

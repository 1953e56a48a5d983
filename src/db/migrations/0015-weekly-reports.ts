/**
 * The weekly report's email deliveries (issue 16, part 4): one row per office and ISO week, claimed
 * before the mail goes out, so a report is emailed at most once however many servers run the job:
 *   - state 'sending': claimed, the mail may be on its way (claimed_at says since when);
 *   - 'sent': the relay accepted it (sent_at);
 *   - 'failed': the relay refused it before taking it (failure); a later run may claim it again;
 *   - 'uncertain': it may or may not have arrived (the relay's answer never came, or a claim was left
 *     'sending' by a server that stopped); never resent by itself, shown to managers to check;
 *   - 'skipped': nobody to send it to (no manager or admin covers the office).
 * recipients: the user ids it was addressed to (ids, not addresses).
 * One statement per entry (the embedded database runs them one at a time).
 */
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table weekly_report_deliveries (
    id bigint generated always as identity primary key,
    location_id bigint not null references locations(id) on delete cascade,
    week text not null check (week ~ '^[0-9]{4}-W[0-9]{2}$'),
    state text not null check (state in ('sending', 'sent', 'failed', 'uncertain', 'skipped')),
    recipients jsonb not null default '[]',
    claimed_at timestamptz not null,
    sent_at timestamptz,
    failure text,
    tries integer not null default 1,
    updated_at timestamptz not null default now(),
    unique (location_id, week)
  )`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

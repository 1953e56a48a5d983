/**
 * Booking links, hardened (issue 17's review):
 *   - outbox.secret: the one value in a queued message's text that must not outlive its sending (a
 *     booking link's token, a texted identity code). Once the message has left, or will never leave,
 *     the value is masked in the stored text and the column cleared, so neither the Outbox, the
 *     conversation view nor a database copy holds a live link or code;
 *   - booking_requests.proposed_days / proposed_parts: what a patient proposed, kept as data (not
 *     only in the label) so staff are offered the free times that match it;
 *   - booking_requests_held: the picked times not yet confirmed, which the free-time computation
 *     treats as taken so two patients are not offered the same chair.
 * One statement per entry (the embedded database runs them one at a time).
 */
import { sql, type Kysely } from 'kysely';

const statements = [
  `alter table outbox add column secret text`,
  `alter table booking_requests add column proposed_days text[] not null default '{}'`,
  `alter table booking_requests add column proposed_parts text[] not null default '{}'`,
  `create index booking_requests_held on booking_requests (location_id, starts_at) where confirmed_at is null and kind = 'time'`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/**
 * The weekly report's deliveries (0015) and who receives them. A delivery is claimed by inserting its
 * (office, week) row before anything is sent: the unique key lets one claimer win however many
 * servers run the job, so the mail goes out at most once.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, WeeklyReportDeliveriesTable, WeeklyReportDeliveryState } from '../schema.js';

export type WeeklyReportDeliveryRow = Selectable<WeeklyReportDeliveriesTable>;

export interface ReportRecipient {
  userId: number;
  email: string;
}

/** Managers and admins with an active account who cover the office (all offices, or this one among theirs). */
export async function weeklyReportRecipients(db: Kysely<Database>, locationId: number): Promise<ReportRecipient[]> {
  const rows = await db.selectFrom('users').select(['id', 'email'])
    .where('role', 'in', ['manager', 'admin']).where('disabled_at', 'is', null)
    .where((eb) => eb.or([
      eb('all_locations', '=', true),
      eb.exists(eb.selectFrom('user_locations').select(sql`1`.as('one')).whereRef('user_locations.user_id', '=', 'users.id').where('user_locations.location_id', '=', locationId)),
    ]))
    .orderBy('id').execute();
  return rows.map((r) => ({ userId: Number(r.id), email: r.email }));
}

/**
 * Claims the office's report of `week` for sending: a new row in state 'sending', or a failed one
 * (refused before the relay took it) whose last try was before `retryFailedBefore` and that has tries
 * left. Undefined when the week is already sent, being sent, uncertain or skipped.
 */
export async function claimWeeklyReportDelivery(
  db: Kysely<Database>, claim: { locationId: number; week: string; now: Date; retryFailedBefore: Date; maxTries: number },
): Promise<WeeklyReportDeliveryRow | undefined> {
  return db.insertInto('weekly_report_deliveries')
    .values({ location_id: claim.locationId, week: claim.week, state: 'sending', recipients: JSON.stringify([]), claimed_at: claim.now, updated_at: claim.now })
    .onConflict((c) => c.columns(['location_id', 'week'])
      .doUpdateSet({ state: 'sending', claimed_at: claim.now, failure: null, tries: sql`weekly_report_deliveries.tries + 1`, updated_at: claim.now })
      .where('weekly_report_deliveries.state', '=', 'failed')
      .where('weekly_report_deliveries.claimed_at', '<', claim.retryFailedBefore)
      .where('weekly_report_deliveries.tries', '<', claim.maxTries))
    .returningAll().executeTakeFirst();
}

/** Records what became of a claimed delivery; false when the claim is no longer 'sending' (marked uncertain meanwhile). */
export async function finishWeeklyReportDelivery(
  db: Kysely<Database>, id: number,
  result: { state: Exclude<WeeklyReportDeliveryState, 'sending'>; recipients: readonly number[]; sentAt: Date | null; failure: string | null }, now: Date,
): Promise<boolean> {
  const updated = await db.updateTable('weekly_report_deliveries')
    .set({ state: result.state, recipients: JSON.stringify(result.recipients), sent_at: result.sentAt, failure: result.failure, updated_at: now })
    .where('id', '=', id).where('state', '=', 'sending').executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/**
 * Claims left 'sending' since before `before`: the server that made them stopped between the claim and
 * the relay's answer, so the mail may or may not have gone. They become 'uncertain' (never resent by
 * themselves); how many.
 */
export async function markStaleWeeklyReportClaims(db: Kysely<Database>, before: Date, now: Date): Promise<number> {
  const result = await db.updateTable('weekly_report_deliveries')
    .set({ state: 'uncertain', failure: 'The server stopped while sending; the mail may or may not have gone out. Check with the recipients or the mail server, then download the report if needed.', updated_at: now })
    .where('state', '=', 'sending').where('claimed_at', '<', before).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface WeeklyReportDeliveryView {
  location: string;
  week: string;
  state: WeeklyReportDeliveryState;
  recipients: number[];
  claimedAt: Date;
  sentAt: Date | null;
  failure: string | null;
  tries: number;
}

/** The latest deliveries of the offices given (null: every office), newest week first. */
export async function listWeeklyReportDeliveries(db: Kysely<Database>, locationIds: readonly number[] | null, limit: number): Promise<WeeklyReportDeliveryView[]> {
  let query = db.selectFrom('weekly_report_deliveries as d').innerJoin('locations as l', 'l.id', 'd.location_id')
    .select(['l.external_id', 'd.week', 'd.state', 'd.recipients', 'd.claimed_at', 'd.sent_at', 'd.failure', 'd.tries']);
  if (locationIds !== null) query = query.where('d.location_id', '=', sql<number>`any(${[...locationIds, -1]}::bigint[])`);
  const rows = await query.orderBy('d.week', 'desc').orderBy('l.external_id').limit(limit).execute();
  return rows.map((r) => ({
    location: r.external_id, week: r.week, state: r.state, recipients: (r.recipients ?? []).map(Number), claimedAt: new Date(r.claimed_at),
    sentAt: r.sent_at ? new Date(r.sent_at) : null, failure: r.failure, tries: r.tries,
  }));
}

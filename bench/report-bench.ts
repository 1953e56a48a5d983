/**
 * `report.summary_90d`: the report's summary (GET /api/reports/summary, `recare report`) for the last
 * 90 local days, every office and program, on a loaded and planned demo clinic given a synthetic
 * outreach history over those 90 days, written set-based in SQL:
 *   - staff calls on a third of the open cases (1–3 each, outcomes cycling through no answer, left
 *     message, callback requested, declined and scheduled), spread over the 90 days, one in fifty undone;
 *   - automated texts handed to a provider on a fifth of the cases (an attempt and its sent outbox entry);
 *   - appointments first seen three days after a sixth of the cases' first call, completed when they
 *     started before "now".
 * The floor, in the same run: a bare count of the attempts in the period (the least the summary reads).
 */
import { sql } from 'kysely';
import { fixedClock } from '../src/clock.js';
import type { Backend, Store } from '../src/db/open-store.js';
import { readReportSummary } from '../src/use-cases/reports/read-report-summary.js';
import { median, printResult, round } from './measure.js';

const now = new Date('2026-11-24T15:00:00Z');
const period = { from: '2026-08-27', to: '2026-11-25' };

export async function benchReport(options: { backend: Backend; size: number; store: Store; runs: number }): Promise<void> {
  const { backend, size, store } = options;
  const { db } = store;
  const staff = await db.selectFrom('users').select('id').where('role', 'in', ['front_desk', 'coordinator']).orderBy('id').execute();
  const staffIds = staff.length > 0 ? staff.map((u) => u.id) : [null];
  await sql`
    insert into attempts (case_id, patient_id, contact_point_id, channel, direction, actor_kind, actor_user_id, purpose, outcome, occurred_at)
    select c.id, c.patient_id, null, 'voice', 'out', 'staff', (${staffIds}::bigint[])[1 + (c.id + n) % ${staffIds.length}], 'recall_due',
           (array['no_answer', 'left_message', 'callback_requested', 'declined', 'scheduled'])[1 + (c.id + n) % 5],
           ${now}::timestamptz - ((c.id * 7 + n * 13) % 88 + 1) * interval '1 day' - (c.id % 480) * interval '1 minute'
    from cases c cross join generate_series(1, 3) n
    where c.state <> 'closed' and c.id % 3 = 0 and n <= 1 + (c.id / 3) % 3`.execute(db);
  await sql`
    with texts as (
      insert into attempts (case_id, patient_id, channel, direction, actor_kind, purpose, idempotency_key, occurred_at)
      select c.id, c.patient_id, 'sms', 'out', 'automation', 'recall_due', 'bench-text-' || c.id, ${now}::timestamptz - ((c.id * 11) % 85 + 2) * interval '1 day'
      from cases c where c.state <> 'closed' and c.id % 5 = 1
      returning id, case_id, patient_id, idempotency_key, occurred_at
    )
    insert into outbox (key, origin, channel, patient_id, case_id, purpose, state, due_at, next_try_at, attempt_id, sent_at, created_at, updated_at)
    select t.idempotency_key, 'cadence', 'sms', t.patient_id, t.case_id, 'recall_due', 'sent', t.occurred_at, t.occurred_at, t.id, t.occurred_at, t.occurred_at, t.occurred_at
    from texts t`.execute(db);
  await sql`
    insert into attempt_events (attempt_id, status, occurred_at)
    select a.id, 'voided', a.occurred_at + interval '5 seconds' from attempts a where a.actor_kind = 'staff' and a.id % 50 = 0`.execute(db);
  await sql`
    insert into appointments (external_source, external_id, patient_id, location_id, starts_at, status, type, first_seen_at)
    select 'bench', 'bench-' || f.case_id, f.patient_id, c.location_id, f.first_at + interval '13 days',
           case when f.first_at + interval '13 days' < ${now}::timestamptz then 'completed' else 'scheduled' end, 'hygiene', f.first_at + interval '3 days'
    from (select case_id, min(patient_id) as patient_id, min(occurred_at) as first_at from attempts where actor_kind = 'staff' group by case_id) f
    join cases c on c.id = f.case_id
    where f.case_id % 6 = 0`.execute(db);
  await sql`analyze`.execute(db);

  const range = { start: new Date('2026-08-26T09:00:00Z'), end: new Date('2026-11-25T13:00:00Z') };
  const countAttempts = () => sql<{ n: number }>`select count(*)::int as n from attempts where occurred_at >= ${range.start} and occurred_at < ${range.end}`.execute(db);
  const floor = await median(options.runs, countAttempts);
  const attempts = Number((await countAttempts()).rows[0]?.n ?? 0);
  const base = { backend, size, floor_ms: floor.median };
  printResult({ bench: 'floor.count_attempts_90d', ...base, ms: floor.median, ratio: 1, p95_ms: floor.p95, attempts });
  const deps = { store, clock: fixedClock(now) };
  let summary: Awaited<ReturnType<typeof readReportSummary>> | undefined;
  const timed = await median(options.runs, async () => (summary = await readReportSummary(deps, period)));
  printResult({
    bench: 'report.summary_90d', ...base, ms: timed.median, ratio: round(timed.median / floor.median), p95_ms: timed.p95, attempts,
    eligible: summary?.eligible ?? 0, attempted: summary?.attempted ?? 0, scheduled: summary?.scheduled ?? 0,
  });
}

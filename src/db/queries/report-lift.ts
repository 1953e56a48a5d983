/**
 * The lift's counts for one program and one group of the randomized holdout (docs/reporting.md,
 * "Holdout and lift"): the group's eligible patients, and of them those who booked and attended.
 *
 * Booked is decided by one rule in both groups, and it cannot ask for a touch: held-out patients get
 * none, so a touch-based count would give the holdout zero by construction. A patient booked when an
 * appointment of theirs was first seen by Recare (import, sync or booking link) from the start of the
 * period until the attribution window after its end; attended when such an appointment was completed.
 * The eligible patients are those of the summary (report-summary.ts, its temporary tables), with one
 * more condition on the due item: its stored group. This is intention to treat: a held-out patient who
 * is due for another program is still called for that (and hears about everything), which can only pull
 * the difference toward zero, so the lift errs on the side of claiming less (docs/reporting.md).
 */
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { GroupCounts } from '../../domain/reporting/lift-interval.js';
import type { ReportPeriod } from '../../domain/reporting/index.js';
import type { Database } from '../schema.js';
import { reportStatements, type ReportDefinitions, type ReportFilter } from './report-summary.js';

export type OutreachGroup = 'outreach' | 'holdout';

export async function readLiftCounts(
  db: Kysely<Database>, period: ReportPeriod, filter: ReportFilter & { programKey: string }, definitions: ReportDefinitions, group: OutreachGroup,
): Promise<GroupCounts> {
  const conditions = [...(filter.itemConditions ?? []), sql<SqlBool>`d.outreach_group = ${group}`];
  const { prepare } = reportStatements(period, { ...filter, itemConditions: conditions }, definitions);
  const window = definitions.attributionWindowDays;
  const row = await db.transaction().execute(async (trx) => {
    for (const statement of prepare) await statement.execute(trx);
    return (await sql<{ eligible: string | number; scheduled: string | number; attended: string | number }>`
      select count(*) as eligible,
             count(*) filter (where b.patient_id is not null) as scheduled,
             count(*) filter (where b.attended) as attended
      from report_people pe
      left join lateral (
        select ap.patient_id, bool_or(ap.status = 'completed') as attended
        from appointments ap
        where ap.patient_id = pe.patient_id
          and ap.first_seen_at >= pe.starts_at and ap.first_seen_at < pe.ends_at + ${window} * interval '1 day'
        group by ap.patient_id
      ) b on true`.execute(trx)).rows[0];
  });
  return { eligible: Number(row?.eligible ?? 0), scheduled: Number(row?.scheduled ?? 0), attended: Number(row?.attended ?? 0) };
}

/** Programs with a held-out item (today's setting aside: an item drawn while the holdout was on still counts). */
export async function programsWithHoldout(db: Kysely<Database>, programKey: string | null): Promise<string[]> {
  let query = db.selectFrom('due_items').select('program_key').distinct().where('outreach_group', '=', 'holdout').where('program_key', 'is not', null);
  if (programKey !== null) query = query.where('program_key', '=', programKey);
  return (await query.orderBy('program_key').execute()).map((r) => r.program_key as string);
}

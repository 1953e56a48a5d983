/**
 * The report's data problems as a list to fix (docs/reporting.md, "Data problems"): the contact points
 * of eligible patients marked invalid in the period, and emails that hard-bounced in the period, one
 * row per contact point (a bounced address also marked invalid is one row), so the list has exactly as
 * many rows as the summary's `dataProblems` counts.
 *
 * The eligible patients and each one's period come from the summary's own temporary tables
 * (reportStatements' `prepare`), so the two cannot drift apart; the conditions below are the summary's
 * `problems` conditions. Ids and codes only: no phone number or email address leaves this query.
 */
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { periodSearchRange, type ReportPeriod } from '../../domain/reporting/index.js';
import type { Database } from '../schema.js';
import { reportStatements, type ReportDefinitions, type ReportFilter } from './report-summary.js';

export type DataProblemKind = 'marked_invalid' | 'hard_bounce';

export interface DataProblemRow {
  /** The patient as the practice knows them (patients.external_id). */
  patientId: string;
  /** The contact point's id; null for a bounce recorded without one. */
  contactPointId: number | null;
  /** phone or email; null when the contact point is not known. */
  contactKind: 'phone' | 'email' | null;
  /** marked_invalid wins over hard_bounce when a point is both. */
  kind: DataProblemKind;
  /** Why it was marked invalid, as recorded (e.g. "wrong number on attempt #12"); null for a bounce. */
  reason: string | null;
  /** When: the latest of its marks and bounces in the period. */
  at: Date;
  /** The office of the patient's case (external id); null without one. */
  location: string | null;
}

/** At most this many rows; a list longer than this is a data-import problem, not a to-do list. */
export const dataProblemsLimit = 1000;

/** The latest `limit` problems, latest first. */
export async function readDataProblems(db: Kysely<Database>, period: ReportPeriod, filter: ReportFilter, definitions: ReportDefinitions, limit = dataProblemsLimit): Promise<DataProblemRow[]> {
  const { prepare } = reportStatements(period, filter, definitions);
  const range = periodSearchRange(period);
  const inPeriod = (column: RawBuilder<unknown>) => sql<SqlBool>`(${column} >= ${range.startsAt} and ${column} < ${range.endsAt} and ${column} >= z.starts_at and ${column} < z.ends_at)`;
  const rows = await db.transaction().execute(async (trx) => {
    for (const statement of prepare) await statement.execute(trx);
    const result = await sql<{ point: string; patient_id: string; contact_point_id: string | null; contact_kind: 'phone' | 'email' | null; invalid: boolean; reason: string | null; at: Date | string; location: string | null }>`
      with marks as (
        select cp.id as point, cp.patient_id, cp.id as contact_point_id, true as invalid, cp.invalid_reason as reason, cp.invalid_at as at
        from contact_points cp join report_people z on z.patient_id = cp.patient_id
        where ${inPeriod(sql`cp.invalid_at`)}
        union all
        select coalesce(a.contact_point_id, -a.id), a.patient_id, a.contact_point_id, false, null, e.occurred_at
        from attempt_events e join attempts a on a.id = e.attempt_id join report_people z on z.patient_id = a.patient_id
        where e.status = 'bounced' and ${inPeriod(sql`e.occurred_at`)}
      )
      select m.point, p.external_id as patient_id, max(m.contact_point_id) as contact_point_id, max(cp.kind::text) as contact_kind,
             bool_or(m.invalid) as invalid, max(m.reason) as reason, max(m.at) as at, max(l.external_id) as location
      from marks m
      join patients p on p.id = m.patient_id
      join report_people pe on pe.patient_id = m.patient_id
      left join locations l on l.id = pe.loc
      left join contact_points cp on cp.id = m.contact_point_id
      group by m.point, p.external_id
      order by max(m.at) desc, p.external_id, m.point
      limit ${limit}`.execute(trx);
    return result.rows;
  });
  return rows.map((r) => ({
    patientId: r.patient_id,
    contactPointId: r.contact_point_id === null ? null : Number(r.contact_point_id),
    contactKind: r.contact_kind,
    kind: r.invalid ? 'marked_invalid' : 'hard_bounce',
    reason: r.reason,
    at: new Date(r.at),
    location: r.location,
  }));
}

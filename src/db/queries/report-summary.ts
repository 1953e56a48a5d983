/**
 * The report's counts (docs/reporting.md says each definition in words). Every per-patient fact is
 * worked out and aggregated in SQL, over the period's attempts and the eligible due items, so a
 * million patients never travel to JavaScript; one JSON document comes back.
 *
 * In one transaction, four temporary tables (dropped at commit), each analyzed so the planner knows
 * their sizes (a CTE's estimate is a guess, and a guess of "4 rows" for 400,000 patients picks
 * nested loops that take minutes):
 *   report_zones    each location's period as instants in its own time zone (plus UTC, loc 0, for no location);
 *   report_items    the eligible due items: outreach window overlapping the period, not closed before it.
 *                   Every patient filter goes here, in `itemConditions` (one place: a holdout group is one more condition);
 *   report_people   one row per eligible patient: the location of their case, its period, language, earliest due date;
 *   report_touches  the period's outbound attempts of those patients that were not undone, and whose message,
 *                   if any, was handed to a provider (or mailed);
 * then one statement: per-patient facts (attempted, reached, scheduled, attended, declined …) and their aggregates.
 */
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { reasonNotGiven, reasonOutcomes } from '../../domain/outcomes/index.js';
import type { ReportCounts, ReportPeriod } from '../../domain/reporting/index.js';
import { periodSearchRange } from '../../domain/reporting/index.js';
import type { Database } from '../schema.js';

export interface ReportFilter {
  /** Locations (ids) whose patients count; null = every location. */
  locationIds: readonly number[] | null;
  /** One program's items only; null = every program. */
  programKey: string | null;
  /**
   * More conditions on the eligible due items, over the aliases `d` (due_items), `p` (patients) and
   * `c` (their case), e.g. sql`d.holdout_group = 'outreach'`. Every figure follows from the items, so this is the one place.
   */
  itemConditions?: readonly RawBuilder<SqlBool>[];
}

export interface ReportDefinitions {
  attributionWindowDays: number;
  /** Outcome keys that count as reaching the patient. */
  reachedOutcomes: readonly string[];
  reactivationPrograms: readonly string[];
  treatmentPrograms: readonly string[];
}

const emptyCounts = (): Record<string, number> => ({});

export async function readReportCounts(db: Kysely<Database>, period: ReportPeriod, filter: ReportFilter, definitions: ReportDefinitions): Promise<ReportCounts> {
  const { prepare, report } = reportStatements(period, filter, definitions);
  const result = await db.transaction().execute(async (trx) => {
    for (const statement of prepare) await statement.execute(trx);
    return report.execute(trx);
  });
  const counts = JSON.parse(result.rows[0]?.report ?? '{}') as ReportCounts;
  // An empty period has no totals row: every count is then 0.
  if (counts.totals === null) counts.totals = emptyTotals();
  counts.totals.daysDueToScheduled ??= emptyCounts();
  return counts;
}

/**
 * The statements: `prepare` fills the temporary tables (run them in one transaction, in order), then
 * `report` answers one row with one JSON text column. Exported for EXPLAIN.
 */
export function reportStatements(period: ReportPeriod, filter: ReportFilter, definitions: ReportDefinitions): { prepare: RawBuilder<unknown>[]; report: RawBuilder<{ report: string }> } {
  const range = periodSearchRange(period);
  const window = definitions.attributionWindowDays;
  const reached = [...definitions.reachedOutcomes];
  const locationIds = filter.locationIds === null ? null : [...filter.locationIds];
  const itemConditions = [
    sql<SqlBool>`true`,
    ...(locationIds === null ? [] : [sql<SqlBool>`coalesce(c.location_id, p.home_location_id, 0) = any(${locationIds}::bigint[])`]),
    ...(filter.programKey === null ? [] : [sql<SqlBool>`d.program_key = ${filter.programKey}`]),
    ...(filter.itemConditions ?? []),
  ];
  // Whether a touch (alias t, with its zone's time zone) is credited with appointment ap: first seen after the
  // touch and within the window of local days, starting after it; or the touch recorded "Scheduled" and the
  // practice system's copy of the visit arrived on that day or within the window after it.
  const creditedBy = (t: string, tz: string) => sql<SqlBool>`(
      ap.starts_at > ${sql.ref(`${t}.occurred_at`)}
      and ap.first_seen_at >= ${sql.ref(`${t}.occurred_at`)} - interval '1 day'
      and ap.first_seen_at < ${sql.ref(`${t}.occurred_at`)} + ${window + 2} * interval '1 day'
      and (ap.first_seen_at at time zone ${sql.ref(tz)})::date - (${sql.ref(`${t}.occurred_at`)} at time zone ${sql.ref(tz)})::date between 0 and ${window}
      and (ap.first_seen_at >= ${sql.ref(`${t}.occurred_at`)}
           or (${sql.ref(`${t}.outcome`)} = 'scheduled' and ${sql.ref(`${t}.actor_kind`)} = 'staff' and ap.external_source <> 'recare')))`;
  // An outbound attempt that counts as a touch: not undone, and not a message still waiting for (or refused by) its provider.
  const isTouch = (a: string) => sql<SqlBool>`(${sql.ref(`${a}.direction`)} = 'out'
      and not exists (select 1 from attempt_events v where v.attempt_id = ${sql.ref(`${a}.id`)} and v.status = 'voided')
      and not exists (select 1 from outbox o where o.attempt_id = ${sql.ref(`${a}.id`)} and o.sent_at is null))`;
  const inPeriod = (column: RawBuilder<unknown>) => sql<SqlBool>`(${column} >= z.starts_at and ${column} < z.ends_at)`;
  const withinRange = (column: RawBuilder<unknown>) => sql<SqlBool>`(${column} >= ${range.startsAt} and ${column} < ${range.endsAt})`;

  const prepare = [
    // Just-in-time compilation of a statement this size costs PostgreSQL ~10 s (measured at 100k patients) to save
    // milliseconds; and the temporary tables need only rough statistics. Both settings end with the transaction.
    sql`set local jit = off`,
    sql`set local default_statistics_target = 10`,
    // The period's touches, items and people are sorted and hashed in memory rather than spilled to disk.
    sql`set local work_mem = '64MB'`,
    sql`create temp table report_zones on commit drop as
      select l.id as loc, l.external_id, l.name, l.time_zone as tz,
             (${period.from}::date::timestamp at time zone l.time_zone) as starts_at,
             (${period.to}::date::timestamp at time zone l.time_zone) as ends_at
      from locations l
      union all
      select 0, null, null, 'UTC', (${period.from}::date::timestamp at time zone 'UTC'), (${period.to}::date::timestamp at time zone 'UTC')`,
    sql`create temp table report_items on commit drop as
      select d.patient_id, d.program_key, d.due_on, coalesce(d.fee_cents, 0) as fee_cents, d.case_id, z.loc
      from due_items d
      join patients p on p.id = d.patient_id
      left join cases c on c.id = d.case_id
      join report_zones z on z.loc = coalesce(c.location_id, p.home_location_id, 0)
      where d.status <> 'suppressed'
        and coalesce(d.outreach_starts_at, d.window_start::timestamp at time zone z.tz) < z.ends_at
        and coalesce(d.outreach_ends_at, (d.window_end + 1)::timestamp at time zone z.tz, 'infinity'::timestamptz) > z.starts_at
        and (d.closed_at is null or d.closed_at >= z.starts_at)
        and ${sql.join(itemConditions, sql` and `)}`,
    sql`analyze report_items`,
    sql`create temp table report_people on commit drop as
      select i.patient_id, i.loc, z.tz, z.starts_at, z.ends_at, coalesce(nullif(p.language, ''), 'en') as language,
             i.first_due, i.reactivation, i.treatment_fee, i.planned_fee
      -- The location of the newest case: the greatest [case id, location] pair (no case sorts first), an aggregate
      -- without the per-patient sort an ordered array_agg costs.
      from (select patient_id, (max(array[coalesce(case_id, 0), loc]))[2] as loc, min(due_on) as first_due,
                   bool_or(program_key = any(${[...definitions.reactivationPrograms]}::text[])) as reactivation,
                   sum(case when program_key = any(${[...definitions.treatmentPrograms]}::text[]) then fee_cents else 0 end) as treatment_fee,
                   sum(fee_cents) as planned_fee
            from report_items group by patient_id) i
      join patients p on p.id = i.patient_id
      join report_zones z on z.loc = i.loc`,
    sql`analyze report_people`,
    sql`create temp table report_touches on commit drop as
      select a.id, a.patient_id, a.channel::text as channel, a.actor_kind, a.actor_user_id, a.outcome, a.reason, a.occurred_at, z.tz,
             (a.channel = 'voice' and a.actor_kind in ('staff', 'import')) as staff_call,
             (a.outcome is not null and a.outcome = any(${reached}::text[])) as reached
      from attempts a
      join report_people z on z.patient_id = a.patient_id
      where ${withinRange(sql`a.occurred_at`)} and ${inPeriod(sql`a.occurred_at`)} and ${isTouch('a')}`,
    sql`analyze report_touches`,
  ];

  const report = sql<{ report: string }>`
    with replies as (
      select distinct r.patient_id, r.channel from (
        select c.patient_id, i.channel::text as channel, i.received_at as at
        from inbound_messages i join cases c on c.id = i.case_id
        where ${withinRange(sql`i.received_at`)}
        union all
        select a.patient_id, a.channel::text, a.occurred_at
        from attempts a
        where a.direction = 'in' and ${withinRange(sql`a.occurred_at`)}
          and not exists (select 1 from attempt_events v where v.attempt_id = a.id and v.status = 'voided')
      ) r join report_people z on z.patient_id = r.patient_id
      where ${inPeriod(sql`r.at`)}
    ),
    credited as (
      -- Lateral with a limit, so each touch looks up its patient's earliest credited appointment by index: without
      -- the limit the planner flattens it into a hash join that reads every appointment of the practice.
      select distinct on (t.patient_id) t.patient_id, ap.id as appointment_id, ap.status, ap.patient_id as ap_patient, ap.starts_at, ap.location_id,
             (ap.first_seen_at at time zone t.tz)::date as first_seen_on
      from report_touches t
      cross join lateral (select ap.* from appointments ap where ap.patient_id = t.patient_id and ${creditedBy('t', 't.tz')}
                          order by ap.first_seen_at, ap.id limit 1) ap
      order by t.patient_id, ap.first_seen_at, ap.id
    ),
    -- Attended: a credited visit that was completed. Not necessarily the first one seen: a visit booked on the
    -- patient's page is Recare's own row, and the practice system's copy is the one marked completed.
    attended_visit as (
      select distinct on (t.patient_id) t.patient_id, ap.id as appointment_id, 'completed'::text as status, ap.patient_id as ap_patient, ap.starts_at, ap.location_id
      from report_touches t
      cross join lateral (select ap.* from appointments ap where ap.patient_id = t.patient_id and ap.status = 'completed' and ${creditedBy('t', 't.tz')}
                          order by ap.first_seen_at, ap.id limit 1) ap
      order by t.patient_id, ap.first_seen_at, ap.id
    ),
    production as (
      select cr.patient_id,
             coalesce((select sum(pr.fee_cents) from procedures pr
                       where pr.patient_id = cr.ap_patient and pr.status = 'completed' and pr.fee_cents is not null
                         and (pr.appointment_id = cr.appointment_id or (pr.appointment_id is null
                              and pr.performed_on = (cr.starts_at at time zone coalesce((select l.time_zone from locations l where l.id = cr.location_id), pe.tz))::date))),
                      pe.planned_fee) as cents
      from attended_visit cr join report_people pe on pe.patient_id = cr.patient_id
    ),
    per_touch as (
      select t.patient_id, bool_or(t.reached) as reached, bool_or(t.outcome = 'declined') as declined
      from report_touches t group by t.patient_id
    ),
    replied as (select distinct patient_id from replies),
    escalated as (
      select e.patient_id, bool_or(e.queue = 'clinical') as clinical, bool_or(e.queue = 'insurance') as insurance,
             bool_or(e.queue = 'language') as language, bool_or(e.queue = 'manager') as manager
      from escalations e join report_people z on z.patient_id = e.patient_id
      where ${inPeriod(sql`e.created_at`)} group by e.patient_id
    ),
    unreachable as (
      select distinct c.patient_id from cases c join report_people z on z.patient_id = c.patient_id
      where c.closed_reason = 'unreachable' and ${withinRange(sql`c.closed_at`)} and ${inPeriod(sql`c.closed_at`)}
    ),
    opted_out as (
      select distinct o.patient_id from opt_outs o join report_people z on z.patient_id = o.patient_id
      where ${withinRange(sql`o.received_at`)} and ${inPeriod(sql`o.received_at`)}
    ),
    facts as materialized (
      select pe.patient_id, pe.loc, pe.language, pe.first_due, pe.reactivation, pe.treatment_fee,
             pt.patient_id is not null as attempted,
             pt.patient_id is not null and (pt.reached or rp.patient_id is not null) as reached,
             cr.patient_id is not null as scheduled,
             av.patient_id is not null as attended,
             cr.first_seen_on,
             coalesce(pt.declined, false) as declined,
             un.patient_id is not null as unreachable,
             pt.patient_id is not null and oo.patient_id is not null as opted_out,
             es.patient_id is not null as escalated,
             coalesce(es.clinical, false) as esc_clinical, coalesce(es.insurance, false) as esc_insurance,
             coalesce(es.language, false) as esc_language, coalesce(es.manager, false) as esc_manager,
             coalesce(pr.cents, 0) as production_cents
      from report_people pe
      left join per_touch pt on pt.patient_id = pe.patient_id
      left join replied rp on rp.patient_id = pe.patient_id
      left join credited cr on cr.patient_id = pe.patient_id
      left join attended_visit av on av.patient_id = pe.patient_id
      left join escalated es on es.patient_id = pe.patient_id
      left join unreachable un on un.patient_id = pe.patient_id
      left join opted_out oo on oo.patient_id = pe.patient_id
      left join production pr on pr.patient_id = pe.patient_id
    ),
    groups as (
      select grouping(f.loc) as by_loc, grouping(f.language) as by_language, f.loc, f.language,
             count(*) as eligible, count(*) filter (where f.attempted) as attempted, count(*) filter (where f.reached) as reached,
             count(*) filter (where f.scheduled) as scheduled, count(*) filter (where f.attended) as attended,
             count(*) filter (where f.declined) as declined, count(*) filter (where f.unreachable) as unreachable,
             count(*) filter (where f.opted_out) as opted_out, count(*) filter (where f.escalated) as escalated,
             coalesce(sum(f.production_cents), 0) as production_cents,
             count(*) filter (where f.esc_clinical) as esc_clinical, count(*) filter (where f.esc_insurance) as esc_insurance,
             count(*) filter (where f.esc_language) as esc_language, count(*) filter (where f.esc_manager) as esc_manager,
             count(*) filter (where f.attempted and f.reactivation) as reactivation_attempted,
             count(*) filter (where f.attended and f.reactivation) as reactivation_attended,
             coalesce(sum(f.treatment_fee) filter (where f.attempted), 0) as treatment_attempted,
             coalesce(sum(f.treatment_fee) filter (where f.scheduled), 0) as treatment_scheduled
      from facts f
      group by grouping sets ((), (f.loc), (f.language))
    ),
    programs as (
      select i.program_key, count(*) as eligible, count(*) filter (where f.attempted) as attempted, count(*) filter (where f.reached) as reached,
             count(*) filter (where f.scheduled) as scheduled, count(*) filter (where f.attended) as attended,
             count(*) filter (where f.declined) as declined, count(*) filter (where f.unreachable) as unreachable,
             count(*) filter (where f.opted_out) as opted_out, count(*) filter (where f.escalated) as escalated,
             coalesce(sum(f.production_cents), 0) as production_cents
      from (select distinct patient_id, program_key from report_items) i join facts f on f.patient_id = i.patient_id
      group by i.program_key
    ),
    channels as (
      select t.channel, count(*) as touches, count(distinct t.patient_id) as patients_touched,
             count(distinct t.patient_id) filter (where t.reached or r.patient_id is not null) as patients_responded
      from report_touches t left join replies r on r.patient_id = t.patient_id and r.channel = t.channel
      group by t.channel
    ),
    staff as (
      select t.actor_user_id as user_id, count(*) as touches, count(*) filter (where t.channel = 'voice') as calls,
             count(*) filter (where t.channel = 'voice' and t.reached) as connected_calls,
             count(distinct t.patient_id) as patients_touched,
             count(distinct t.patient_id) filter (where f.scheduled) as patients_scheduled
      from report_touches t join facts f on f.patient_id = t.patient_id
      where t.actor_user_id is not null and t.actor_kind = 'staff'
      group by t.actor_user_id
    ),
    staff_outcomes as (
      select t.actor_user_id as user_id, t.outcome, count(*) as n
      from report_touches t where t.actor_user_id is not null and t.actor_kind = 'staff' and t.outcome is not null
      group by t.actor_user_id, t.outcome
    ),
    -- Touches per outcome (staff, imported and automated alike), and the barrier outcomes per reason given.
    touch_outcomes as (
      select t.outcome, coalesce(t.reason, ${reasonNotGiven.key}) as reason, t.outcome = any(${[...reasonOutcomes]}::text[]) as barrier, count(*) as n
      from report_touches t where t.outcome is not null group by 1, 2, 3
    ),
    problems as (
      select cp.id as point from contact_points cp join report_people z on z.patient_id = cp.patient_id
      where ${withinRange(sql`cp.invalid_at`)} and ${inPeriod(sql`cp.invalid_at`)}
      union
      select coalesce(a.contact_point_id, -a.id) from attempt_events e join attempts a on a.id = e.attempt_id join report_people z on z.patient_id = a.patient_id
      where e.status = 'bounced' and ${withinRange(sql`e.occurred_at`)} and ${inPeriod(sql`e.occurred_at`)}
    ),
    visits as materialized (
      select ap.status,
             exists (select 1 from attempts t where t.patient_id = ap.patient_id
                       and t.occurred_at > ap.first_seen_at - ${window + 2} * interval '1 day' and t.occurred_at < ap.first_seen_at + interval '1 day'
                       and ${isTouch('t')} and ${creditedBy('t', 'z.tz')}) as attributed
      from appointments ap
      join report_zones z on z.loc = coalesce(ap.location_id, (select p.home_location_id from patients p where p.id = ap.patient_id), 0)
      where ap.status in ('completed', 'no_show') and ${withinRange(sql`ap.starts_at`)} and ${inPeriod(sql`ap.starts_at`)}
        and (${locationIds}::bigint[] is null or z.loc = any(${locationIds}::bigint[]))
        and (${filter.programKey === null && (filter.itemConditions ?? []).length === 0} or exists (select 1 from report_people pe where pe.patient_id = ap.patient_id))
    ),
    days as (
      select f.first_seen_on - f.first_due as days, count(*) as n from facts f
      where f.scheduled and f.first_due <= f.first_seen_on group by 1
    )
    select json_build_object(
      'totals', (select json_build_object(
          'eligible', g.eligible, 'attempted', g.attempted, 'reached', g.reached, 'scheduled', g.scheduled, 'attended', g.attended,
          'declined', g.declined, 'unreachable', g.unreachable, 'optedOut', g.opted_out, 'escalated', g.escalated,
          'recoveredProductionCents', g.production_cents,
          'escalatedByQueue', json_build_object('clinical', g.esc_clinical, 'insurance', g.esc_insurance, 'language', g.esc_language, 'manager', g.esc_manager),
          'dataProblems', (select count(*) from problems),
          'staffCalls', (select count(*) from report_touches where staff_call), 'connectedCalls', (select count(*) from report_touches where staff_call and reached),
          'reactivationAttempted', g.reactivation_attempted, 'reactivationAttended', g.reactivation_attended,
          'treatmentFeeAttemptedCents', g.treatment_attempted, 'treatmentFeeScheduledCents', g.treatment_scheduled,
          'daysDueToScheduled', (select coalesce(json_object_agg(d.days, d.n), '{}') from days d))
        from groups g where g.by_loc = 1 and g.by_language = 1),
      'byLocation', (select coalesce(json_agg(json_build_object(
          'location', z.external_id, 'name', z.name,
          'eligible', g.eligible, 'attempted', g.attempted, 'reached', g.reached, 'scheduled', g.scheduled, 'attended', g.attended,
          'declined', g.declined, 'unreachable', g.unreachable, 'optedOut', g.opted_out, 'escalated', g.escalated, 'recoveredProductionCents', g.production_cents)
          order by z.external_id nulls last), '[]')
        from groups g join report_zones z on z.loc = g.loc where g.by_loc = 0),
      'byLanguage', (select coalesce(json_agg(json_build_object(
          'language', g.language,
          'eligible', g.eligible, 'attempted', g.attempted, 'reached', g.reached, 'scheduled', g.scheduled, 'attended', g.attended,
          'declined', g.declined, 'unreachable', g.unreachable, 'optedOut', g.opted_out, 'escalated', g.escalated, 'recoveredProductionCents', g.production_cents)
          order by g.language), '[]')
        from groups g where g.by_language = 0),
      'byProgram', (select coalesce(json_agg(json_build_object(
          'program', g.program_key, 'name', rp.name,
          'eligible', g.eligible, 'attempted', g.attempted, 'reached', g.reached, 'scheduled', g.scheduled, 'attended', g.attended,
          'declined', g.declined, 'unreachable', g.unreachable, 'optedOut', g.opted_out, 'escalated', g.escalated, 'recoveredProductionCents', g.production_cents)
          order by g.program_key), '[]')
        from programs g left join recall_programs rp on rp.key = g.program_key where g.program_key is not null),
      'byChannel', (select coalesce(json_agg(json_build_object('channel', c.channel, 'touches', c.touches, 'patientsTouched', c.patients_touched, 'patientsResponded', c.patients_responded)
          order by c.channel), '[]') from channels c),
      'byStaff', (select coalesce(json_agg(json_build_object(
          'userId', s.user_id, 'name', u.display_name, 'touches', s.touches, 'calls', s.calls, 'connectedCalls', s.connected_calls,
          'patientsTouched', s.patients_touched, 'patientsScheduled', s.patients_scheduled,
          'outcomes', (select coalesce(json_object_agg(o.outcome, o.n order by o.outcome), '{}') from staff_outcomes o where o.user_id = s.user_id))
          order by u.display_name, s.user_id), '[]')
        from staff s join users u on u.id = s.user_id),
      'byOutcome', (select coalesce(json_object_agg(o.outcome, o.n order by o.outcome), '{}')
        from (select outcome, sum(n) as n from touch_outcomes group by outcome) o),
      'reasons', (select coalesce(json_agg(json_build_object('reason', r.reason, 'outcome', r.outcome, 'touches', r.n) order by r.reason, r.outcome), '[]')
        from touch_outcomes r where r.barrier),
      'visits', (select json_build_object(
          'attributed', json_build_object('completed', count(*) filter (where attributed and status = 'completed'), 'noShows', count(*) filter (where attributed and status = 'no_show')),
          'other', json_build_object('completed', count(*) filter (where not attributed and status = 'completed'), 'noShows', count(*) filter (where not attributed and status = 'no_show')))
        from visits)
    )::text as report`;
  return { prepare, report };
}

function emptyTotals(): ReportCounts['totals'] {
  return {
    eligible: 0, attempted: 0, reached: 0, scheduled: 0, attended: 0, declined: 0, unreachable: 0, optedOut: 0, escalated: 0, recoveredProductionCents: 0,
    escalatedByQueue: { clinical: 0, insurance: 0, language: 0, manager: 0 }, dataProblems: 0, staffCalls: 0, connectedCalls: 0,
    reactivationAttempted: 0, reactivationAttended: 0, treatmentFeeAttemptedCents: 0, treatmentFeeScheduledCents: 0, daysDueToScheduled: {},
  };
}

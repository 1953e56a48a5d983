/**
 * The worklist read model: actionable cases (not closed, not parked as booked, next action due) for
 * one viewer, in a scope of offices and either the front desk or one queue, pre-ordered by the
 * planner's score plus days overdue (counted in each office's own "today"); and the segment counts.
 *
 * Ownership: a case owned by a person (a callback they took) shows to them, and to everyone once it
 * is overdue by the hand-off time. Claims: a case someone claimed shows to nobody else until the
 * claim lapses.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { ageDaysCap, agePointsPerDay, overdueDaysCap, pointsPerOverdueDay, type CaseFields, type CaseState, type Engagement, type Queue } from '../../domain/cases/index.js';
import { activeWindowInterval, defaultRankingPolicy, type RankingBand, type RankingPolicy } from '../../domain/policy/index.js';
import type { Database } from '../schema.js';
import { attemptNotVoided } from './voided-attempts.js';

export const segments = ['due', 'overdue', 'unscheduled_treatment', 'reactivation', 'callbacks', 'escalations'] as const;
export type Segment = (typeof segments)[number];

export interface WorklistFilter {
  at: Date;
  /** null: every office (a group's central team). */
  locationIds: readonly number[] | null;
  /** null: the front desk (cases in no queue); a queue: that queue's cases. */
  queue: Queue | null;
  /** Queues whose cases the viewer may see (for the escalations segment and count). */
  visibleQueues: readonly Queue[];
  segment: Segment | null;
  userId: number | null;
  handoffHours: number;
  claimMinutes: number;
  /** A search narrows the list: every word in the patient's names or id, or a phone number's last digits. */
  search?: { nameWords: string[] } | { phoneDigits: string } | null;
  /** The worklist's order (default: defaultRankingPolicy). */
  ranking?: RankingPolicy;
}

/** An actionable case (so its next action is set) with the patient's names. */
export type WorklistCaseRow = Pick<CaseFields,
  'id' | 'patientId' | 'locationId' | 'state' | 'ownerUserId' | 'ownerQueue' | 'nextStep' | 'nextChannel' | 'priority' | 'dueOn' | 'programKeys' | 'leadProgramKey'
  | 'cadenceStep' | 'snoozedUntil'
> & {
  nextActionAt: Date;
  externalId: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  language: string;
};

export interface SegmentCounts {
  total: number;
  due: number;
  overdue: number;
  unscheduledTreatment: number;
  reactivation: number;
  callbacks: number;
  escalations: number;
}

const today = (at: Date) => sql`(${at}::timestamptz at time zone coalesce(l.time_zone, 'UTC'))::date`;

/**
 * The band of each case (domain/cases/ranking-band.ts, rankingBandOf) in SQL: a lateral look at the
 * case's open items (which are fresh, which programs, how recent) and at the patient's last reply or
 * call back, then the first band of the policy's order whose condition holds. Kept beside the domain
 * rule on purpose and compared with it by test/db/worklist-ranking.test.ts.
 */
function bandFacts(at: Date, ranking: RankingPolicy): RawBuilder<unknown> {
  const keys = Object.keys(ranking.activeWindows);
  const spans = keys.map((k) => activeWindowInterval(ranking.activeWindows[k] as RankingPolicy['activeWindows'][string]));
  return sql`left join lateral (
      select
        bool_or(not d.stale and d.program_key = any(${ranking.timeBoundPrograms}::text[])) as time_bound,
        bool_or(not d.stale and d.program_key = any(${ranking.missedPrograms}::text[]) and ${today(at)} - d.due_on <= ${ranking.missedWithinDays}::integer) as missed_recently,
        bool_or(not d.stale and d.program_key = any(${ranking.treatmentPrograms}::text[]) and ${today(at)} - d.due_on <= ${ranking.presentedWithinDays}::integer) as treatment_recent,
        bool_or(not d.stale and d.program_key = any(${ranking.recallPrograms}::text[]) and abs(${today(at)} - d.due_on) <= ${ranking.recallWithinDays}::integer) as recall_window,
        coalesce(bool_or(not d.stale), false) as any_fresh,
        count(*) as open_items
      from (
        select d.program_key, d.due_on, coalesce((d.due_on + w.span)::date < ${today(at)}, false) as stale
        from due_items d
        left join unnest(${keys}::text[], ${spans}::interval[]) as w(program_key, span) on w.program_key = d.program_key
        where d.case_id = c.id and d.status = 'open') d
    ) r on true`;
}

/**
 * Replies that show interest: a message a person answers, or START. STOP, a HELP keyword and a reply
 * that may mean "stop" ("please stop calling") never lift a patient toward the top of a call list.
 */
const engagingIntents = ['other', 'opt_in'];

function engagedSince(at: Date, days: number): RawBuilder<boolean> {
  const since = new Date(at.getTime() - days * 86_400_000);
  return sql<boolean>`(exists (select 1 from inbound_messages im where im.case_id = c.id and im.intent = any(${engagingIntents}::text[]) and im.received_at >= ${since}::timestamptz and im.received_at <= ${at}::timestamptz)
    or exists (select 1 from attempts a where a.case_id = c.id and a.direction = 'in' and a.occurred_at >= ${since}::timestamptz and a.occurred_at <= ${at}::timestamptz and ${attemptNotVoided('a.id')})
    or exists (${linkOpens(sql`c.id = o.case_id`, at)} and o.opened_at >= ${since}::timestamptz))`;
}

/**
 * Booking-link opens that count as engagement: a second look within 7 days of an earlier one (one
 * look may be a link scanner or a stray tap; two are a patient thinking about it).
 */
function linkOpens(which: RawBuilder<unknown>, at: Date): RawBuilder<unknown> {
  return sql`select o.case_id, o.opened_at from booking_link_opens o
    where ${which} and o.opened_at <= ${at}::timestamptz
      and exists (select 1 from booking_link_opens p where p.case_id = o.case_id and p.id <> o.id and p.opened_at <= o.opened_at and p.opened_at > o.opened_at - interval '7 days')`;
}

function bandCondition(band: RankingBand, at: Date, ranking: RankingPolicy): RawBuilder<boolean> {
  switch (band) {
    case 'callback_due': return sql<boolean>`(c.next_step = 'callback' and c.next_action_at <= ${at}::timestamptz)`;
    case 'time_bound': return sql<boolean>`coalesce(r.time_bound, false)`;
    case 'engaged_recently': return engagedSince(at, ranking.engagedWithinDays);
    case 'missed_recently': return sql<boolean>`coalesce(r.missed_recently, false)`;
    case 'treatment_recent': return sql<boolean>`coalesce(r.treatment_recent, false)`;
    case 'recall_window': return sql<boolean>`coalesce(r.recall_window, false)`;
    case 'rest': return sql<boolean>`(r.any_fresh or r.open_items = 0)`;
    case 'past_window': return sql<boolean>`(r.open_items > 0 and not r.any_fresh)`;
  }
}

/** The band's rank (1 = first), needs bandFacts joined as r. */
function bandRank(at: Date, ranking: RankingPolicy): RawBuilder<number> {
  const whens = ranking.order.map((band, i) => sql`when ${bandCondition(band, at, ranking)} then ${i + 1}::integer`);
  return sql<number>`case ${sql.join(whens, sql` `)} else ${ranking.order.length}::integer end`;
}

/**
 * Within a band, the planner's stored score plus the days-overdue part, counted in each office's own
 * "today" (domain/cases/priority.ts overduePoints); in "the rest", older work last instead (agePoints).
 */
const rankScore = (at: Date, restRank: number) => sql`c.priority + case when c.band_rank = ${restRank}::integer
    then -round(least(greatest(${today(at)} - c.due_on, 0), ${ageDaysCap}::integer) * ${agePointsPerDay}::numeric, 1)
    else least(greatest(${today(at)} - c.due_on, 0), ${overdueDaysCap}::integer) * ${pointsPerOverdueDay}::numeric end`;

function segmentCondition(segment: Segment, at: Date): RawBuilder<boolean> {
  switch (segment) {
    case 'due': return sql<boolean>`c.due_on >= ${today(at)}`;
    case 'overdue': return sql<boolean>`c.due_on < ${today(at)}`;
    case 'unscheduled_treatment': return sql<boolean>`'unscheduled_treatment' = any(c.program_keys)`;
    // Lapsed patients, and cases whose every item went past its active window (led by the reactivation program).
    case 'reactivation': return sql<boolean>`('reactivation' = any(c.program_keys) or c.lead_program_key = 'reactivation')`;
    case 'callbacks': return sql<boolean>`c.next_step = 'callback'`;
    case 'escalations': return sql<boolean>`c.owner_queue is not null`;
  }
}

/** Everything but the queue and segment: actionable, in scope, visible to this viewer. */
function baseConditions(f: WorklistFilter): RawBuilder<boolean> {
  return visibleConditions(f, sql<boolean>`c.next_action_at <= ${f.at}::timestamptz`);
}

/** Open, in scope, visible to this viewer at f.at (owners and claims), and `when` (which next actions). */
function visibleConditions(f: WorklistFilter, when: RawBuilder<boolean>): RawBuilder<boolean> {
  const handoff = new Date(f.at.getTime() - f.handoffHours * 3_600_000);
  const claimLapsed = new Date(f.at.getTime() - f.claimMinutes * 60_000);
  const parts: RawBuilder<boolean>[] = [
    sql<boolean>`c.state not in ('closed', 'scheduled')`,
    when,
    f.userId === null
      ? sql<boolean>`(c.owner_user_id is null or c.next_action_at <= ${handoff}::timestamptz)`
      : sql<boolean>`(c.owner_user_id is null or c.owner_user_id = ${f.userId} or c.next_action_at <= ${handoff}::timestamptz)`,
    f.userId === null
      ? sql<boolean>`(c.claimed_by is null or c.claimed_at <= ${claimLapsed}::timestamptz)`
      : sql<boolean>`(c.claimed_by is null or c.claimed_by = ${f.userId} or c.claimed_at <= ${claimLapsed}::timestamptz)`,
  ];
  if (f.locationIds !== null) parts.push(sql<boolean>`c.location_id = any(${[...f.locationIds]}::bigint[])`);
  return sql<boolean>`(${sql.join(parts, sql` and `)})`;
}

// Accented letters and their plain forms, for accent-insensitive name search on both backends (no
// unaccent extension needed); lower() comes after, since lower() of non-ASCII depends on the locale.
const accented = 'ÁÀÂÄÃÅáàâäãåÉÈÊËéèêëÍÌÎÏíìîïÓÒÔÖÕØóòôöõøÚÙÛÜúùûüÑñÇçÝýÿ';
const plain = 'AAAAAAaaaaaaEEEEeeeeIIIIiiiiOOOOOOooooooUUUUuuuuNnCcYyy';
const folded = (column: RawBuilder<string>) => sql<string>`lower(translate(${column}, ${accented}, ${plain}))`;

/**
 * The search, inside the list's own bounds: name words are matched on the rows the location's
 * worklist reads anyway; a phone's last digits go through contact_points_phone_suffix (reversed
 * numbers, so a suffix is an index prefix) to a handful of patients.
 */
function searchCondition(f: WorklistFilter): RawBuilder<boolean> {
  const search = f.search;
  if (!search) return sql<boolean>`true`;
  if ('phoneDigits' in search) {
    const reversedPrefix = `${[...search.phoneDigits].reverse().join('')}%`;
    return sql<boolean>`c.patient_id in (select cp.patient_id from contact_points cp where cp.kind = 'phone' and reverse(cp.value) like ${reversedPrefix})`;
  }
  const names = folded(sql<string>`p.first_name || ' ' || coalesce(p.preferred_name, '') || ' ' || p.last_name || ' ' || p.external_id`);
  return sql<boolean>`(${sql.join(search.nameWords.map((w) => sql<boolean>`strpos(${names}, ${w}) > 0`), sql` and `)})`;
}

function queueCondition(f: WorklistFilter): RawBuilder<boolean> {
  if (f.queue !== null) return sql<boolean>`c.owner_queue = ${f.queue}`;
  if (f.segment === 'escalations') return sql<boolean>`c.owner_queue = any(${[...f.visibleQueues]}::text[])`;
  return sql<boolean>`c.owner_queue is null`;
}

/** Up to `limit` rows in pre-order (the caller re-ranks them with the gate's answers). */
export async function worklistCandidates(db: Kysely<Database>, f: WorklistFilter, limit: number): Promise<WorklistCaseRow[]> {
  const segment = f.segment !== null && f.segment !== 'escalations' ? segmentCondition(f.segment, f.at) : sql<boolean>`true`;
  // Ranked and cut on cases alone; only the rows kept meet their patients (a name search needs them earlier).
  const byName = f.search != null && 'nameWords' in f.search;
  const ranking = f.ranking ?? defaultRankingPolicy;
  const restRank = ranking.order.indexOf('rest') + 1;
  const result = await sql<Record<string, unknown>>`
    select c.id, c.patient_id, p.external_id, p.first_name, p.last_name, p.preferred_name, p.language, c.location_id, c.state, c.owner_user_id, c.owner_queue,
      c.next_step, c.next_channel, c.next_action_at, c.priority, c.due_on, c.program_keys, c.lead_program_key, c.cadence_step, c.snoozed_until
    from (
      select c.*, ${rankScore(f.at, restRank)} as rank_score
      from (
        select c.*, ${bandRank(f.at, ranking)} as band_rank
        from cases c
        left join locations l on l.id = c.location_id
        ${byName ? sql`join patients p on p.id = c.patient_id` : sql``}
        ${bandFacts(f.at, ranking)}
        where ${baseConditions(f)} and ${queueCondition(f)} and ${segment} and ${searchCondition(f)}) c
      left join locations l on l.id = c.location_id
      order by c.band_rank, rank_score desc, c.next_action_at, c.id
      limit ${limit}) c
    join patients p on p.id = c.patient_id
    order by c.band_rank, c.rank_score desc, c.next_action_at, c.id`.execute(db);
  return result.rows.map((r) => ({
    id: Number(r.id), patientId: Number(r.patient_id), externalId: r.external_id as string, firstName: r.first_name as string, lastName: r.last_name as string,
    preferredName: r.preferred_name as string | null, language: r.language as string, locationId: r.location_id === null ? null : Number(r.location_id), state: r.state as CaseState,
    ownerUserId: r.owner_user_id === null ? null : Number(r.owner_user_id), ownerQueue: r.owner_queue as Queue | null, nextStep: r.next_step as string | null,
    nextChannel: r.next_channel as WorklistCaseRow['nextChannel'], nextActionAt: new Date(r.next_action_at as Date), priority: Number(r.priority),
    dueOn: r.due_on as string | null, programKeys: r.program_keys as string[], leadProgramKey: r.lead_program_key as string | null,
    cadenceStep: Number(r.cadence_step), snoozedUntil: r.snoozed_until === null ? null : new Date(r.snoozed_until as Date),
  }));
}

/** The segment counts of the same list (a case may count in several segments). */
export async function worklistCounts(db: Kysely<Database>, f: WorklistFilter): Promise<SegmentCounts> {
  const front = queueCondition({ ...f, segment: null });
  const escalated = f.queue !== null ? sql<boolean>`c.owner_queue = ${f.queue}` : sql<boolean>`c.owner_queue = any(${[...f.visibleQueues]}::text[])`;
  const result = await sql<Record<string, number | string>>`
    select
      count(*) filter (where ${front}) as total,
      count(*) filter (where ${front} and ${segmentCondition('due', f.at)}) as due,
      count(*) filter (where ${front} and ${segmentCondition('overdue', f.at)}) as overdue,
      count(*) filter (where ${front} and ${segmentCondition('unscheduled_treatment', f.at)}) as unscheduled_treatment,
      count(*) filter (where ${front} and ${segmentCondition('reactivation', f.at)}) as reactivation,
      count(*) filter (where ${front} and ${segmentCondition('callbacks', f.at)}) as callbacks,
      count(*) filter (where ${escalated}) as escalations
    from cases c
    left join locations l on l.id = c.location_id
    where ${baseConditions(f)}`.execute(db);
  const r = result.rows[0] ?? {};
  const n = (v: unknown) => Number(v ?? 0);
  return {
    total: n(r.total), due: n(r.due), overdue: n(r.overdue), unscheduledTreatment: n(r.unscheduled_treatment), reactivation: n(r.reactivation),
    callbacks: n(r.callbacks), escalations: n(r.escalations),
  };
}

export interface OpenReason {
  caseId: number;
  programKey: string;
  dueOn: string;
  evidence: string;
  feeCents: number | null;
}

export async function openReasonsOf(db: Kysely<Database>, caseIds: readonly number[]): Promise<Map<number, OpenReason[]>> {
  const out = new Map<number, OpenReason[]>();
  if (caseIds.length === 0) return out;
  const rows = await db.selectFrom('due_items')
    .select(['case_id', 'program_key', 'due_on', 'evidence', 'fee_cents'])
    .where(sql<boolean>`case_id = any(${[...caseIds]}::bigint[])`)
    .where('status', '=', 'open')
    .orderBy('due_on')
    .execute();
  for (const r of rows) {
    if (r.case_id === null) continue;
    const list = out.get(r.case_id) ?? [];
    list.push({ caseId: r.case_id, programKey: r.program_key ?? '', dueOn: r.due_on, evidence: r.evidence, feeCents: r.fee_cents });
    out.set(r.case_id, list);
  }
  return out;
}

/**
 * Each case's latest reply that shows interest (engagingIntents) or call back at or before `at`: what puts a case in the
 * "engaged recently" band (the same facts as engagedSince above).
 */
export async function engagementsOf(db: Kysely<Database>, caseIds: readonly number[], at: Date): Promise<Map<number, Engagement>> {
  const out = new Map<number, Engagement>();
  if (caseIds.length === 0) return out;
  const result = await sql<{ case_id: number | string; at: Date; kind: Engagement['kind'] }>`
    select distinct on (e.case_id) e.case_id, e.at, e.kind from (
      select im.case_id, im.received_at as at, 'reply' as kind from inbound_messages im
        where im.case_id = any(${[...caseIds]}::bigint[]) and im.intent = any(${engagingIntents}::text[]) and im.received_at <= ${at}::timestamptz
      union all
      select a.case_id, a.occurred_at, 'call' from attempts a
        where a.case_id = any(${[...caseIds]}::bigint[]) and a.direction = 'in' and a.occurred_at <= ${at}::timestamptz and ${attemptNotVoided('a.id')}
      union all
      select l.case_id, l.opened_at, 'link' from (${linkOpens(sql`o.case_id = any(${[...caseIds]}::bigint[])`, at)}) l
    ) e
    order by e.case_id, e.at desc`.execute(db);
  for (const r of result.rows) out.set(Number(r.case_id), { at: new Date(r.at), kind: r.kind });
  return out;
}

/** Each case's latest look at a booking link page at or before `at` (one look raises the case within its band). */
export async function lastLinkOpensOf(db: Kysely<Database>, caseIds: readonly number[], at: Date): Promise<Map<number, Date>> {
  const out = new Map<number, Date>();
  if (caseIds.length === 0) return out;
  const result = await sql<{ case_id: number | string; opened_at: Date }>`
    select o.case_id, max(o.opened_at) as opened_at from booking_link_opens o
    where o.case_id = any(${[...caseIds]}::bigint[]) and o.opened_at <= ${at}::timestamptz
    group by o.case_id`.execute(db);
  for (const r of result.rows) out.set(Number(r.case_id), new Date(r.opened_at));
  return out;
}

export interface Responsiveness {
  attempts: number;
  answered: number;
  last: { at: Date; channel: string; outcome: string } | null;
}

/**
 * Outbound touches, how many reached the patient (any outcome but "No answer" and "Left message"),
 * and the latest one (shown on the worklist row). Undone outcomes do not count.
 */
export async function responsivenessOf(db: Kysely<Database>, patientIds: readonly number[]): Promise<Map<number, Responsiveness>> {
  const out = new Map<number, Responsiveness>();
  if (patientIds.length === 0) return out;
  const result = await sql<{ patient_id: number; attempts: number; answered: number; last_at: Date | null; last_channel: string | null; last_outcome: string | null }>`
    select patient_id, count(*)::int as attempts, count(*) filter (where outcome not in ('no_answer', 'left_message'))::int as answered,
      max(occurred_at) as last_at,
      (array_agg(channel order by occurred_at desc, id desc))[1] as last_channel,
      (array_agg(outcome order by occurred_at desc, id desc))[1] as last_outcome
    from attempts where patient_id = any(${[...patientIds]}::bigint[]) and direction = 'out' and outcome is not null and ${attemptNotVoided('attempts.id')}
    group by patient_id`.execute(db);
  for (const r of result.rows) {
    out.set(Number(r.patient_id), {
      attempts: Number(r.attempts),
      answered: Number(r.answered),
      last: r.last_at ? { at: new Date(r.last_at), channel: r.last_channel as string, outcome: r.last_outcome as string } : null,
    });
  }
  return out;
}

/**
 * Per office, the first instant after f.at at which a case the viewer would see (same scope, queue,
 * owner and claim rules as the list) becomes actionable: what "Next: …" starts from.
 */
export async function firstUpcomingByLocation(db: Kysely<Database>, f: WorklistFilter): Promise<{ locationId: number | null; firstAt: Date }[]> {
  const result = await sql<{ location_id: number | string | null; first_at: Date }>`
    select c.location_id, min(c.next_action_at) as first_at
    from cases c
    where ${visibleConditions(f, sql<boolean>`c.next_action_at > ${f.at}::timestamptz`)} and ${queueCondition({ ...f, segment: null })}
    group by c.location_id`.execute(db);
  return result.rows.map((r) => ({ locationId: r.location_id === null ? null : Number(r.location_id), firstAt: new Date(r.first_at) }));
}

/** How many of those cases become actionable after f.at and by each office's `until`. */
export async function upcomingCounts(
  db: Kysely<Database>, f: WorklistFilter, windows: readonly { locationId: number | null; until: Date }[],
): Promise<Map<number | null, number>> {
  const out = new Map<number | null, number>();
  if (windows.length === 0) return out;
  // Cases with no office are keyed 0 (location ids start at 1).
  const ids = windows.map((w) => w.locationId ?? 0);
  const untils = windows.map((w) => w.until.toISOString());
  const result = await sql<{ location_id: number | string; n: number | string }>`
    select w.location_id, count(c.id) as n
    from unnest(${ids}::bigint[], ${untils}::timestamptz[]) as w(location_id, until)
    join cases c on coalesce(c.location_id, 0) = w.location_id and c.next_action_at <= w.until
      and ${visibleConditions(f, sql<boolean>`c.next_action_at > ${f.at}::timestamptz`)} and ${queueCondition({ ...f, segment: null })}
    group by w.location_id`.execute(db);
  for (const r of result.rows) out.set(Number(r.location_id) === 0 ? null : Number(r.location_id), Number(r.n));
  return out;
}

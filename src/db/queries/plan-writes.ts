/**
 * The planner's writes, set-based: each statement takes one array per column (`unnest`), so a batch
 * of thousands of cases or due items is one round trip and never meets the 65,535-parameter limit.
 * Case updates are optimistic: a row changed since the planner read it (an outcome recorded at the
 * same moment) is left alone and its patient queued again.
 */
import { sql, type Kysely } from 'kysely';
import type { CaseWrite } from '../../domain/cases/index.js';
import type { DueItemWrite } from '../../domain/recall/index.js';
import type { Database } from '../schema.js';
import type { PatientSelection } from './plan-facts.js';

/** Declared in the domain (the planner's output); re-exported for the writers below. */
export type { CaseWrite, DueItemWrite };

const iso = (d: Date | null) => (d === null ? null : d.toISOString());
// Anchors and program keys never contain commas (program keys are [a-z0-9_], anchors add @, - and digits).
const list = (values: readonly string[]) => values.join(',');

/** Inserts new cases; returns patient id → case id. */
export async function insertCases(db: Kysely<Database>, rows: readonly CaseWrite[], now: Date): Promise<Map<number, number>> {
  if (rows.length === 0) return new Map();
  const c = columnsOf(rows);
  const result = await sql<{ id: number; patient_id: number }>`
    insert into cases (patient_id, location_id, state, owner_user_id, owner_queue, next_step, next_channel, next_action_at, priority, priority_why,
      cadence_step, closed_reason, closed_at, opened_at, reason_anchors, program_keys, lead_program_key, due_on, outreach_starts_at, outreach_ends_at, updated_at)
    select v.patient_id, v.location_id, v.state, v.owner_user_id, v.owner_queue, v.next_step, v.next_channel, v.next_action_at, v.priority, v.priority_why,
      v.cadence_step, v.closed_reason, v.closed_at, v.opened_at, string_to_array(v.reason_anchors, ','), string_to_array(v.program_keys, ','), v.lead_program_key,
      v.due_on, v.outreach_starts_at, v.outreach_ends_at, ${now}::timestamptz
    from unnest(${c.patientId}::bigint[], ${c.locationId}::bigint[], ${c.state}::text[], ${c.ownerUserId}::bigint[], ${c.ownerQueue}::text[],
      ${c.nextStep}::text[], ${c.nextChannel}::text[], ${c.nextActionAt}::timestamptz[], ${c.priority}::integer[], ${c.priorityWhy}::text[],
      ${c.cadenceStep}::integer[], ${c.closedReason}::text[], ${c.closedAt}::timestamptz[], ${c.openedAt}::timestamptz[], ${c.reasonAnchors}::text[],
      ${c.programKeys}::text[], ${c.leadProgramKey}::text[], ${c.dueOn}::date[], ${c.outreachStartsAt}::timestamptz[], ${c.outreachEndsAt}::timestamptz[])
      as v(patient_id, location_id, state, owner_user_id, owner_queue, next_step, next_channel, next_action_at, priority, priority_why,
        cadence_step, closed_reason, closed_at, opened_at, reason_anchors, program_keys, lead_program_key, due_on, outreach_starts_at, outreach_ends_at)
    returning id, patient_id`.execute(db);
  return new Map(result.rows.map((r) => [Number(r.patient_id), Number(r.id)]));
}

/** Updates cases that did not change since they were read; returns the ids that were updated. */
export async function updateCases(db: Kysely<Database>, rows: readonly CaseWrite[], now: Date): Promise<Set<number>> {
  if (rows.length === 0) return new Set();
  const c = columnsOf(rows);
  const result = await sql<{ id: number }>`
    update cases as c set location_id = v.location_id, state = v.state, owner_user_id = v.owner_user_id, owner_queue = v.owner_queue,
      next_step = v.next_step, next_channel = v.next_channel, next_action_at = v.next_action_at, priority = v.priority, priority_why = v.priority_why,
      cadence_step = v.cadence_step, closed_reason = v.closed_reason, closed_at = v.closed_at, opened_at = v.opened_at,
      reason_anchors = string_to_array(v.reason_anchors, ','), program_keys = string_to_array(v.program_keys, ','), lead_program_key = v.lead_program_key,
      due_on = v.due_on, outreach_starts_at = v.outreach_starts_at, outreach_ends_at = v.outreach_ends_at,
      first_attempt_at = case when v.restarts_cadence then null else c.first_attempt_at end,
      unanswered_attempts = case when v.restarts_cadence then 0 else c.unanswered_attempts end,
      claimed_by = case when v.state = 'closed' then null else c.claimed_by end,
      claimed_at = case when v.state = 'closed' then null else c.claimed_at end,
      updated_at = ${now}::timestamptz
    from unnest(${c.id}::bigint[], ${c.expectedUpdatedAt}::timestamptz[], ${c.locationId}::bigint[], ${c.state}::text[], ${c.ownerUserId}::bigint[],
      ${c.ownerQueue}::text[], ${c.nextStep}::text[], ${c.nextChannel}::text[], ${c.nextActionAt}::timestamptz[], ${c.priority}::integer[],
      ${c.priorityWhy}::text[], ${c.cadenceStep}::integer[], ${c.closedReason}::text[], ${c.closedAt}::timestamptz[], ${c.openedAt}::timestamptz[],
      ${c.reasonAnchors}::text[], ${c.programKeys}::text[], ${c.leadProgramKey}::text[], ${c.dueOn}::date[], ${c.outreachStartsAt}::timestamptz[],
      ${c.outreachEndsAt}::timestamptz[], ${c.restartsCadence}::boolean[])
      as v(id, expected_updated_at, location_id, state, owner_user_id, owner_queue, next_step, next_channel, next_action_at, priority,
        priority_why, cadence_step, closed_reason, closed_at, opened_at, reason_anchors, program_keys, lead_program_key, due_on, outreach_starts_at,
        outreach_ends_at, restarts_cadence)
    where c.id = v.id and c.updated_at = v.expected_updated_at
    returning c.id`.execute(db);
  return new Set(result.rows.map((r) => Number(r.id)));
}

function columnsOf(rows: readonly CaseWrite[]) {
  return {
    id: rows.map((r) => r.id), expectedUpdatedAt: rows.map((r) => iso(r.expectedUpdatedAt)), patientId: rows.map((r) => r.patientId),
    locationId: rows.map((r) => r.locationId), state: rows.map((r) => r.state), ownerUserId: rows.map((r) => r.ownerUserId), ownerQueue: rows.map((r) => r.ownerQueue),
    nextStep: rows.map((r) => r.nextStep), nextChannel: rows.map((r) => r.nextChannel), nextActionAt: rows.map((r) => iso(r.nextActionAt)),
    priority: rows.map((r) => Math.round(r.priority)), priorityWhy: rows.map((r) => r.priorityWhy), cadenceStep: rows.map((r) => r.cadenceStep),
    closedReason: rows.map((r) => r.closedReason), closedAt: rows.map((r) => iso(r.closedAt)), openedAt: rows.map((r) => iso(r.openedAt)),
    reasonAnchors: rows.map((r) => list(r.reasonAnchors)), programKeys: rows.map((r) => list(r.programKeys)), leadProgramKey: rows.map((r) => r.leadProgramKey),
    dueOn: rows.map((r) => r.dueOn), outreachStartsAt: rows.map((r) => iso(r.outreachStartsAt)), outreachEndsAt: rows.map((r) => iso(r.outreachEndsAt)),
    restartsCadence: rows.map((r) => r.restartsCadence),
  };
}

/**
 * Inserts or updates due items by (patient, program, anchor). The holdout's group is written on insert
 * only (with the planner's time): an update never touches it, so an item is never drawn twice.
 */
export async function upsertDueItems(db: Kysely<Database>, rows: readonly DueItemWrite[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  const col = <T>(f: (r: DueItemWrite) => T) => rows.map(f);
  await sql`
    insert into due_items (patient_id, program_id, program_key, case_id, source, anchor, due_on, window_start, window_end, evidence, status,
      suppression_code, fee_cents, outreach_starts_at, outreach_ends_at, outreach_group, outreach_group_at, closed_reason, closed_at, updated_at)
    select v.*, case when v.outreach_group is null then null else ${now}::timestamptz end, null, null, ${now}::timestamptz
    from unnest(${col((r) => r.patientId)}::bigint[], ${col((r) => r.programId)}::bigint[], ${col((r) => r.programKey)}::text[], ${col((r) => r.caseId)}::bigint[],
      ${col((r) => r.source)}::text[], ${col((r) => r.anchor)}::text[], ${col((r) => r.dueOn)}::date[], ${col((r) => r.windowStart)}::date[],
      ${col((r) => r.windowEnd)}::date[], ${col((r) => r.evidence)}::text[], ${col((r) => r.status)}::text[], ${col((r) => r.suppressionCode)}::text[],
      ${col((r) => r.feeCents)}::integer[], ${col((r) => iso(r.outreachStartsAt))}::timestamptz[], ${col((r) => iso(r.outreachEndsAt))}::timestamptz[],
      ${col((r) => r.outreachGroup ?? null)}::text[])
      as v(patient_id, program_id, program_key, case_id, source, anchor, due_on, window_start, window_end, evidence, status, suppression_code, fee_cents,
        outreach_starts_at, outreach_ends_at, outreach_group)
    on conflict (patient_id, program_id, anchor) do update set program_key = excluded.program_key, case_id = excluded.case_id, source = excluded.source,
      due_on = excluded.due_on, window_start = excluded.window_start, window_end = excluded.window_end, evidence = excluded.evidence, status = excluded.status,
      suppression_code = excluded.suppression_code, fee_cents = excluded.fee_cents, outreach_starts_at = excluded.outreach_starts_at,
      outreach_ends_at = excluded.outreach_ends_at, closed_reason = null, closed_at = null, updated_at = excluded.updated_at`.execute(db);
}

/** Closes due items (by id) with a reason ("no_longer_due", or a case outcome such as "declined"). */
export async function closeDueItems(db: Kysely<Database>, ids: readonly number[], reason: string, now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('due_items').set({ status: 'closed', closed_reason: reason, closed_at: now, updated_at: now }).where('id', '=', sql<number>`any(${[...ids]}::bigint[])`).execute();
}

/** Takes up to `limit` patients off the replan queue (SKIP LOCKED: several planners may share it). */
export async function takeFromReplanQueue(db: Kysely<Database>, limit: number): Promise<number[]> {
  const result = await sql<{ patient_id: number }>`
    delete from replan_queue where patient_id in (
      select patient_id from replan_queue order by queued_at, patient_id limit ${limit} for update skip locked)
    returning patient_id`.execute(db);
  return result.rows.map((r) => Number(r.patient_id)).sort((a, b) => a - b);
}

export async function clearReplanQueue(db: Kysely<Database>, selection: PatientSelection): Promise<void> {
  const filter = selection.kind === 'range' ? sql<boolean>`patient_id between ${selection.from} and ${selection.to}` : sql<boolean>`patient_id = any(${[...selection.ids]}::bigint[])`;
  await db.deleteFrom('replan_queue').where(filter).execute();
}

/** Queues patients for the next incremental plan (their data changed, or a plan met a concurrent change). */
export async function enqueueReplan(db: Kysely<Database>, patientIds: readonly number[], reason: string): Promise<void> {
  if (patientIds.length === 0) return;
  await sql`insert into replan_queue (patient_id, reason) select distinct unnest(${[...patientIds]}::bigint[]), ${reason}::text on conflict (patient_id) do nothing`.execute(db);
}

/** The next range of at most `size` patient ids after `afterId`, or null when there are no more. */
export async function nextPatientRange(db: Kysely<Database>, afterId: number, size: number): Promise<{ from: number; to: number; count: number } | null> {
  const result = await sql<{ lo: number | null; hi: number | null; n: number }>`
    select min(id) as lo, max(id) as hi, count(*)::int as n from (select id from patients where id > ${afterId} order by id limit ${size}) s`.execute(db);
  const row = result.rows[0];
  if (!row || row.lo === null || row.hi === null) return null;
  return { from: Number(row.lo), to: Number(row.hi), count: Number(row.n) };
}

/** Stores when each patient's plan must be looked at again (only rows whose time moved are passed in). */
export async function writeRechecks(db: Kysely<Database>, rows: readonly { patientId: number; recheckAt: Date }[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    insert into plan_rechecks (patient_id, recheck_at)
    select * from unnest(${rows.map((r) => r.patientId)}::bigint[], ${rows.map((r) => r.recheckAt.toISOString())}::timestamptz[])
    on conflict (patient_id) do update set recheck_at = excluded.recheck_at`.execute(db);
}

/**
 * Up to `limit` patients (ids above `afterId`, ascending) whose recheck time has come by `now`, locked
 * for the caller's transaction (SKIP LOCKED: two servers' scheduled plans take different patients
 * instead of planning the same ones and colliding on the one-open-case rule).
 */
export async function dueForRecheck(db: Kysely<Database>, now: Date, afterId: number, limit: number): Promise<number[]> {
  const rows = await db.selectFrom('plan_rechecks').select('patient_id')
    .where('recheck_at', '<=', now).where('patient_id', '>', afterId)
    .orderBy('patient_id').limit(limit).forUpdate().skipLocked().execute();
  return rows.map((r) => Number(r.patient_id));
}

/** Every patient's plan is due for a look at `now` (programs changed: any stored plan may be stale). */
export async function recheckEveryone(db: Kysely<Database>, now: Date): Promise<void> {
  await sql`
    insert into plan_rechecks (patient_id, recheck_at) select id, ${now}::timestamptz from patients
    on conflict (patient_id) do update set recheck_at = excluded.recheck_at where plan_rechecks.recheck_at > excluded.recheck_at`.execute(db);
}

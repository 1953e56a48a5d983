/**
 * The outbox (0008): what Recare means to send, and the state each message is in. The dispatcher
 * claims ready rows with FOR UPDATE SKIP LOCKED under a lease, so several servers on one PostgreSQL
 * share the work and a crashed worker's rows are taken over when its lease runs out.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import { outboxOrigins, type Database, type OutboxTable } from '../schema.js';

export type OutboxRow = Selectable<OutboxTable>;

/** A case step the dispatcher sends by itself: the lead program and the step's channel. */
export interface AutomatedStep {
  programKey: string;
  channel: 'sms' | 'email';
  purpose: string;
  templateKey: string | null;
}

/**
 * Cases whose next step is an automated touch that has come due and is not yet in the outbox, one row
 * per case and cadence step (the key). A case a person is working (a live claim) or whose patient wrote
 * and waits for an answer is left to people. Shared by the dispatcher (which queues them) and the dry
 * run (which shows them), so the two never disagree about what is due.
 */
function dueSteps(steps: readonly AutomatedStep[], now: Date, claimsLapseBefore: Date) {
  return sql`
    select 'case-' || c.id || '-step-' || c.cadence_step as key, c.next_channel as channel, c.patient_id, c.id as case_id, c.location_id, c.cadence_step,
      s.purpose, s.program_key, s.template_key, c.next_action_at
    from cases c
    join unnest(${steps.map((s) => s.programKey)}::text[], ${steps.map((s) => s.channel)}::text[], ${steps.map((s) => s.purpose)}::text[], ${steps.map((s) => s.templateKey)}::text[])
      as s(program_key, channel, purpose, template_key) on s.program_key = c.lead_program_key and s.channel = c.next_channel
    where c.state in ('open', 'waiting') and c.next_action_at <= ${now}::timestamptz and (c.claimed_by is null or c.claimed_at < ${claimsLapseBefore}::timestamptz)
      and not exists (select 1 from inbound_messages i where i.case_id = c.id and i.handled_at is null and i.intent in ('other', 'possible_opt_out'))
      and not exists (select 1 from outbox o where o.key = 'case-' || c.id || '-step-' || c.cadence_step)`;
}

/** Queues the due automated steps (see dueSteps), oldest first; how many were queued. */
export async function enqueueDueSteps(db: Kysely<Database>, steps: readonly AutomatedStep[], now: Date, limit: number, claimsLapseBefore: Date): Promise<number> {
  if (steps.length === 0) return 0;
  const result = await sql`
    insert into outbox (key, origin, channel, patient_id, case_id, location_id, cadence_step, purpose, program_key, template_key, state, due_at, next_try_at, created_at, updated_at)
    select d.key, 'cadence', d.channel, d.patient_id, d.case_id, d.location_id, d.cadence_step, d.purpose, d.program_key, d.template_key,
      'due', d.next_action_at, d.next_action_at, ${now}::timestamptz, ${now}::timestamptz
    from (${dueSteps(steps, now, claimsLapseBefore)}) d
    order by d.next_action_at, d.case_id
    limit ${limit}
    on conflict (key) do nothing`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** A message the next pass would take up: a due step not queued yet, or an outbox entry whose time has come. */
export interface PendingMessage {
  key: string; channel: OutboxRow['channel']; patient_id: number | null; case_id: number | null; location_id: number | null; cadence_step: number | null;
  purpose: OutboxRow['purpose']; program_key: string | null; origin: OutboxRow['origin']; created_at: Date; queued: boolean;
}

/** What the next pass would take up, read only (the dry run): the steps it would queue, then the ready entries. */
export async function pendingMessages(db: Kysely<Database>, steps: readonly AutomatedStep[], now: Date, claimsLapseBefore: Date, limit: number): Promise<PendingMessage[]> {
  const fresh = steps.length === 0 ? [] : (await sql<PendingMessage>`
    select d.key, d.channel, d.patient_id, d.case_id, d.location_id, d.cadence_step, d.purpose, d.program_key, 'cadence' as origin, ${now}::timestamptz as created_at, false as queued
    from (${dueSteps(steps, now, claimsLapseBefore)}) d order by d.next_action_at, d.case_id limit ${limit}`.execute(db)).rows;
  const ready = await db.selectFrom('outbox').select(['key', 'channel', 'patient_id', 'case_id', 'location_id', 'cadence_step', 'purpose', 'program_key', 'origin', 'created_at'])
    .where('state', '=', 'due').where('next_try_at', '<=', now).where('channel', '<>', 'letter').orderBy('next_try_at').orderBy('id').limit(Math.max(0, limit - fresh.length)).execute();
  return [...fresh, ...ready.map((r) => ({ ...r, queued: true }))];
}

/**
 * Takes up to `limit` rows that are ready: due ones whose time has come, and rows of a worker whose
 * lease ran out (claimed: it never recorded an attempt; sending: it may have reached the provider,
 * so the row keeps its state and is reconciled before any resend).
 */
export async function claimReady(db: Kysely<Database>, worker: string, now: Date, leaseSeconds: number, limit: number, channels: readonly string[], origins: readonly string[] = outboxOrigins): Promise<OutboxRow[]> {
  const leaseUntil = new Date(now.getTime() + leaseSeconds * 1000);
  const result = await sql<OutboxRow>`
    with ready as (
      select id from outbox
      where channel = any(${[...channels]}::text[]) and origin = any(${[...origins]}::text[])
        and ((state = 'due' and next_try_at <= ${now}::timestamptz) or (state in ('claimed', 'sending') and lease_until < ${now}::timestamptz))
      -- Answers to STOP and HELP first: they must go within minutes, ahead of a morning's backlog.
      order by origin = 'reply' desc, next_try_at, id
      limit ${limit}
      for update skip locked
    )
    update outbox o set state = case when o.state = 'sending' then 'sending' else 'claimed' end,
      lease_owner = ${worker}, lease_until = ${leaseUntil}::timestamptz, updated_at = ${now}::timestamptz
    from ready where o.id = ready.id
    returning o.*`.execute(db);
  const replyFirst = (row: OutboxRow) => (row.origin === 'reply' ? 0 : 1);
  return result.rows.sort((a, b) => replyFirst(a) - replyFirst(b) || a.next_try_at.getTime() - b.next_try_at.getTime() || a.id - b.id);
}

type OutboxUpdate = Partial<Omit<OutboxRow, 'id' | 'key' | 'created_at'>>;

/** Updates a row this worker still holds; false when another worker took it over. */
export async function updateHeld(db: Kysely<Database>, id: number, worker: string, change: OutboxUpdate, now: Date): Promise<boolean> {
  // Accepted by the provider (sent_at), or final: a delivery report may have marked it failed first.
  const ends = change.sent_at !== undefined || (change.state !== undefined && (finalStates as readonly string[]).includes(change.state));
  const result = await db.updateTable('outbox').set({ ...change, ...(ends ? maskSecret : {}), updated_at: now }).where('id', '=', id).where('lease_owner', '=', worker).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** States after which an entry's text is never handed to a provider again (a retry re-renders it, with a fresh link). */
const finalStates = ['sent', 'failed', 'skipped'] as const;
/** What stands in the stored text for a link's token or a code once the message has left. */
export const secretMask = '••••••';
/**
 * A live link or code must not outlive its message in our database: once the entry is final, the
 * secret is replaced in the stored text and forgotten (the provider keeps what it sent).
 */
export const maskSecret = {
  body: sql<string | null>`case when secret is null or body is null then body else replace(body, secret, ${secretMask}) end`,
  secret: null,
};

/** Back to due at `at` with a reason shown on the Outbox (paced, outside the calling window, paused). */
export function deferHeld(db: Kysely<Database>, id: number, worker: string, at: Date, reason: string, now: Date): Promise<boolean> {
  return updateHeld(db, id, worker, { state: 'due', next_try_at: at, reason, lease_owner: null, lease_until: null }, now);
}

export function skipHeld(db: Kysely<Database>, id: number, worker: string, reason: string, now: Date): Promise<boolean> {
  return updateHeld(db, id, worker, { state: 'skipped', reason, lease_owner: null, lease_until: null }, now);
}

export async function insertOutboxEntry(db: Kysely<Database>, entry: Omit<OutboxRow, 'id' | 'state' | 'tries' | 'lease_owner' | 'lease_until' | 'provider' | 'attempt_id'
  | 'compliance_decision_id' | 'subject' | 'content_sha256' | 'provider_message_id' | 'delivery_state' | 'reason' | 'error_code' | 'letter_batch_id' | 'sent_at' | 'contact_point_id' | 'handed_off_at' | 'secret'>
  & { contact_point_id?: number | null; subject?: string | null; body: string | null; secret?: string | null }): Promise<OutboxRow | undefined> {
  return db.insertInto('outbox').values(entry).onConflict((c) => c.column('key').doNothing()).returningAll().executeTakeFirst();
}

export async function findOutboxEntry(db: Kysely<Database>, id: number): Promise<OutboxRow | undefined> {
  return db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The entry's delivery facts, locked for the rest of the transaction: reports and the provider's answer for one message apply one at a time. */
export async function lockDeliveryOf(db: Kysely<Database>, id: number): Promise<Pick<OutboxRow, 'state' | 'delivery_state' | 'reason' | 'error_code'> | undefined> {
  return db.selectFrom('outbox').select(['state', 'delivery_state', 'reason', 'error_code']).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The provider ids other entries to this number or address hold (a reconcile must not take one of them as its own). */
export async function providerIdsSentTo(db: Kysely<Database>, to: string, exceptId: number): Promise<Set<string>> {
  const rows = await db.selectFrom('outbox').select('provider_message_id').where('to_address', '=', to).where('id', '<>', exceptId).where('provider_message_id', 'is not', null).execute();
  return new Set(rows.map((r) => r.provider_message_id).filter((id): id is string => id !== null));
}

export async function findOutboxByKey(db: Kysely<Database>, key: string): Promise<OutboxRow | undefined> {
  return db.selectFrom('outbox').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function findOutboxByProviderId(db: Kysely<Database>, provider: string, providerMessageId: string): Promise<OutboxRow | undefined> {
  return db.selectFrom('outbox').selectAll().where('provider', '=', provider).where('provider_message_id', '=', providerMessageId).executeTakeFirst();
}

/** The first appointment still to come for a patient (a booking suppresses recall messages). */
export async function nextAppointmentOf(db: Kysely<Database>, patientId: number, now: Date): Promise<{ startsAt: Date; providerName: string | null } | undefined> {
  const row = await db.selectFrom('appointments as a').leftJoin('providers as p', 'p.id', 'a.provider_id')
    .select(['a.starts_at', 'p.name as provider_name'])
    .where('a.patient_id', '=', patientId).where('a.status', 'in', ['scheduled', 'confirmed']).where('a.starts_at', '>', now)
    .orderBy('a.starts_at').limit(1).executeTakeFirst();
  return row ? { startsAt: row.starts_at, providerName: row.provider_name } : undefined;
}

/** Whether the patient's number or address received an opt-out after `since` (the re-check just before the provider call). */
/**
 * The last look before a message leaves, in one statement: whether a manager paused automated
 * messages; whether an opt-out came in since `since` for the patient or for the number itself; and
 * (when asked: a message not about an appointment) whether the patient now has an appointment ahead.
 * Not the case's state: the hand-off itself moved the case (a last step closes it as unreachable).
 */
export async function lastLookBeforeSend(
  db: Kysely<Database>, look: { patientId: number | null; to: string | null; since: Date; now: Date; bookingStops: boolean },
): Promise<{ paused: boolean; optedOut: boolean; booked: boolean }> {
  const row = (await sql<{ paused: boolean | null; opted_out: boolean; booked: boolean }>`
    select (select paused from messaging_control where id = 1) as paused,
      (exists (select 1 from opt_outs where patient_id = ${look.patientId}::bigint and received_at > ${look.since}::timestamptz and revoked_at is null)
        or exists (select 1 from number_opt_outs where value = ${look.to}::text and received_at > ${look.since}::timestamptz and revoked_at is null)) as opted_out,
      (${look.bookingStops} and exists (select 1 from appointments where patient_id = ${look.patientId}::bigint and status in ('scheduled', 'confirmed') and starts_at > ${look.now}::timestamptz)) as booked`.execute(db)).rows[0];
  return { paused: row?.paused ?? false, optedOut: row?.opted_out ?? false, booked: row?.booked ?? false };
}

export async function readPause(db: Kysely<Database>): Promise<{ paused: boolean; changedAt: Date | null; changedBy: number | null; reason: string | null }> {
  const row = await db.selectFrom('messaging_control').selectAll().where('id', '=', 1).executeTakeFirst();
  return { paused: row?.paused ?? false, changedAt: row?.changed_at ?? null, changedBy: row?.changed_by ?? null, reason: row?.reason ?? null };
}

export async function writePause(db: Kysely<Database>, paused: boolean, by: number | null, reason: string | null, now: Date): Promise<void> {
  await db.insertInto('messaging_control').values({ id: 1, paused, changed_at: now, changed_by: by, reason })
    .onConflict((c) => c.column('id').doUpdateSet({ paused, changed_at: now, changed_by: by, reason })).execute();
}

export interface OutboxListing {
  counts: Record<'due' | 'claimed' | 'sending' | 'sent' | 'failed' | 'skipped', number>;
  entries: OutboxRow[];
}

/** The Outbox page: counts by state and the newest entries of one state (or all), within the caller's offices. */
export async function listOutbox(db: Kysely<Database>, filter: { state: string | null; limit: number; locationIds: readonly number[] | null }): Promise<OutboxListing> {
  const scoped = filter.locationIds === null ? sql<boolean>`true` : sql<boolean>`(location_id is null or location_id = any(${[...filter.locationIds, -1]}::bigint[]))`;
  const countRows = await db.selectFrom('outbox').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).where(scoped).groupBy('state').execute();
  const counts = { due: 0, claimed: 0, sending: 0, sent: 0, failed: 0, skipped: 0 };
  for (const r of countRows) counts[r.state] = Number(r.n);
  let query = db.selectFrom('outbox').selectAll().where(scoped);
  if (filter.state) query = query.where('state', '=', filter.state as OutboxRow['state']);
  const entries = await query.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
  return { counts, entries };
}

/** A failed or skipped entry goes again: due now, its tries counted afresh. */
export async function requeueEntry(db: Kysely<Database>, id: number, now: Date): Promise<boolean> {
  const result = await db.updateTable('outbox').set({ state: 'due', next_try_at: now, tries: 0, reason: 'retry requested', error_code: null, lease_owner: null, lease_until: null, updated_at: now })
    .where('id', '=', id).where('state', 'in', ['failed', 'skipped']).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Claims one entry that is due now (a staff text, a test message), to hand it off at once. */
export async function claimEntry(db: Kysely<Database>, id: number, worker: string, now: Date, leaseSeconds: number): Promise<OutboxRow | undefined> {
  return db.updateTable('outbox').set({ state: 'claimed', lease_owner: worker, lease_until: new Date(now.getTime() + leaseSeconds * 1000), updated_at: now })
    .where('id', '=', id).where('state', '=', 'due').returningAll().executeTakeFirst();
}

/** Texts handed to a provider in the last minute, by every worker: a sender number's rate is shared by all servers. */
export async function textsSentSince(db: Kysely<Database>, since: Date): Promise<number> {
  const row = await db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('channel', '=', 'sms').where('sent_at', '>', since).executeTakeFirst();
  return Number(row?.n ?? 0);
}

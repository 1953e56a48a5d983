/**
 * One case at a time: find it, claim it, move it after an outcome (optimistically: only if nobody
 * changed it since it was read), append its attempt and escalation, close its reasons.
 */
import { sql, type Kysely } from 'kysely';
import type { CaseFields, Queue } from '../../domain/cases/index.js';
import type { Channel } from '../../domain/compliance/index.js';
import type { Database } from '../schema.js';
import { caseColumns, caseFromRow, type StoredCase } from './plan-facts.js';
import { attemptNotVoided } from './voided-attempts.js';

export interface CaseWithPatient extends StoredCase {
  patientExternalId: string;
  patientLocationId: number | null;
}

async function selectCase(db: Kysely<Database>, where: { caseId?: number; patientId?: number }): Promise<CaseWithPatient | undefined> {
  let query = db.selectFrom('cases as c')
    .innerJoin('patients as p', 'p.id', 'c.patient_id')
    .select([...caseColumns.map((c) => `c.${c}` as const), 'p.external_id as patient_external_id', 'p.home_location_id as patient_location_id']);
  if (where.caseId !== undefined) query = query.where('c.id', '=', where.caseId);
  if (where.patientId !== undefined) query = query.where('c.patient_id', '=', where.patientId).where('c.state', '<>', 'closed');
  const row = await query.orderBy('c.id', 'desc').limit(1).executeTakeFirst();
  if (!row) return undefined;
  const { patient_external_id, patient_location_id, ...rest } = row;
  return { ...caseFromRow(rest as Parameters<typeof caseFromRow>[0]), patientExternalId: patient_external_id, patientLocationId: patient_location_id };
}

export const findCaseById = (db: Kysely<Database>, caseId: number) => selectCase(db, { caseId });
export const findOpenCaseOfPatient = (db: Kysely<Database>, patientId: number) => selectCase(db, { patientId });

/** The most recent case of a patient, open or closed. */
export async function findLatestCaseOfPatient(db: Kysely<Database>, patientId: number): Promise<CaseWithPatient | undefined> {
  const open = await findOpenCaseOfPatient(db, patientId);
  if (open) return open;
  const last = await db.selectFrom('cases').select('id').where('patient_id', '=', patientId).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return last ? findCaseById(db, last.id) : undefined;
}

/** Outcomes of a case's attempts, oldest first; undone (voided) ones do not count. */
/**
 * The outcomes of the case's current cadence run, oldest first: the attempts since its first touch
 * (cases.first_attempt_at), none before it. A new lead program clears that first touch, so a run of
 * unanswered attempts under the old program does not count against the new one.
 */
export async function caseAttemptOutcomes(db: Kysely<Database>, caseId: number, since: Date | null): Promise<(string | null)[]> {
  const rows = await db.selectFrom('attempts as a').select('a.outcome').where('a.case_id', '=', caseId).where(attemptNotVoided('a.id'))
    .where(sql<boolean>`a.occurred_at >= coalesce(${since}::timestamptz, 'infinity'::timestamptz)`)
    .orderBy('a.occurred_at').orderBy('a.id').execute();
  return rows.map((r) => r.outcome);
}

/**
 * Claims a case for a user unless someone else holds a live claim: one conditional UPDATE, so two
 * people claiming at the same instant cannot both win. Returns whether this user holds it now.
 */
export async function tryClaimCase(db: Kysely<Database>, caseId: number, userId: number, now: Date, lapsedBefore: Date): Promise<boolean> {
  const result = await db.updateTable('cases')
    .set({ claimed_by: userId, claimed_at: now })
    .where('id', '=', caseId)
    .where('state', '<>', 'closed')
    .where((eb) => eb.or([eb('claimed_by', 'is', null), eb('claimed_by', '=', userId), eb('claimed_at', '<=', lapsedBefore)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function releaseClaim(db: Kysely<Database>, caseId: number, userId: number): Promise<void> {
  await db.updateTable('cases').set({ claimed_by: null, claimed_at: null }).where('id', '=', caseId).where('claimed_by', '=', userId).execute();
}

export async function userNames(db: Kysely<Database>, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** The fields an outcome (or a queue's or a review's decision) moves. */
export type CaseMove = Pick<CaseFields,
  'state' | 'ownerUserId' | 'ownerQueue' | 'nextStep' | 'nextChannel' | 'nextActionAt' | 'priority' | 'cadenceStep' | 'unansweredAttempts' | 'firstAttemptAt'
  | 'closedReason' | 'closedAt' | 'snoozedUntil'
>;

/** Moves a case if it is unchanged since `expectedUpdatedAt`; releases any claim. Returns whether it moved. */
export async function moveCase(db: Kysely<Database>, caseId: number, expectedUpdatedAt: Date, move: CaseMove, now: Date): Promise<boolean> {
  const result = await db.updateTable('cases')
    .set({
      state: move.state, owner_user_id: move.ownerUserId, owner_queue: move.ownerQueue, next_step: move.nextStep, next_channel: move.nextChannel,
      next_action_at: move.nextActionAt, priority: Math.round(move.priority), cadence_step: move.cadenceStep, unanswered_attempts: move.unansweredAttempts,
      first_attempt_at: move.firstAttemptAt, closed_reason: move.closedReason, closed_at: move.closedAt, snoozed_until: move.snoozedUntil,
      claimed_by: null, claimed_at: null, updated_at: now,
    })
    .where('id', '=', caseId)
    .where('updated_at', '=', expectedUpdatedAt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface NewAttempt {
  caseId: number | null;
  patientId: number;
  contactPointId: number | null;
  channel: Channel;
  actorUserId: number | null;
  purpose: string;
  programKeys: string[];
  complianceDecisionId: number | null;
  outcome: string | null;
  note: string | null;
  /** Why the patient declined or put off care (a barrier reason key); staff outcomes only. */
  reason?: string | null;
  callbackAt: Date | null;
  occurredAt: Date;
  /** What undoing the outcome restores (outcome-undo.ts, as JSON); null when it cannot be undone. */
  undo: string | null;
  /** Automated touches (the dispatcher): who made it, the outbox key, what was sent. */
  actorKind?: 'staff' | 'automation';
  idempotencyKey?: string | null;
  templateKey?: string | null;
  contentSha256?: string | null;
  /** 'in': the patient reached us (a call to the office's number); default 'out'. */
  direction?: 'out' | 'in';
  /** The provider's id of the call or message (a call's sid). */
  providerMessageId?: string | null;
}

export async function insertAttempt(db: Kysely<Database>, a: NewAttempt): Promise<number> {
  const row = await db.insertInto('attempts').values({
    case_id: a.caseId, patient_id: a.patientId, contact_point_id: a.contactPointId, channel: a.channel, direction: a.direction ?? 'out', actor_kind: a.actorKind ?? 'staff',
    provider_message_id: a.providerMessageId ?? null,
    idempotency_key: a.idempotencyKey ?? null, template_key: a.templateKey ?? null, content_sha256: a.contentSha256 ?? null,
    actor_user_id: a.actorUserId, purpose: a.purpose, program_keys: a.programKeys, compliance_decision_id: a.complianceDecisionId, outcome: a.outcome,
    note: a.note, reason: a.reason ?? null, callback_at: a.callbackAt, occurred_at: a.occurredAt, undo: a.undo,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** `createdAt`: the use case's clock (the report counts escalations by it); the database's clock when not given. */
export async function insertEscalation(db: Kysely<Database>, e: { caseId: number; patientId: number; queue: Queue; reason: string; dueAt: Date; createdBy: number | null; createdAt?: Date }): Promise<number> {
  const row = await db.insertInto('escalations').values({ case_id: e.caseId, patient_id: e.patientId, queue: e.queue, reason: e.reason, due_at: e.dueAt, created_by: e.createdBy, ...(e.createdAt ? { created_at: e.createdAt } : {}) })
    .returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Closes a case's open reasons with the case's close reason, so the next plan does not bring them back. */
export async function closeCaseItems(db: Kysely<Database>, caseId: number, reason: string, now: Date): Promise<number> {
  const result = await db.updateTable('due_items').set({ status: 'closed', closed_reason: reason, closed_at: now, updated_at: now })
    .where('case_id', '=', caseId).where('status', '=', 'open').executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Marks a contact point invalid at `now` (the report's data problems count by it); a point already invalid keeps when it first was. */
export async function markContactPointInvalid(db: Kysely<Database>, contactPointId: number, reason: string, now: Date): Promise<void> {
  await db.updateTable('contact_points')
    .set((eb) => ({ is_valid: false, invalid_reason: reason, invalid_at: eb.case().when('is_valid', '=', true).then(now).else(eb.fn.coalesce('invalid_at', eb.val(now))).end() }))
    .where('id', '=', contactPointId).execute();
}

export interface EscalationRow {
  id: number;
  caseId: number;
  patientId: number;
  queue: Queue;
  reason: string;
  dueAt: Date;
  resolvedAt: Date | null;
  patientLocationId: number | null;
}

export async function findEscalation(db: Kysely<Database>, id: number): Promise<EscalationRow | undefined> {
  const row = await db.selectFrom('escalations as e').innerJoin('patients as p', 'p.id', 'e.patient_id')
    .select(['e.id', 'e.case_id', 'e.patient_id', 'e.queue', 'e.reason', 'e.due_at', 'e.resolved_at', 'p.home_location_id'])
    .where('e.id', '=', id).executeTakeFirst();
  return row && { id: row.id, caseId: row.case_id, patientId: row.patient_id, queue: row.queue, reason: row.reason, dueAt: row.due_at, resolvedAt: row.resolved_at, patientLocationId: row.home_location_id };
}

/** Resolves an escalation once; returns false when it was already resolved. */
export async function resolveEscalationRow(db: Kysely<Database>, id: number, userId: number | null, resolution: string, now: Date): Promise<boolean> {
  const result = await db.updateTable('escalations').set({ resolved_at: now, resolved_by: userId, resolution }).where('id', '=', id).where('resolved_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function openEscalationsOfCase(db: Kysely<Database>, caseId: number): Promise<number> {
  const row = await db.selectFrom('escalations').select((eb) => eb.fn.countAll<number>().as('n')).where('case_id', '=', caseId).where('resolved_at', 'is', null).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Open escalations of cases, keyed by case id (the worklist's queue view shows them). */
export async function openEscalationsFor(db: Kysely<Database>, caseIds: readonly number[]): Promise<Map<number, { id: number; queue: Queue; reason: string; dueAt: Date }[]>> {
  const out = new Map<number, { id: number; queue: Queue; reason: string; dueAt: Date }[]>();
  if (caseIds.length === 0) return out;
  const rows = await db.selectFrom('escalations').select(['id', 'case_id', 'queue', 'reason', 'due_at'])
    .where(sql<boolean>`case_id = any(${[...caseIds]}::bigint[])`).where('resolved_at', 'is', null).orderBy('due_at').execute();
  for (const r of rows) out.set(r.case_id, [...(out.get(r.case_id) ?? []), { id: r.id, queue: r.queue, reason: r.reason, dueAt: r.due_at }]);
  return out;
}

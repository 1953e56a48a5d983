/**
 * What an outcome changed, stored with its attempt (attempts.undo) so that an undo can put it back
 * exactly: the case's work fields before and after, the reasons it closed, the escalation it opened
 * and the number it marked invalid. And the writes that put them back.
 */
import { sql, type Kysely } from 'kysely';
import type { CaseFields } from '../../domain/cases/index.js';
import type { Database } from '../schema.js';
import type { CaseMove } from './cases.js';
import { attemptNotVoided } from './voided-attempts.js';

/** The case fields an outcome moves (cases.ts moveCase) plus the claim it releases. */
export type CaseWorkFields = CaseMove & Pick<CaseFields, 'claimedBy' | 'claimedAt'>;

export interface OutcomeUndoRecord {
  caseId: number;
  before: CaseWorkFields;
  /** As the outcome left the case, with its updated_at: the undo needs the case unchanged since. */
  after: CaseWorkFields & { updatedAt: Date };
  /** Reasons the outcome closed with the case (their close reason), to reopen. */
  closedItemIds: number[];
  closedItemsReason: string | null;
  escalationId: number | null;
  /** The number a "Wrong number" marked invalid, and what it was before. */
  invalidatedContactPoint: { id: number; wasValid: boolean; invalidReason: string | null } | null;
}

const dateFields = ['claimedAt', 'nextActionAt', 'firstAttemptAt', 'closedAt', 'snoozedUntil'] as const;

export function undoRecordToJson(record: OutcomeUndoRecord): string {
  return JSON.stringify({ version: 1, ...record });
}

function fieldsFromJson(raw: Record<string, unknown>): CaseWorkFields {
  const out = { ...raw } as Record<string, unknown>;
  for (const field of dateFields) out[field] = raw[field] === null || raw[field] === undefined ? null : new Date(raw[field] as string);
  return out as unknown as CaseWorkFields;
}

export function undoRecordFromJson(raw: Record<string, unknown>): OutcomeUndoRecord {
  const after = raw.after as Record<string, unknown>;
  return {
    caseId: Number(raw.caseId),
    before: fieldsFromJson(raw.before as Record<string, unknown>),
    after: { ...fieldsFromJson(after), updatedAt: new Date(after.updatedAt as string) },
    closedItemIds: (raw.closedItemIds as number[]).map(Number),
    closedItemsReason: (raw.closedItemsReason as string | null) ?? null,
    escalationId: raw.escalationId === null || raw.escalationId === undefined ? null : Number(raw.escalationId),
    invalidatedContactPoint: (raw.invalidatedContactPoint as OutcomeUndoRecord['invalidatedContactPoint']) ?? null,
  };
}

export interface AttemptToUndo {
  id: number;
  caseId: number | null;
  patientId: number;
  patientExternalId: string;
  patientLocationId: number | null;
  actorUserId: number | null;
  outcome: string | null;
  occurredAt: Date;
  undo: OutcomeUndoRecord | null;
}

export async function findAttemptToUndo(db: Kysely<Database>, attemptId: number): Promise<AttemptToUndo | undefined> {
  const row = await db.selectFrom('attempts as a').innerJoin('patients as p', 'p.id', 'a.patient_id')
    .select(['a.id', 'a.case_id', 'a.patient_id', 'p.external_id', 'p.home_location_id', 'a.actor_user_id', 'a.outcome', 'a.occurred_at', 'a.undo'])
    .where('a.id', '=', attemptId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id, caseId: row.case_id, patientId: row.patient_id, patientExternalId: row.external_id, patientLocationId: row.home_location_id,
    actorUserId: row.actor_user_id, outcome: row.outcome, occurredAt: row.occurred_at, undo: row.undo ? undoRecordFromJson(row.undo) : null,
  };
}

/** The case's work fields now, locked until the transaction ends (nobody moves it meanwhile). */
export async function lockCaseWorkFields(db: Kysely<Database>, caseId: number): Promise<(CaseWorkFields & { updatedAt: Date }) | undefined> {
  const r = await db.selectFrom('cases')
    .select(['state', 'owner_user_id', 'owner_queue', 'next_step', 'next_channel', 'next_action_at', 'priority', 'cadence_step', 'unanswered_attempts',
      'first_attempt_at', 'closed_reason', 'closed_at', 'snoozed_until', 'claimed_by', 'claimed_at', 'updated_at'])
    .where('id', '=', caseId)
    .forUpdate()
    .executeTakeFirst();
  if (!r) return undefined;
  return {
    state: r.state, ownerUserId: r.owner_user_id, ownerQueue: r.owner_queue, claimedBy: r.claimed_by, claimedAt: r.claimed_at, nextStep: r.next_step,
    nextChannel: r.next_channel, nextActionAt: r.next_action_at, priority: r.priority, cadenceStep: r.cadence_step, unansweredAttempts: r.unanswered_attempts,
    firstAttemptAt: r.first_attempt_at, closedReason: r.closed_reason, closedAt: r.closed_at, snoozedUntil: r.snoozed_until, updatedAt: r.updated_at,
  };
}

/** The fields that differ between two states of a case (empty: the same). */
export function changedFields(a: CaseWorkFields, b: CaseWorkFields): string[] {
  const same = (x: unknown, y: unknown) => (x instanceof Date || y instanceof Date ? (x as Date | null)?.getTime() === (y as Date | null)?.getTime() : x === y);
  const keys: (keyof CaseWorkFields)[] = ['state', 'ownerUserId', 'ownerQueue', 'nextStep', 'nextChannel', 'nextActionAt', 'priority', 'cadenceStep', 'unansweredAttempts',
    'firstAttemptAt', 'closedReason', 'closedAt', 'snoozedUntil'];
  return keys.filter((k) => !same(a[k], b[k]));
}

/** Puts the case's work fields back; updated_at moves on, so anyone holding the outcome's version must reload. */
export async function restoreCaseWorkFields(db: Kysely<Database>, caseId: number, fields: CaseWorkFields, now: Date): Promise<void> {
  await db.updateTable('cases').set({
    state: fields.state, owner_user_id: fields.ownerUserId, owner_queue: fields.ownerQueue, claimed_by: fields.claimedBy, claimed_at: fields.claimedAt,
    next_step: fields.nextStep, next_channel: fields.nextChannel, next_action_at: fields.nextActionAt, priority: fields.priority, cadence_step: fields.cadenceStep,
    unanswered_attempts: fields.unansweredAttempts, first_attempt_at: fields.firstAttemptAt, closed_reason: fields.closedReason, closed_at: fields.closedAt,
    snoozed_until: fields.snoozedUntil, updated_at: now,
  }).where('id', '=', caseId).execute();
}

/** Outcomes recorded on the case after this attempt and not undone. */
export async function laterAttemptsOfCase(db: Kysely<Database>, caseId: number, attemptId: number): Promise<number> {
  const row = await db.selectFrom('attempts as a').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('a.case_id', '=', caseId).where('a.id', '>', attemptId).where(attemptNotVoided('a.id')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Ids of the case's open reasons (those an outcome that closes the case closes with it). */
export async function openItemIdsOfCase(db: Kysely<Database>, caseId: number): Promise<number[]> {
  const rows = await db.selectFrom('due_items').select('id').where('case_id', '=', caseId).where('status', '=', 'open').orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** Reopens the reasons the outcome closed, if they are still closed as it left them. */
export async function reopenClosedItems(db: Kysely<Database>, ids: readonly number[], reason: string, closedAt: Date, now: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db.updateTable('due_items').set({ status: 'open', closed_reason: null, closed_at: null, updated_at: now })
    .where(sql<boolean>`id = any(${[...ids]}::bigint[])`).where('status', '=', 'closed').where('closed_reason', '=', reason).where('closed_at', '=', closedAt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Removes the escalation the outcome opened, while nobody has answered it; false when it was answered. */
export async function removeUnansweredEscalation(db: Kysely<Database>, escalationId: number): Promise<boolean> {
  const result = await db.deleteFrom('escalations').where('id', '=', escalationId).where('resolved_at', 'is', null).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** The reason a "Wrong number" writes on the number; an undo restores the number only while it still says this. */
export const wrongNumberReason = (attemptId: number) => `wrong number (outcome on attempt #${attemptId})`;

export async function contactPointValidity(db: Kysely<Database>, contactPointId: number): Promise<{ isValid: boolean; invalidReason: string | null } | undefined> {
  const row = await db.selectFrom('contact_points').select(['is_valid', 'invalid_reason']).where('id', '=', contactPointId).executeTakeFirst();
  return row && { isValid: row.is_valid, invalidReason: row.invalid_reason };
}

/** Restores a number's validity if it is still marked as the outcome marked it (an import may have changed it since). */
export async function restoreContactPointValidity(db: Kysely<Database>, point: NonNullable<OutcomeUndoRecord['invalidatedContactPoint']>, reasonSet: string): Promise<void> {
  await db.updateTable('contact_points').set({ is_valid: point.wasValid, invalid_reason: point.invalidReason, ...(point.wasValid ? { invalid_at: null } : {}) })
    .where('id', '=', point.id).where('is_valid', '=', false).where('invalid_reason', '=', reasonSet).execute();
}

/**
 * The weekly review's reads and writes: cases closed as unreachable or declined in a window (and not
 * yet confirmed closed in a review), cases that are escalated now; reopening a case's reasons when it
 * is re-queued; and the cases and users a coordinator assigns.
 */
import { sql, type Kysely } from 'kysely';
import type { LocationScope, Role } from '../../domain/access/index.js';
import type { Queue } from '../../domain/cases/index.js';
import type { Database } from '../schema.js';
import { attemptNotVoided } from './voided-attempts.js';

export const reviewCloseReasons = ['unreachable', 'declined'] as const;

export interface ReviewCaseRow {
  caseId: number;
  state: string;
  closedReason: string | null;
  closedAt: Date | null;
  updatedAt: Date;
  patientId: number;
  patientExternalId: string;
  patientName: string;
  location: string | null;
}

export async function listReviewCases(db: Kysely<Database>, p: { from: Date; to: Date; scope: LocationScope; limit: number }): Promise<ReviewCaseRow[]> {
  if (!p.scope.allLocations && p.scope.locationIds.length === 0) return [];
  let query = db.selectFrom('cases as c')
    .innerJoin('patients as pt', 'pt.id', 'c.patient_id')
    .leftJoin('locations as l', 'l.id', 'pt.home_location_id')
    .select(['c.id', 'c.state', 'c.closed_reason', 'c.closed_at', 'c.updated_at', 'pt.id as patient_id', 'pt.external_id', 'pt.first_name', 'pt.last_name', 'pt.preferred_name', 'l.external_id as location'])
    .where((eb) => eb.or([
      eb('c.state', '=', 'escalated'),
      eb.and([
        eb('c.state', '=', 'closed'), eb('c.closed_reason', 'in', [...reviewCloseReasons]), eb('c.closed_at', '>', p.from), eb('c.closed_at', '<=', p.to),
        eb.not(eb.exists(eb.selectFrom('audit_events as a').select('a.id')
          .where('a.action', '=', 'review.close').where('a.entity_type', '=', 'case')
          .whereRef('a.entity_id', '=', sql<string>`c.id::text`).whereRef('a.at', '>=', 'c.closed_at'))),
      ]),
    ]));
  if (!p.scope.allLocations) query = query.where(sql<boolean>`pt.home_location_id = any(${[...p.scope.locationIds]}::bigint[])`);
  const rows = await query.orderBy(sql`coalesce(c.closed_at, c.updated_at)`, 'desc').orderBy('c.id', 'desc').limit(p.limit).execute();
  return rows.map((r) => ({
    caseId: r.id, state: r.state, closedReason: r.closed_reason, closedAt: r.closed_at, updatedAt: r.updated_at, patientId: r.patient_id, patientExternalId: r.external_id,
    patientName: `${r.preferred_name ?? r.first_name} ${r.last_name}`, location: r.location,
  }));
}

/** The programs each case was worked for (its due items, open or closed with it), by case id. */
export async function reasonsOfCases(db: Kysely<Database>, caseIds: readonly number[]): Promise<Map<number, { program: string; programName: string; dueDate: string }[]>> {
  const out = new Map<number, { program: string; programName: string; dueDate: string }[]>();
  if (caseIds.length === 0) return out;
  const rows = await db.selectFrom('due_items as d').innerJoin('recall_programs as r', 'r.id', 'd.program_id')
    .select(['d.case_id', 'r.key', 'r.name', 'd.due_on'])
    .where(sql<boolean>`d.case_id = any(${[...caseIds]}::bigint[])`).where('d.status', '<>', 'suppressed').orderBy('d.due_on').execute();
  for (const r of rows) {
    if (r.case_id === null) continue;
    const list = out.get(r.case_id) ?? [];
    if (!list.some((x) => x.program === r.key)) list.push({ program: r.key, programName: r.name, dueDate: r.due_on });
    out.set(r.case_id, list);
  }
  return out;
}

/** The latest attempt of each case (undone ones left out). */
export async function lastAttemptsOf(db: Kysely<Database>, caseIds: readonly number[]): Promise<Map<number, { outcome: string | null; at: Date }>> {
  const out = new Map<number, { outcome: string | null; at: Date }>();
  if (caseIds.length === 0) return out;
  const rows = await db.selectFrom('attempts').select(['case_id', 'outcome', 'occurred_at'])
    .where(sql<boolean>`case_id = any(${[...caseIds]}::bigint[])`).where(attemptNotVoided('attempts.id'))
    .orderBy('occurred_at', 'desc').orderBy('id', 'desc').execute();
  for (const r of rows) if (r.case_id !== null && !out.has(r.case_id)) out.set(r.case_id, { outcome: r.outcome, at: r.occurred_at });
  return out;
}

/** Open escalations of a case, to answer when the review re-queues or closes it. */
export async function resolveOpenEscalationsOfCase(db: Kysely<Database>, caseId: number, userId: number | null, resolution: string, now: Date): Promise<number> {
  const result = await db.updateTable('escalations').set({ resolved_at: now, resolved_by: userId, resolution }).where('case_id', '=', caseId).where('resolved_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function latestEscalationsOf(db: Kysely<Database>, caseIds: readonly number[]): Promise<Map<number, { queue: Queue; reason: string; at: Date }>> {
  const out = new Map<number, { queue: Queue; reason: string; at: Date }>();
  if (caseIds.length === 0) return out;
  const rows = await db.selectFrom('escalations').select(['case_id', 'queue', 'reason', 'created_at'])
    .where(sql<boolean>`case_id = any(${[...caseIds]}::bigint[])`).where('resolved_at', 'is', null).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  for (const r of rows) if (!out.has(r.case_id)) out.set(r.case_id, { queue: r.queue, reason: r.reason, at: r.created_at });
  return out;
}

/** Reopens the reasons an outcome closed with the case (so the next plan keeps the re-queued case). */
export async function reopenCaseItems(db: Kysely<Database>, caseId: number, closedReason: string, now: Date): Promise<number> {
  const result = await db.updateTable('due_items').set({ status: 'open', closed_reason: null, closed_at: null, updated_at: now })
    .where('case_id', '=', caseId).where('status', '=', 'closed').where('closed_reason', '=', closedReason).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function openCaseOfPatientOtherThan(db: Kysely<Database>, patientId: number, caseId: number): Promise<number | undefined> {
  const row = await db.selectFrom('cases').select('id').where('patient_id', '=', patientId).where('state', '<>', 'closed').where('id', '<>', caseId).executeTakeFirst();
  return row?.id;
}

/** Cases to assign, with the location that decides who may work them (the patient's office). */
export async function casesForAssignment(db: Kysely<Database>, caseIds: readonly number[]): Promise<{ caseId: number; state: string; patientId: number; locationId: number | null }[]> {
  if (caseIds.length === 0) return [];
  const rows = await db.selectFrom('cases as c').innerJoin('patients as p', 'p.id', 'c.patient_id')
    .select(['c.id', 'c.state', 'c.patient_id', 'p.home_location_id'])
    .where(sql<boolean>`c.id = any(${[...caseIds]}::bigint[])`).execute();
  return rows.map((r) => ({ caseId: r.id, state: r.state, patientId: r.patient_id, locationId: r.home_location_id }));
}

export async function setCaseOwners(db: Kysely<Database>, caseIds: readonly number[], userId: number, now: Date): Promise<number> {
  if (caseIds.length === 0) return 0;
  const result = await db.updateTable('cases').set({ owner_user_id: userId, updated_at: now })
    .where(sql<boolean>`id = any(${[...caseIds]}::bigint[])`).where('state', '<>', 'closed').executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface AssignableUser {
  id: number;
  displayName: string;
  role: Role;
  allLocations: boolean;
  locationIds: number[];
  locations: string[];
}

/** Active users with their offices (the use case keeps those whose role works cases). */
export async function listAssignableUsers(db: Kysely<Database>): Promise<AssignableUser[]> {
  const rows = await db.selectFrom('users as u')
    .leftJoin('user_locations as ul', 'ul.user_id', 'u.id')
    .leftJoin('locations as l', 'l.id', 'ul.location_id')
    .select(['u.id', 'u.display_name', 'u.role', 'u.all_locations', 'l.id as location_id', 'l.external_id as location'])
    .where('u.disabled_at', 'is', null)
    .orderBy('u.display_name').orderBy('u.id').orderBy('l.external_id').execute();
  const byId = new Map<number, AssignableUser>();
  for (const r of rows) {
    const user = byId.get(r.id) ?? { id: r.id, displayName: r.display_name, role: r.role, allLocations: r.all_locations, locationIds: [], locations: [] };
    if (r.location_id !== null && r.location !== null) {
      user.locationIds.push(r.location_id);
      user.locations.push(r.location);
    }
    byId.set(r.id, user);
  }
  return [...byId.values()];
}

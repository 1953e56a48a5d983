/**
 * The planner's read model: for one batch of patients (an id range or a list), their histories in the
 * recall engine's shape, their current (or last) case and their due items, in a few set-based queries.
 *
 * To keep a full plan close to a bare scan, completed procedures older than the planner's horizon
 * arrive as one row per patient and code (the latest date): every rule that reads old completed
 * procedures (interval recalls, "last visit", "was the planned code done since") only needs the
 * latest one. Completed appointments likewise arrive as the latest one per patient, plus every one
 * whose type a program triggers on.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { CaseRecord } from '../../domain/cases/index.js';
import type { AppointmentFact, PatientHistory, ProcedureFact } from '../../domain/recall/index.js';
import type { CaseState, Database, Queue } from '../schema.js';

export type PatientSelection = { kind: 'range'; from: number; to: number } | { kind: 'ids'; ids: readonly number[] };

export interface PlanFactsOptions {
  now: Date;
  /** Completed procedures on or after this date arrive one by one; older ones as the latest per code. null: all one by one. */
  completedDetailSince: string | null;
  /** Completed appointments of these types (lower case) arrive one by one. */
  appointmentTypes: readonly string[];
}

export interface PlanPatient {
  id: number;
  externalId: string;
  status: 'active' | 'inactive' | 'deceased' | 'archived';
  doNotContact: boolean;
  locationId: number | null;
}

export interface StoredCase extends CaseRecord {
  id: number;
  locationId: number | null;
  claimedBy: number | null;
  claimedAt: Date | null;
  leadProgramKey: string | null;
  programKeys: string[];
  dueOn: string | null;
  priority: number;
  priorityWhy: string | null;
  nextChannel: 'voice' | 'sms' | 'email' | null;
  unansweredAttempts: number;
  firstAttemptAt: Date | null;
  outreachStartsAt: Date | null;
  outreachEndsAt: Date | null;
  snoozedUntil: Date | null;
  updatedAt: Date;
}

export interface StoredDueItem {
  id: number;
  patientId: number;
  programId: number;
  programKey: string | null;
  caseId: number | null;
  anchor: string;
  source: 'computed' | 'imported';
  dueOn: string;
  windowStart: string;
  windowEnd: string | null;
  evidence: string;
  status: 'open' | 'closed' | 'suppressed';
  closedReason: string | null;
  suppressionCode: string | null;
  feeCents: number | null;
  outreachStartsAt: Date | null;
  outreachEndsAt: Date | null;
}

export interface PlanFacts {
  patients: PlanPatient[];
  histories: Map<number, PatientHistory>;
  cases: Map<number, StoredCase>;
  dueItems: Map<number, StoredDueItem[]>;
}

function patientFilter(column: string, selection: PatientSelection): RawBuilder<boolean> {
  const ref = sql.ref(column);
  return selection.kind === 'range' ? sql<boolean>`${ref} between ${selection.from} and ${selection.to}` : sql<boolean>`${ref} = any(${[...selection.ids]}::bigint[])`;
}

function push<T>(map: Map<number, T[]>, key: number, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

type CaseRow = {
  id: number; patient_id: number; location_id: number | null; state: CaseState; owner_user_id: number | null; owner_queue: Queue | null;
  claimed_by: number | null; claimed_at: Date | null; next_step: string | null; next_action_at: Date | null; priority: number; priority_why: string | null;
  cadence_step: number; closed_reason: string | null; opened_at: Date; closed_at: Date | null; updated_at: Date; reason_anchors: string[]; program_keys: string[];
  lead_program_key: string | null; due_on: string | null; next_channel: 'voice' | 'sms' | 'email' | null; unanswered_attempts: number;
  first_attempt_at: Date | null; outreach_starts_at: Date | null; outreach_ends_at: Date | null; snoozed_until: Date | null;
};

export function caseFromRow(r: CaseRow): StoredCase {
  return {
    id: r.id, patientId: r.patient_id, locationId: r.location_id, state: r.state, ownerUserId: r.owner_user_id, ownerQueue: r.owner_queue,
    claimedBy: r.claimed_by, claimedAt: r.claimed_at, nextStep: r.next_step, nextActionAt: r.next_action_at, cadenceStep: r.cadence_step,
    closedReason: r.closed_reason as CaseRecord['closedReason'], openedAt: r.opened_at, closedAt: r.closed_at, reasonAnchors: r.reason_anchors,
    leadProgramKey: r.lead_program_key, programKeys: r.program_keys, dueOn: r.due_on, priority: r.priority, priorityWhy: r.priority_why,
    nextChannel: r.next_channel, unansweredAttempts: r.unanswered_attempts, firstAttemptAt: r.first_attempt_at, outreachStartsAt: r.outreach_starts_at,
    outreachEndsAt: r.outreach_ends_at, snoozedUntil: r.snoozed_until, updatedAt: r.updated_at,
  };
}

export const caseColumns = [
  'id', 'patient_id', 'location_id', 'state', 'owner_user_id', 'owner_queue', 'claimed_by', 'claimed_at', 'next_step', 'next_action_at', 'priority',
  'priority_why', 'cadence_step', 'closed_reason', 'opened_at', 'closed_at', 'updated_at', 'reason_anchors', 'program_keys', 'lead_program_key',
  'due_on', 'next_channel', 'unanswered_attempts', 'first_attempt_at', 'outreach_starts_at', 'outreach_ends_at', 'snoozed_until',
] as const;

export async function loadPlanFacts(db: Kysely<Database>, selection: PatientSelection, options: PlanFactsOptions): Promise<PlanFacts> {
  const patients = await db
    .selectFrom('patients')
    .select(['id', 'external_id', 'status', 'do_not_contact', 'home_location_id'])
    .where(patientFilter('id', selection))
    .orderBy('id')
    .execute();
  const histories = new Map<number, PatientHistory>();
  const cases = new Map<number, StoredCase>();
  const dueItems = new Map<number, StoredDueItem[]>();
  if (patients.length === 0) return { patients: [], histories, cases, dueItems };
  // An id list is narrowed to the patients that exist; a range stays a range (an index range scan).
  const sel: PatientSelection = selection.kind === 'range' ? selection : { kind: 'ids', ids: patients.map((p) => p.id) };

  const types = options.appointmentTypes.map((t) => t.toLowerCase());
  const detailSince = options.completedDetailSince;
  const [appointments, lastCompleted, planned, completed, completedLatest, imported, referrals, caseRows, itemRows] = await all([
    () => db.selectFrom('appointments')
      .select(['id', 'patient_id', 'starts_at', 'status', 'type', 'procedure_codes', 'confirmed_at', 'location_id'])
      .where(patientFilter('patient_id', sel))
      .where((eb) => types.length > 0
        ? eb.or([eb('status', '<>', 'completed'), eb(sql`lower(type)`, '=', sql`any(${types}::text[])`)])
        : eb('status', '<>', 'completed'))
      .execute(),
    () => db.selectFrom('appointments')
      .select(['patient_id', (eb) => eb.fn.max('starts_at').as('starts_at')])
      .where(patientFilter('patient_id', sel))
      .where('status', '=', 'completed')
      .where('starts_at', '<=', options.now)
      .groupBy('patient_id')
      .execute(),
    () => db.selectFrom('procedures')
      .select(['id', 'patient_id', 'code_system', 'code', 'status', 'performed_on', 'fee_cents', 'appointment_id'])
      .where(patientFilter('patient_id', sel))
      .where('status', '=', 'planned')
      .execute(),
    () => db.selectFrom('procedures')
      .select(['id', 'patient_id', 'code_system', 'code', 'status', 'performed_on', 'fee_cents', 'appointment_id'])
      .where(patientFilter('patient_id', sel))
      .where('status', '=', 'completed')
      .$if(detailSince !== null, (qb) => qb.where('performed_on', '>=', detailSince as string))
      .execute(),
    () => detailSince === null
      ? Promise.resolve([])
      : db.selectFrom('procedures')
        .select(['patient_id', 'code_system', 'code', (eb) => eb.fn.max('performed_on').as('performed_on')])
        .where(patientFilter('patient_id', sel))
        .where('status', '=', 'completed')
        .where('performed_on', '<', detailSince)
        .groupBy(['patient_id', 'code_system', 'code'])
        .execute(),
    () => db.selectFrom('imported_recalls').select(['id', 'patient_id', 'recall_type', 'due_on', 'disabled']).where(patientFilter('patient_id', sel)).execute(),
    () => db.selectFrom('referrals').select(['id', 'patient_id', 'direction', 'specialty', 'referred_to', 'status', 'referred_on', 'completed_on']).where(patientFilter('patient_id', sel)).execute(),
    () => db.selectFrom('cases')
      .select([...caseColumns])
      .distinctOn('patient_id')
      .where(patientFilter('patient_id', sel))
      .orderBy('patient_id')
      .orderBy(sql`(state <> 'closed')`, 'desc')
      .orderBy('id', 'desc')
      .execute(),
    () => db.selectFrom('due_items')
      .select(['id', 'patient_id', 'program_id', 'program_key', 'case_id', 'anchor', 'source', 'due_on', 'window_start', 'window_end', 'evidence', 'status',
        'closed_reason', 'suppression_code', 'fee_cents', 'outreach_starts_at', 'outreach_ends_at'])
      .where(patientFilter('patient_id', sel))
      .execute(),
  ] as const);

  for (const p of patients) {
    histories.set(p.id, {
      patient: { id: p.id, status: p.status, doNotContact: p.do_not_contact },
      appointments: [], procedures: [], importedRecalls: [], referrals: [],
    });
  }
  const historyOf = (id: number) => histories.get(id);
  for (const a of appointments) {
    historyOf(a.patient_id)?.appointments.push({
      id: a.id, startsAt: a.starts_at, status: a.status, type: a.type, procedureCodes: a.procedure_codes, confirmedAt: a.confirmed_at, locationId: a.location_id,
    } satisfies AppointmentFact);
  }
  for (const a of lastCompleted) {
    const h = historyOf(a.patient_id);
    if (!h || a.starts_at === null) continue;
    const startsAt = new Date(a.starts_at as unknown as string | Date);
    // Already there one by one (a typed visit): no second copy.
    if (h.appointments.some((x) => x.status === 'completed' && x.startsAt.getTime() === startsAt.getTime())) continue;
    h.appointments.push({ id: 0, startsAt, status: 'completed', type: null, procedureCodes: [], confirmedAt: null });
  }
  const procedure = (p: { id: number; code_system: ProcedureFact['codeSystem']; code: string; status: 'completed' | 'planned'; performed_on: string; fee_cents: number | null; appointment_id: number | null }): ProcedureFact => ({
    id: p.id, codeSystem: p.code_system, code: p.code, status: p.status, performedOn: p.performed_on, feeCents: p.fee_cents, appointmentId: p.appointment_id,
  });
  for (const p of planned) historyOf(p.patient_id)?.procedures.push(procedure(p));
  for (const p of completed) historyOf(p.patient_id)?.procedures.push(procedure(p));
  for (const p of completedLatest) {
    historyOf(p.patient_id)?.procedures.push({ id: 0, codeSystem: p.code_system, code: p.code, status: 'completed', performedOn: String(p.performed_on), feeCents: null, appointmentId: null });
  }
  for (const r of imported) historyOf(r.patient_id)?.importedRecalls?.push({ id: r.id, recallType: r.recall_type, dueOn: r.due_on, disabled: r.disabled });
  for (const r of referrals) {
    historyOf(r.patient_id)?.referrals?.push({ id: r.id, direction: r.direction, specialty: r.specialty, referredTo: r.referred_to, status: r.status, referredOn: r.referred_on, completedOn: r.completed_on });
  }
  for (const row of caseRows) cases.set(row.patient_id, caseFromRow(row as CaseRow));
  for (const r of itemRows) {
    push(dueItems, r.patient_id, {
      id: r.id, patientId: r.patient_id, programId: r.program_id, programKey: r.program_key, caseId: r.case_id, anchor: r.anchor, source: r.source, dueOn: r.due_on,
      windowStart: r.window_start, windowEnd: r.window_end, evidence: r.evidence, status: r.status, closedReason: r.closed_reason, suppressionCode: r.suppression_code,
      feeCents: r.fee_cents, outreachStartsAt: r.outreach_starts_at, outreachEndsAt: r.outreach_ends_at,
    });
  }
  return {
    patients: patients.map((p) => ({ id: p.id, externalId: p.external_id, status: p.status, doNotContact: p.do_not_contact, locationId: p.home_location_id })),
    histories, cases, dueItems,
  };
}

type Thunks = readonly (() => Promise<unknown>)[];
type Results<T extends Thunks> = { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };

/**
 * Runs the reads one after another: the planner reads inside a transaction, which holds one
 * connection (pg refuses overlapping queries on one client), and the embedded database runs one query
 * at a time anyway.
 */
async function all<T extends Thunks>(thunks: T): Promise<Results<T>> {
  const results: unknown[] = [];
  for (const thunk of thunks) results.push(await thunk());
  return results as Results<T>;
}

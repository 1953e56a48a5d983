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
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { StoredCase } from '../../domain/cases/index.js';
import type { AppointmentFact, PatientHistory, ProcedureFact, ReferralFact, StoredDueItem } from '../../domain/recall/index.js';
import { instant, readAsJson } from './read-as-json.js';
import type { CasesTable, Database } from '../schema.js';

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
  /** When the stored plan said to look again (plan_rechecks); null before the first plan. */
  recheckAt: Date | null;
}

/** Declared in the domain (the planner's input); re-exported for the queries that read them. */
export type { StoredCase, StoredDueItem };

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

type CaseRow = Pick<Selectable<CasesTable>, (typeof caseColumns)[number]>;

export function caseFromRow(r: CaseRow): StoredCase {
  return {
    id: r.id, patientId: r.patient_id, locationId: r.location_id, state: r.state, ownerUserId: r.owner_user_id, ownerQueue: r.owner_queue,
    claimedBy: r.claimed_by, claimedAt: r.claimed_at, nextStep: r.next_step, nextActionAt: r.next_action_at, cadenceStep: r.cadence_step,
    closedReason: r.closed_reason, openedAt: r.opened_at, closedAt: r.closed_at, reasonAnchors: r.reason_anchors,
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

const appointmentColumns = ['id', 'patient_id', 'starts_at', 'status', 'type', 'procedure_codes', 'confirmed_at', 'location_id'] as const;
const procedureColumns = ['id', 'patient_id', 'code_system', 'code', 'status', 'performed_on', 'fee_cents', 'appointment_id'] as const;
const dueItemColumns = ['id', 'patient_id', 'program_id', 'program_key', 'case_id', 'anchor', 'source', 'due_on', 'window_start', 'window_end', 'evidence', 'status',
  'closed_reason', 'suppression_code', 'fee_cents', 'outreach_starts_at', 'outreach_ends_at', 'outreach_group', 'outreach_group_at'] as const;

const caseTimestampColumns: ReadonlySet<string> = new Set(['claimed_at', 'next_action_at', 'opened_at', 'closed_at', 'updated_at', 'first_attempt_at',
  'outreach_starts_at', 'outreach_ends_at', 'snoozed_until']);

export async function loadPlanFacts(db: Kysely<Database>, selection: PatientSelection, options: PlanFactsOptions): Promise<PlanFacts> {
  const patients = (await readAsJson(db, db
    .selectFrom('patients')
    .leftJoin('plan_rechecks', 'plan_rechecks.patient_id', 'patients.id')
    .select(['patients.id', 'patients.external_id', 'patients.status', 'patients.do_not_contact', 'patients.home_location_id', 'plan_rechecks.recheck_at'])
    .where(patientFilter('patients.id', selection))
    .orderBy('patients.id'), ['id', 'external_id', 'status', 'do_not_contact', 'home_location_id', 'recheck_at']))
    .map(([id, externalId, status, doNotContact, locationId, recheckAt]): PlanPatient => ({
      id: id as number, externalId: externalId as string, status: status as PlanPatient['status'], doNotContact: doNotContact as boolean, locationId: locationId as number | null,
      recheckAt: instant(recheckAt),
    }));
  const histories = new Map<number, PatientHistory>();
  const cases = new Map<number, StoredCase>();
  const dueItems = new Map<number, StoredDueItem[]>();
  if (patients.length === 0) return { patients: [], histories, cases, dueItems };
  // An id list is narrowed to the patients that exist; a range stays a range (an index range scan).
  const sel: PatientSelection = selection.kind === 'range' ? selection : { kind: 'ids', ids: patients.map((p) => p.id) };

  const types = options.appointmentTypes.map((t) => t.toLowerCase());
  const detailSince = options.completedDetailSince;
  const [appointments, lastCompleted, planned, completed, completedLatest, imported, referrals, caseRows, itemRows] = await all([
    () => readAsJson(db, db.selectFrom('appointments')
      .select([...appointmentColumns])
      .where(patientFilter('patient_id', sel))
      .where((eb) => types.length > 0
        ? eb.or([eb('status', '<>', 'completed'), eb(sql`lower(type)`, '=', sql`any(${types}::text[])`)])
        : eb('status', '<>', 'completed')), appointmentColumns),
    // The last completed visit so far, and the first one dated in the future (a PMS can mark a visit
    // completed ahead of its time): the engine ignores it until it starts, and its start is a recheck.
    () => readAsJson(db, db.selectFrom('appointments')
      .select(['patient_id', sql`max(starts_at) filter (where starts_at <= ${options.now})`.as('starts_at'), sql`min(starts_at) filter (where starts_at > ${options.now})`.as('ahead_at')])
      .where(patientFilter('patient_id', sel))
      .where('status', '=', 'completed')
      .groupBy('patient_id'), ['patient_id', 'starts_at', 'ahead_at']),
    () => readAsJson(db, db.selectFrom('procedures')
      .select([...procedureColumns])
      .where(patientFilter('patient_id', sel))
      .where('status', '=', 'planned'), procedureColumns),
    () => readAsJson(db, db.selectFrom('procedures')
      .select([...procedureColumns])
      .where(patientFilter('patient_id', sel))
      .where('status', '=', 'completed')
      .$if(detailSince !== null, (qb) => qb.where('performed_on', '>=', detailSince as string)), procedureColumns),
    () => detailSince === null
      ? Promise.resolve([])
      : readAsJson(db, db.selectFrom('procedures')
        .select(['patient_id', 'code_system', 'code', (eb) => eb.fn.max('performed_on').as('performed_on')])
        .where(patientFilter('patient_id', sel))
        .where('status', '=', 'completed')
        .where('performed_on', '<', detailSince)
        .groupBy(['patient_id', 'code_system', 'code']), ['patient_id', 'code_system', 'code', 'performed_on']),
    () => readAsJson(db, db.selectFrom('imported_recalls').select(['id', 'patient_id', 'recall_type', 'due_on', 'disabled']).where(patientFilter('patient_id', sel)),
      ['id', 'patient_id', 'recall_type', 'due_on', 'disabled']),
    () => readAsJson(db, db.selectFrom('referrals').select(['id', 'patient_id', 'direction', 'specialty', 'referred_to', 'status', 'referred_on', 'completed_on'])
      .where(patientFilter('patient_id', sel)), ['id', 'patient_id', 'direction', 'specialty', 'referred_to', 'status', 'referred_on', 'completed_on']),
    () => readAsJson(db, db.selectFrom('cases')
      .select([...caseColumns])
      .distinctOn('patient_id')
      .where(patientFilter('patient_id', sel))
      .orderBy('patient_id')
      .orderBy(sql`(state <> 'closed')`, 'desc')
      .orderBy('id', 'desc'), caseColumns),
    () => readAsJson(db, db.selectFrom('due_items').select([...dueItemColumns]).where(patientFilter('patient_id', sel)), dueItemColumns),
  ] as const);

  for (const p of patients) {
    histories.set(p.id, {
      patient: { id: p.id, status: p.status, doNotContact: p.doNotContact },
      appointments: [], procedures: [], importedRecalls: [], referrals: [],
    });
  }
  const historyOf = (id: unknown) => histories.get(id as number);
  for (const [id, patientId, startsAt, status, type, procedureCodes, confirmedAt, locationId] of appointments) {
    historyOf(patientId)?.appointments.push({
      id: id as number, startsAt: instant(startsAt) as Date, status: status as AppointmentFact['status'], type: type as string | null,
      procedureCodes: procedureCodes as string[], confirmedAt: instant(confirmedAt), locationId: locationId as number | null,
    });
  }
  for (const [patientId, at, aheadAt] of lastCompleted) {
    const h = historyOf(patientId);
    if (!h) continue;
    for (const startsAt of [instant(at), instant(aheadAt)]) {
      // Already there one by one (a typed visit): no second copy.
      if (startsAt === null || h.appointments.some((x) => x.status === 'completed' && x.startsAt.getTime() === startsAt.getTime())) continue;
      h.appointments.push({ id: 0, startsAt, status: 'completed', type: null, procedureCodes: [], confirmedAt: null });
    }
  }
  const procedure = ([id, , codeSystem, code, status, performedOn, feeCents, appointmentId]: unknown[]): ProcedureFact => ({
    id: id as number, codeSystem: codeSystem as ProcedureFact['codeSystem'], code: code as string, status: status as ProcedureFact['status'],
    performedOn: performedOn as string, feeCents: feeCents as number | null, appointmentId: appointmentId as number | null,
  });
  for (const row of planned) historyOf(row[1])?.procedures.push(procedure(row));
  for (const row of completed) historyOf(row[1])?.procedures.push(procedure(row));
  for (const [patientId, codeSystem, code, performedOn] of completedLatest) {
    historyOf(patientId)?.procedures.push({
      id: 0, codeSystem: codeSystem as ProcedureFact['codeSystem'], code: code as string, status: 'completed', performedOn: performedOn as string, feeCents: null, appointmentId: null,
    });
  }
  for (const [id, patientId, recallType, dueOn, disabled] of imported) {
    historyOf(patientId)?.importedRecalls?.push({ id: id as number, recallType: recallType as string, dueOn: dueOn as string, disabled: disabled as boolean });
  }
  for (const [id, patientId, direction, specialty, referredTo, status, referredOn, completedOn] of referrals) {
    historyOf(patientId)?.referrals?.push({
      id: id as number, direction: direction as ReferralFact['direction'], specialty: specialty as string | null, referredTo: referredTo as string | null,
      status: status as ReferralFact['status'], referredOn: referredOn as string, completedOn: completedOn as string | null,
    });
  }
  for (const tuple of caseRows) {
    const row = Object.fromEntries(caseColumns.map((column, i) => [column, caseTimestampColumns.has(column) ? instant(tuple[i]) : tuple[i]])) as CaseRow;
    cases.set(row.patient_id, caseFromRow(row));
  }
  for (const [id, patientId, programId, programKey, caseId, anchor, source, dueOn, windowStart, windowEnd, evidence, status, closedReason, suppressionCode, feeCents,
    outreachStartsAt, outreachEndsAt, outreachGroup, outreachGroupAt] of itemRows) {
    push(dueItems, patientId as number, {
      id: id as number, patientId: patientId as number, programId: programId as number, programKey: programKey as string | null, caseId: caseId as number | null,
      anchor: anchor as string, source: source as StoredDueItem['source'], dueOn: dueOn as string, windowStart: windowStart as string, windowEnd: windowEnd as string | null,
      evidence: evidence as string, status: status as StoredDueItem['status'], closedReason: closedReason as string | null, suppressionCode: suppressionCode as string | null,
      feeCents: feeCents as number | null, outreachStartsAt: instant(outreachStartsAt), outreachEndsAt: instant(outreachEndsAt),
      outreachGroup: outreachGroup as StoredDueItem['outreachGroup'], outreachGroupAt: instant(outreachGroupAt),
    });
  }
  return { patients, histories, cases, dueItems };
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

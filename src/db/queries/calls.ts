/** Calls through the voice provider (0017): written before the provider is asked, moved forward by its callbacks. */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { CallState } from '../../domain/voice/index.js';
import type { Database } from '../schema.js';

export type CallRow = Selectable<Database['calls']>;

export async function findCall(db: Kysely<Database>, callId: number): Promise<CallRow | undefined> {
  return db.selectFrom('calls').selectAll().where('id', '=', callId).executeTakeFirst();
}

/** The row, locked until the transaction ends: callbacks of one call arrive together and each reads what the last wrote. */
export async function lockCall(db: Kysely<Database>, callId: number): Promise<CallRow | undefined> {
  return db.selectFrom('calls').selectAll().where('id', '=', callId).forUpdate().executeTakeFirst();
}

export async function insertCall(db: Kysely<Database>, call: {
  key: string; direction: 'out' | 'in'; provider: string; caseId: number | null; patientId: number | null; locationId: number | null; userId: number | null;
  attemptId: number | null; decisionId: number | null; fromContactPointId: number | null; toContactPointId: number | null; providerSid: string | null;
  state: CallState; matchedPatientIds?: number[]; now: Date;
}): Promise<number | null> {
  const row = await db.insertInto('calls').values({
    key: call.key, direction: call.direction, provider: call.provider, case_id: call.caseId, patient_id: call.patientId, location_id: call.locationId, user_id: call.userId,
    attempt_id: call.attemptId, compliance_decision_id: call.decisionId, from_contact_point_id: call.fromContactPointId, to_contact_point_id: call.toContactPointId,
    provider_sid: call.providerSid, state: call.state, matched_patient_ids: call.matchedPatientIds ?? [], created_at: call.now, updated_at: call.now,
  }).onConflict((oc) => oc.column('key').doNothing()).returning('id').executeTakeFirst();
  return row?.id ?? null;
}

/** The call a person is making on a case right now (not ended), if any. */
export async function liveCallOfCase(db: Kysely<Database>, caseId: number): Promise<CallRow | undefined> {
  return db.selectFrom('calls').selectAll().where('case_id', '=', caseId).where('direction', '=', 'out')
    .where('state', 'in', ['creating', 'queued', 'ringing', 'in-progress']).orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/**
 * Takes over a call row left 'creating' (its process stopped, or the provider's answer was lost) once
 * it has been untouched since `staleBefore`: one conditional UPDATE, so two requests cannot both resume it.
 */
export async function claimStaleCreatingCall(db: Kysely<Database>, callId: number, staleBefore: Date, now: Date): Promise<boolean> {
  const result = await db.updateTable('calls').set({ updated_at: now }).where('id', '=', callId).where('state', '=', 'creating').where('updated_at', '<=', staleBefore).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Provider call ids other rows already hold since `since`: never taken as this row's call when reconciling. */
export async function providerSidsSince(db: Kysely<Database>, since: Date, exceptCallId: number): Promise<Set<string>> {
  const rows = await db.selectFrom('calls').select('provider_sid').where('provider_sid', 'is not', null).where('created_at', '>=', since).where('id', '<>', exceptCallId).execute();
  return new Set(rows.map((r) => r.provider_sid as string));
}

export async function updateCall(db: Kysely<Database>, callId: number, change: Partial<Pick<CallRow,
  'attempt_id' | 'provider_sid' | 'staff_leg_sid' | 'patient_leg_sid' | 'state' | 'failure' | 'answered_at' | 'ended_at' | 'duration_seconds' | 'recording_sid' | 'recording_seconds' | 'voicemail_at' | 'outcome_attempt_id'>>, now: Date): Promise<void> {
  await db.updateTable('calls').set({ ...change, updated_at: now }).where('id', '=', callId).execute();
}

/**
 * Claims the voicemail drop of a call: one conditional UPDATE, so two presses of the key (or two tabs)
 * cannot both leave it. Released again (`releaseVoicemail`) if the provider refuses it.
 */
export async function claimVoicemail(db: Kysely<Database>, callId: number, now: Date): Promise<boolean> {
  const result = await db.updateTable('calls').set({ voicemail_at: now, updated_at: now }).where('id', '=', callId).where('voicemail_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function releaseVoicemail(db: Kysely<Database>, callId: number, claimedAt: Date): Promise<void> {
  await db.updateTable('calls').set({ voicemail_at: null }).where('id', '=', callId).where('voicemail_at', '=', claimedAt).execute();
}

/** The bridge adopts the provider's id for a call whose create answer was lost; only a call still 'creating' without one. */
export async function adoptProviderSid(db: Kysely<Database>, callId: number, sid: string, now: Date): Promise<void> {
  await db.updateTable('calls').set({ provider_sid: sid, staff_leg_sid: sid, state: 'queued', updated_at: now })
    .where('id', '=', callId).where('provider_sid', 'is', null).where('state', '=', 'creating').execute();
}

/** Holds the case's row until the transaction ends: two Call requests on one case take turns, and the second sees the first's call. */
export async function lockCaseForCall(db: Kysely<Database>, caseId: number): Promise<void> {
  await db.selectFrom('cases').select('id').where('id', '=', caseId).forUpdate().execute();
}

/** Records the outcome of a call once: the first outcome recorded for it is the call's. */
export async function setCallOutcomeAttempt(db: Kysely<Database>, callId: number, attemptId: number, now: Date): Promise<boolean> {
  const result = await db.updateTable('calls').set({ outcome_attempt_id: attemptId, updated_at: now }).where('id', '=', callId).where('outcome_attempt_id', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Who a call is to and from: the numbers and the office's caller ID, read when they are needed (never stored on the call). */
export async function callNumbers(db: Kysely<Database>, callId: number): Promise<{ patientNumber: string | null; staffPhone: string | null; callerId: string | null; locationPhone: string | null } | undefined> {
  const row = (await sql<{ patient_number: string | null; staff_phone: string | null; caller_id: string | null; location_phone: string | null }>`
    select cp.value as patient_number, u.phone as staff_phone, l.caller_id, l.phone as location_phone
    from calls c
    left join contact_points cp on cp.id = c.to_contact_point_id
    left join users u on u.id = c.user_id
    left join locations l on l.id = c.location_id
    where c.id = ${callId}`.execute(db)).rows[0];
  return row && { patientNumber: row.patient_number, staffPhone: row.staff_phone, callerId: row.caller_id, locationPhone: row.location_phone };
}

/** The office a number belongs to (its caller ID or phone), for a call reaching it; else the first office. */
export async function officeOfNumber(db: Kysely<Database>, number: string): Promise<{ id: number; phone: string | null; timeZone: string } | undefined> {
  const row = await db.selectFrom('locations').select(['id', 'phone', 'time_zone']).orderBy(sql`case when caller_id = ${number} then 0 when phone = ${number} then 1 else 2 end`).orderBy('id').limit(1).executeTakeFirst();
  return row && { id: row.id, phone: row.phone, timeZone: row.time_zone };
}

export async function setUserPhone(db: Kysely<Database>, userId: number, phone: string | null): Promise<boolean> {
  const result = await db.updateTable('users').set({ phone }).where('id', '=', userId).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function userPhone(db: Kysely<Database>, userId: number): Promise<string | null> {
  const row = await db.selectFrom('users').select('phone').where('id', '=', userId).executeTakeFirst();
  return row?.phone ?? null;
}

/** A call to the office's number that no single open case takes, kept in the shared unmatched list with the inbound texts. */
export async function insertInboundCall(db: Kysely<Database>, call: { provider: string; callSid: string; from: string; to: string; patientIds: number[]; caseId: number | null; now: Date }): Promise<void> {
  await db.insertInto('inbound_messages').values({
    provider: call.provider, provider_message_id: call.callSid, channel: 'voice', from_address: call.from, to_address: call.to, body: 'Incoming call',
    patient_ids: call.patientIds, case_id: call.caseId, intent: 'other', flagged: false, received_at: call.now,
  }).onConflict((c) => c.columns(['provider', 'provider_message_id']).doNothing()).execute();
}

/** The uploaded recording a voicemail template plays instead of speech, if it has one. */
export async function templateRecordingUrl(db: Kysely<Database>, templateId: number): Promise<string | null> {
  const row = await db.selectFrom('message_templates').select('recording_url').where('id', '=', templateId).executeTakeFirst();
  return row?.recording_url ?? null;
}

/** The number or address of one contact point (for a tel: link on the case screen). */
export async function contactPointValue(db: Kysely<Database>, contactPointId: number): Promise<string | null> {
  const row = await db.selectFrom('contact_points').select('value').where('id', '=', contactPointId).executeTakeFirst();
  return row?.value ?? null;
}

/** The caller ID of an office (the number patients see), if it has one. */
export async function officeCallerId(db: Kysely<Database>, locationId: number): Promise<string | null> {
  const row = await db.selectFrom('locations').select('caller_id').where('id', '=', locationId).executeTakeFirst();
  return row?.caller_id ?? null;
}

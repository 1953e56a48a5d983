/** Booking and preferences links (0011): only the token's SHA-256 is kept; the identity step's state lives beside it. */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { BookingLinksTable, Database } from '../schema.js';
import type { LinkPurpose } from '../../domain/booking/link-state.js';

export type BookingLinkRow = Selectable<BookingLinksTable>;

export async function insertBookingLink(db: Kysely<Database>, link: { tokenSha256: string; purpose: BookingLinkRow['purpose']; patientId: number; caseId: number | null; createdBy: number | null; now: Date; expiresAt: Date }): Promise<number> {
  const row = await db.insertInto('booking_links').values({
    token_sha256: link.tokenSha256, purpose: link.purpose, patient_id: link.patientId, case_id: link.caseId, created_by: link.createdBy, created_at: link.now, expires_at: link.expiresAt,
  }).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

/** The link with its case's state (a closed case closes its booking links). */
export async function findBookingLink(db: Kysely<Database>, tokenSha256: string): Promise<(BookingLinkRow & { case_state: string | null }) | undefined> {
  return db.selectFrom('booking_links as b').leftJoin('cases as c', 'c.id', 'b.case_id').selectAll('b').select('c.state as case_state')
    .where('b.token_sha256', '=', tokenSha256).executeTakeFirst();
}

export async function updateBookingLink(db: Kysely<Database>, id: number, change: Partial<Omit<BookingLinkRow, 'id' | 'token_sha256'>>): Promise<void> {
  await db.updateTable('booking_links').set(change).where('id', '=', id).execute();
}

/**
 * Takes one identity try on a link if nobody took one since `expectedFailed` was read and the link is
 * open and unlocked (compare-and-set: parallel guesses each need their own try). Whether it was taken.
 */
export async function takeIdentityTry(db: Kysely<Database>, id: number, expectedFailed: number, next: { failedChecks: number; lockedUntil: Date | null }, now: Date): Promise<boolean> {
  const result = await db.updateTable('booking_links').set({ failed_checks: next.failedChecks, locked_until: next.lockedUntil })
    .where('id', '=', id).where('failed_checks', '=', expectedFailed).where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The identity state of one link as stored now. */
export async function identityStateOf(db: Kysely<Database>, id: number): Promise<{ failedChecks: number; lockedUntil: Date | null; revoked: boolean } | undefined> {
  const row = await db.selectFrom('booking_links').select(['failed_checks', 'locked_until', 'revoked_at']).where('id', '=', id).executeTakeFirst();
  return row ? { failedChecks: row.failed_checks, lockedUntil: row.locked_until, revoked: row.revoked_at !== null } : undefined;
}

/** Locks every other open link of the patient until `until` (a lock on one link is a lock on the person). */
export async function lockPatientLinks(db: Kysely<Database>, patientId: number, until: Date): Promise<void> {
  await db.updateTable('booking_links').set({ locked_until: until }).where('patient_id', '=', patientId).where('revoked_at', 'is', null).where('used_at', 'is', null)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', until)])).execute();
}

/** Marks a booking link used, once: whether this call did (a second tap of the same form finds it used). */
export async function useLink(db: Kysely<Database>, id: number, now: Date): Promise<boolean> {
  const result = await db.updateTable('booking_links').set({ used_at: now, session_sha256: null, session_until: null })
    .where('id', '=', id).where('used_at', 'is', null).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Stores a new code if no other request sent one since `expectedSent` was read and no live code is out; whether it did. */
export async function takeCodeSlot(
  db: Kysely<Database>, id: number, expectedSent: number, code: { code_sha256: string; code_expires_at: Date; code_tries: number; codes_sent: number }, now: Date,
): Promise<boolean> {
  const result = await db.updateTable('booking_links').set(code).where('id', '=', id).where('codes_sent', '=', expectedSent)
    .where((eb) => eb.or([eb('code_expires_at', 'is', null), eb('code_expires_at', '<=', now)])).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Revokes one link (too many wrong answers). */
export async function revokeLink(db: Kysely<Database>, id: number, reason: string, now: Date): Promise<void> {
  await db.updateTable('booking_links').set({ revoked_at: now, revoked_reason: reason }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

/** Revokes every open link of a patient (an opt-out), or of one case (booked, closed); how many. */
export async function revokeOpenLinks(db: Kysely<Database>, of: { patientId: number } | { caseId: number }, reason: string, now: Date, purpose?: LinkPurpose): Promise<number> {
  let query = db.updateTable('booking_links').set({ revoked_at: now, revoked_reason: reason }).where('revoked_at', 'is', null).where('used_at', 'is', null);
  query = 'patientId' in of ? query.where('patient_id', '=', of.patientId) : query.where('case_id', '=', of.caseId);
  if (purpose) query = query.where('purpose', '=', purpose);
  return Number((await query.executeTakeFirst()).numUpdatedRows);
}

export async function insertLinkOpen(db: Kysely<Database>, linkId: number, caseId: number | null, now: Date): Promise<void> {
  await db.insertInto('booking_link_opens').values({ link_id: linkId, case_id: caseId, opened_at: now }).execute();
}

/** Opens of this link since `since` (a page looked at again and again counts once per window). */
export async function linkOpenedSince(db: Kysely<Database>, linkId: number, since: Date): Promise<boolean> {
  return (await db.selectFrom('booking_link_opens').select('id').where('link_id', '=', linkId).where('opened_at', '>', since).limit(1).executeTakeFirst()) !== undefined;
}

/** What the page shows and checks: first name, date of birth, language, and the mobile numbers on file. */
export async function linkPatient(db: Kysely<Database>, patientId: number): Promise<{ firstName: string; birthDate: string | null; language: string; homeLocationId: number | null; mobiles: { id: number; value: string }[]; emails: { id: number }[] } | undefined> {
  const patient = await db.selectFrom('patients').select(['first_name', 'preferred_name', 'birth_date', 'language', 'home_location_id']).where('id', '=', patientId).executeTakeFirst();
  if (!patient) return undefined;
  const points = await db.selectFrom('contact_points').select(['id', 'kind', 'use', 'value', 'line_type', 'is_valid']).where('patient_id', '=', patientId).orderBy('is_primary', 'desc').orderBy('id').execute();
  const birth = patient.birth_date as unknown;
  const birthDate = birth === null ? null : birth instanceof Date ? birth.toISOString().slice(0, 10) : String(birth).slice(0, 10);
  return {
    firstName: patient.preferred_name?.trim() || patient.first_name, birthDate, language: patient.language, homeLocationId: patient.home_location_id,
    mobiles: points.filter((p) => p.kind === 'phone' && p.is_valid && (p.use === 'mobile' || p.line_type === 'wireless') && p.line_type !== 'landline').map((p) => ({ id: p.id, value: p.value })),
    emails: points.filter((p) => p.kind === 'email').map((p) => ({ id: p.id })),
  };
}

/** Whether a text to this number is blocked by an opt-out (the number's own, or the patient's for texts or everything). */
export async function textsStopped(db: Kysely<Database>, patientId: number, contactPointId: number, value: string): Promise<boolean> {
  const row = await sql<{ stopped: boolean }>`select
      exists (select 1 from number_opt_outs n where n.value = ${value} and n.revoked_at is null)
      or exists (select 1 from opt_outs o where o.patient_id = ${patientId} and o.revoked_at is null and o.purpose_class is null
        and (o.contact_point_id is null or o.contact_point_id = ${contactPointId}) and (o.channel is null or o.channel = 'sms')) as stopped`.execute(db);
  return row.rows[0]?.stopped === true;
}

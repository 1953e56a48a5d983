/**
 * What the suppression rule looks at when a message is handed off, read in one statement (it runs for
 * every message): the entry's case, the patient's next booked appointment and whether a reply on the
 * case waits for staff. The same answers as findCaseById, nextAppointmentOf and awaitingReply, from one snapshot.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { CaseWithPatient } from './cases.js';
import { nextAppointmentOf } from './outbox.js';
import { caseColumns, caseFromRow } from './plan-facts.js';

export interface SuppressionFacts {
  theCase: CaseWithPatient | undefined;
  appointment: { startsAt: Date; providerName: string | null } | undefined;
  /** False unless asked for and the case has a reply staff have not handled. */
  awaitingReply: boolean;
}

export interface SuppressionQuestion {
  caseId: number | null;
  /** Whose next appointment; null: none is read. */
  appointmentOf: number | null;
  now: Date;
  withAwaitingReply: boolean;
}

export async function loadSuppressionFacts(db: Kysely<Database>, question: SuppressionQuestion): Promise<SuppressionFacts> {
  const { caseId, appointmentOf, now, withAwaitingReply } = question;
  const row = caseId === null ? undefined : await db.selectFrom('cases as c')
    .innerJoin('patients as p', 'p.id', 'c.patient_id')
    .leftJoinLateral((eb) => eb.selectFrom('appointments as a').leftJoin('providers as pr', 'pr.id', 'a.provider_id')
      .select(['a.starts_at', 'pr.name as provider_name'])
      .where('a.patient_id', '=', appointmentOf ?? 0).where(sql<boolean>`${appointmentOf !== null}`)
      .where('a.status', 'in', ['scheduled', 'confirmed']).where('a.starts_at', '>', now)
      .orderBy('a.starts_at').limit(1).as('next'), (join) => join.onTrue())
    .select([...caseColumns.map((c) => `c.${c}` as const), 'p.external_id as patient_external_id', 'p.home_location_id as patient_location_id',
      'next.starts_at as appointment_starts_at', 'next.provider_name as appointment_provider_name'])
    .select((eb) => eb.and([
      eb.val(withAwaitingReply),
      eb.exists(eb.selectFrom('inbound_messages as i').select('i.id').whereRef('i.case_id', '=', 'c.id').where('i.handled_at', 'is', null).where('i.intent', 'in', ['other', 'possible_opt_out'])),
    ]).as('awaiting_reply'))
    .where('c.id', '=', caseId)
    .executeTakeFirst();
  if (!row) {
    // No case (a staff text to a patient without one, or a case gone): the appointment alone.
    return { theCase: undefined, appointment: appointmentOf !== null ? await nextAppointmentOf(db, appointmentOf, now) : undefined, awaitingReply: false };
  }
  const { patient_external_id, patient_location_id, appointment_starts_at, appointment_provider_name, awaiting_reply, ...rest } = row;
  return {
    theCase: { ...caseFromRow(rest), patientExternalId: patient_external_id, patientLocationId: patient_location_id },
    appointment: appointment_starts_at !== null ? { startsAt: appointment_starts_at, providerName: appointment_provider_name } : undefined,
    awaitingReply: awaiting_reply === true,
  };
}

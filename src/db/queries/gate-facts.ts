/**
 * Everything the contact gate needs about one patient, read in one go and shaped as the domain's
 * gate types: patient and home office, contact points, consents, opt-outs, confidential preferences
 * and the last 8 days of attempts (the caps look back 7 days; one more covers local-day edges), undone ones left out.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { LocationScope } from '../../domain/access/index.js';
import { AppError } from '../../domain/errors.js';
import type {
  AttemptRecord,
  CommunicationPreference,
  ConsentRecord,
  ContactPointFacts,
  OptOutRecord,
  PatientFacts,
} from '../../domain/compliance/index.js';
import type { Database } from '../schema.js';

export interface PatientGateFacts {
  patient: PatientFacts & { externalId: string; externalSource: string; locationName: string | null };
  contactPoints: ContactPointFacts[];
  consents: ConsentRecord[];
  optOuts: OptOutRecord[];
  preferences: CommunicationPreference[];
  history: AttemptRecord[];
}

/**
 * A patient as people name one — the source system's id or Recare's numeric id, as typed — or as
 * code that already resolved one names it (Recare's id, never mistaken for a source id that happens
 * to be the same digits).
 */
export type PatientReference = string | { recareId: number };

/** The reference as a message quotes it. */
export function describePatientReference(reference: PatientReference): string {
  return typeof reference === 'string' ? JSON.stringify(reference) : `${reference.recareId} (Recare's id)`;
}

/**
 * Finds a patient by source external id or by internal id (digits); undefined when neither matches.
 * With a scope, only the patients of the scope's offices are looked at: a patient elsewhere is not
 * found, and is never named — not even when an external id is shared with one in scope.
 * An external id that two source systems both use (within the scope) names no one patient: that is
 * refused rather than guessed, because an opt-out or a gate answer must never land on the wrong person.
 */
export async function findPatientId(db: Kysely<Database>, reference: PatientReference, scope?: LocationScope): Promise<number | undefined> {
  if (scope && !scope.allLocations && scope.locationIds.length === 0) return undefined;
  let patients = db.selectFrom('patients');
  if (scope && !scope.allLocations) patients = patients.where('home_location_id', 'in', [...scope.locationIds]);
  if (typeof reference !== 'string') {
    return (await patients.select('id').where('id', '=', reference.recareId).executeTakeFirst())?.id;
  }
  const byExternal = await patients.select(['id', 'external_source']).where('external_id', '=', reference).orderBy('id').limit(5).execute();
  if (byExternal.length === 1) return byExternal[0]!.id;
  if (byExternal.length > 1) {
    throw new AppError(
      'conflict',
      `The id ${JSON.stringify(reference)} belongs to ${byExternal.length === 5 ? 'several' : byExternal.length} patients from different source systems (${byExternal.map((p) => `${p.external_source}: Recare id ${p.id}`).join('; ')}). Use Recare's numeric id instead.`,
    );
  }
  if (/^\d+$/.test(reference) && Number(reference) <= Number.MAX_SAFE_INTEGER) {
    const byId = await patients.select('id').where('id', '=', Number(reference)).executeTakeFirst();
    if (byId) return byId.id;
  }
  return undefined;
}

/** `excludeAttemptId`: an attempt that is the very touch being decided again (a message retried after its attempt was recorded), not an earlier one. */
export async function loadGateFacts(db: Kysely<Database>, patientId: number, now: Date, options: { excludeAttemptId?: number | null } = {}): Promise<PatientGateFacts | undefined> {
  const patient = await db
    .selectFrom('patients as p')
    .leftJoin('locations as l', 'l.id', 'p.home_location_id')
    .select(['p.id', 'p.external_id', 'p.external_source', 'p.status', 'p.do_not_contact', 'p.state', 'p.zip', 'p.time_zone_override', 'l.time_zone as location_time_zone', 'l.state as location_state', 'l.name as location_name', 'l.id as location_id'])
    .where('p.id', '=', patientId)
    .executeTakeFirst();
  if (!patient) return undefined;
  const since = new Date(now.getTime() - 8 * 86_400_000);
  const [points, consents, optOuts, preferences, attempts] = await Promise.all([
    db.selectFrom('contact_points').selectAll().where('patient_id', '=', patientId).orderBy('id').execute(),
    db
      .selectFrom('consents as c')
      .innerJoin('contact_points as cp', 'cp.id', 'c.contact_point_id')
      .select(['c.id', 'c.contact_point_id', 'c.channel', 'c.purpose_class', 'c.kind', 'c.granted', 'c.source', 'c.captured_at'])
      .where('cp.patient_id', '=', patientId)
      .orderBy('c.captured_at')
      .execute(),
    db.selectFrom('opt_outs').select(['id', 'contact_point_id', 'channel', 'purpose_class', 'received_at', 'revoked_at', 'patient_id']).where('patient_id', '=', patientId)
      .unionAll(numberOptOutsOf(db, sql<boolean>`cp.patient_id = ${patientId}`)).execute(),
    db.selectFrom('communication_preferences').select(['kind', 'alternate_contact_point_id', 'alternate_address']).where('patient_id', '=', patientId).execute(),
    attemptsSince(db, sql<boolean>`a.patient_id = ${patientId}`, since)
      .$if(options.excludeAttemptId != null, (q) => q.where('a.id', '<>', options.excludeAttemptId as number))
      // An undone outcome still counts here: the call or text happened, only its outcome was withdrawn,
      // and the caps (3 per 24 h in FL/OK/MD, staff calls too) must err towards fewer touches.
      .execute(),
  ]);
  return {
    patient: {
      id: patient.id,
      externalId: patient.external_id,
      externalSource: patient.external_source,
      status: patient.status,
      doNotContact: patient.do_not_contact,
      state: patient.state?.trim() ?? null,
      zip: patient.zip,
      timeZoneOverride: patient.time_zone_override,
      homeLocation: patient.location_id === null ? null : { timeZone: patient.location_time_zone, state: patient.location_state?.trim() ?? null },
      locationName: patient.location_name,
    },
    contactPoints: points.map((p) => ({ id: p.id, patientId: p.patient_id, kind: p.kind, use: p.use, value: p.value, lineType: p.line_type, isValid: p.is_valid })),
    consents: consents.map((c) => ({ id: c.id, contactPointId: c.contact_point_id, channel: c.channel, purposeClass: c.purpose_class, kind: c.kind, granted: c.granted, source: c.source, capturedAt: c.captured_at })),
    optOuts: optOuts.map((o) => ({ ...(o.id === null ? {} : { id: o.id }), contactPointId: o.contact_point_id, channel: o.channel, purposeClass: o.purpose_class, receivedAt: o.received_at, revokedAt: o.revoked_at })),
    preferences: preferences.map((p) => ({ kind: p.kind, alternateContactPointId: p.alternate_contact_point_id, alternateAddress: p.alternate_address })),
    history: attempts.map((a) => ({ occurredAt: a.occurred_at, channel: a.channel, actorKind: a.actor_kind, direction: a.direction, programKeys: a.program_keys, purpose: a.purpose, contactPointId: a.contact_point_id })),
  };
}

/**
 * STOP kept by the number (number_opt_outs) as opt-outs of each contact point with that number: the
 * same shape as opt_outs rows, so the gate treats them alike (every channel and purpose, that point).
 */
export function numberOptOutsOf(db: Kysely<Database>, points: RawBuilder<boolean>) {
  // The id is null (no opt_outs row); typed as the union's other side so the two line up.
  return db.selectFrom('number_opt_outs as n').innerJoin('contact_points as cp', 'cp.value', 'n.value')
    .select([sql<number>`null::bigint`.as('id'), 'cp.id as contact_point_id', sql<null>`null::text`.as('channel'), sql<null>`null::text`.as('purpose_class'), 'n.received_at', 'n.revoked_at', 'cp.patient_id'])
    .where(points);
}

/**
 * The attempts the caps count, dated by the latest hand-off of their message: a text whose attempt
 * was recorded yesterday and that went out this morning (after a rate limit, a closed window) is a
 * touch of this morning.
 */
export function attemptsSince(db: Kysely<Database>, which: RawBuilder<boolean>, since: Date) {
  return db.selectFrom('attempts as a').leftJoin('outbox as o', 'o.attempt_id', 'a.id')
    .select([
      'a.patient_id', sql<Date>`greatest(a.occurred_at, coalesce(o.handed_off_at, a.occurred_at))`.as('occurred_at'),
      'a.channel', 'a.actor_kind', 'a.direction', 'a.program_keys', 'a.purpose', 'a.contact_point_id',
    ])
    .where(which)
    .where((eb) => eb.or([eb('a.occurred_at', '>=', since), eb('o.handed_off_at', '>=', since)]));
}

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
import type { StoredPolicy } from '../../domain/policy/index.js';
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

/**
 * The gate's facts about one patient at `now`, or undefined when there is no such patient.
 * `excludeAttemptId`: an attempt that is the very touch being decided again (a message retried after its attempt was recorded), not an earlier one.
 */
export async function loadGateFacts(db: Kysely<Database>, patientId: number, now: Date, options: { excludeAttemptId?: number | null } = {}): Promise<PatientGateFacts | undefined> {
  return (await loadGateFactsAndStoredPolicy(db, patientId, now, options))?.facts;
}

/** The facts and the practice's stored policy document as it is ({} when never changed), read together (the gate needs both at each hand-off). */
export async function loadGateFactsAndStoredPolicy(db: Kysely<Database>, patientId: number, now: Date, options: { excludeAttemptId?: number | null } = {}): Promise<{ facts: PatientGateFacts; storedPolicy: StoredPolicy } | undefined> {
  const since = new Date(now.getTime() - 8 * 86_400_000);
  const excluded = options.excludeAttemptId ?? null;
  // One statement, one round trip and one snapshot: this runs for every message handed off. The lists
  // come back as JSON, their timestamps as ISO text with an offset (read back to the millisecond, as the driver does).
  const row = (await sql<GateRow>`
    select p.id, p.external_id, p.external_source, p.status, p.do_not_contact, p.state, p.zip, p.time_zone_override,
      l.time_zone as location_time_zone, l.state as location_state, l.name as location_name, l.id as location_id,
      (select coalesce(json_agg(json_build_object('id', cp.id, 'patientId', cp.patient_id, 'kind', cp.kind, 'use', cp.use, 'value', cp.value, 'lineType', cp.line_type, 'isValid', cp.is_valid) order by cp.id), '[]')
        from contact_points cp where cp.patient_id = p.id) as contact_points,
      (select coalesce(json_agg(json_build_object('id', c.id, 'contactPointId', c.contact_point_id, 'channel', c.channel, 'purposeClass', c.purpose_class, 'kind', c.kind, 'granted', c.granted, 'source', c.source, 'capturedAt', c.captured_at) order by c.captured_at), '[]')
        from consents c inner join contact_points cp on cp.id = c.contact_point_id where cp.patient_id = p.id) as consents,
      -- With STOP kept by the number (number_opt_outs), as an opt-out of each contact point with that number.
      (select coalesce(json_agg(u.opt_out), '[]') from (
         select json_build_object('id', o.id, 'contactPointId', o.contact_point_id, 'channel', o.channel, 'purposeClass', o.purpose_class, 'receivedAt', o.received_at, 'revokedAt', o.revoked_at) as opt_out
           from opt_outs o where o.patient_id = p.id
         union all
         select json_build_object('id', null, 'contactPointId', cp.id, 'channel', null, 'purposeClass', null, 'receivedAt', n.received_at, 'revokedAt', n.revoked_at)
           from number_opt_outs n join contact_points cp on cp.value = n.value where cp.patient_id = p.id) u) as opt_outs,
      (select coalesce(json_agg(json_build_object('kind', cpr.kind, 'alternateContactPointId', cpr.alternate_contact_point_id, 'alternateAddress', cpr.alternate_address)), '[]')
        from communication_preferences cpr where cpr.patient_id = p.id) as preferences,
      -- An undone outcome still counts here: the call or text happened, only its outcome was withdrawn,
      -- and the caps (3 per 24 h in FL/OK/MD, staff calls too) must err towards fewer touches.
      -- Dated by the latest hand-off of their message (see attemptsSince).
      (select coalesce(json_agg(json_build_object('occurredAt', greatest(a.occurred_at, coalesce(ob.handed_off_at, a.occurred_at)), 'channel', a.channel, 'actorKind', a.actor_kind, 'direction', a.direction, 'programKeys', a.program_keys, 'purpose', a.purpose, 'contactPointId', a.contact_point_id)), '[]')
        from attempts a left join outbox ob on ob.attempt_id = a.id
        where a.patient_id = p.id and (a.occurred_at >= ${since} or ob.handed_off_at >= ${since}) and (${excluded}::bigint is null or a.id <> ${excluded}::bigint)
          and ${notASupersededCallStart(sql`a.id`)}) as attempts,
      (select o.policy from organization o limit 1) as policy
    from patients p left join locations l on l.id = p.home_location_id
    where p.id = ${patientId}`.execute(db)).rows[0];
  if (!row) return undefined;
  const date = (value: string) => new Date(value);
  const facts: PatientGateFacts = {
    patient: {
      id: row.id,
      externalId: row.external_id,
      externalSource: row.external_source,
      status: row.status,
      doNotContact: row.do_not_contact,
      state: row.state?.trim() ?? null,
      zip: row.zip,
      timeZoneOverride: row.time_zone_override,
      homeLocation: row.location_id === null ? null : { timeZone: row.location_time_zone, state: row.location_state?.trim() ?? null },
      locationName: row.location_name,
    },
    contactPoints: row.contact_points,
    consents: row.consents.map((c) => ({ ...c, capturedAt: date(c.capturedAt) })),
    optOuts: row.opt_outs.map(({ id, ...o }) => ({ ...(id === null ? {} : { id }), ...o, receivedAt: date(o.receivedAt), revokedAt: o.revokedAt === null ? null : date(o.revokedAt) })),
    preferences: row.preferences,
    history: row.attempts.map((a) => ({ ...a, occurredAt: date(a.occurredAt) })),
  };
  return { facts, storedPolicy: row.policy ?? {} };
}

/** A timestamp inside JSON: ISO text with an offset. */
type JsonDates<T, K extends keyof T> = Omit<T, K> & { [P in K]: T[P] extends Date ? string : string | null };

interface GateRow {
  id: number;
  external_id: string;
  external_source: string;
  status: PatientFacts['status'];
  do_not_contact: boolean;
  state: string | null;
  zip: string | null;
  time_zone_override: string | null;
  location_time_zone: string | null;
  location_state: string | null;
  location_name: string | null;
  location_id: number | null;
  contact_points: ContactPointFacts[];
  consents: JsonDates<ConsentRecord, 'capturedAt'>[];
  opt_outs: (Omit<JsonDates<OptOutRecord, 'receivedAt' | 'revokedAt'>, 'id'> & { id: number | null })[];
  preferences: CommunicationPreference[];
  attempts: JsonDates<AttemptRecord, 'occurredAt'>[];
  policy: StoredPolicy | null;
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
    .where(notASupersededCallStart(sql`a.id`))
    .where((eb) => eb.or([eb('a.occurred_at', '>=', since), eb('o.handed_off_at', '>=', since)]));
}

/**
 * A call is one touch: its attempt is recorded when it starts, and once its outcome is recorded (an
 * attempt of its own, or the voicemail left), that outcome's attempt is the touch the caps count.
 */
export function notASupersededCallStart(attemptId: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`not exists (select 1 from calls sc where sc.attempt_id = ${attemptId} and sc.outcome_attempt_id is not null)`;
}

/**
 * The contact gate's facts for many patients at once (a worklist page), in six queries instead of
 * six per patient. Same shapes as loadGateFacts (gate-facts.ts), so the gate cannot tell them apart.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { attemptsSince, numberOptOutsOf, type PatientGateFacts } from './gate-facts.js';

export async function loadGateFactsFor(db: Kysely<Database>, patientIds: readonly number[], now: Date): Promise<Map<number, PatientGateFacts>> {
  const out = new Map<number, PatientGateFacts>();
  if (patientIds.length === 0) return out;
  const ids = [...new Set(patientIds)];
  const inIds = (column: string) => sql<boolean>`${sql.ref(column)} = any(${ids}::bigint[])`;
  const since = new Date(now.getTime() - 8 * 86_400_000);
  const [patients, points, consents, optOuts, preferences, attempts] = await Promise.all([
    db.selectFrom('patients as p')
      .leftJoin('locations as l', 'l.id', 'p.home_location_id')
      .select(['p.id', 'p.external_id', 'p.external_source', 'p.status', 'p.do_not_contact', 'p.state', 'p.zip', 'p.time_zone_override', 'l.time_zone as location_time_zone', 'l.state as location_state', 'l.name as location_name', 'l.id as location_id'])
      .where(inIds('p.id'))
      .execute(),
    db.selectFrom('contact_points').selectAll().where(inIds('patient_id')).orderBy('id').execute(),
    db.selectFrom('consents as c')
      .innerJoin('contact_points as cp', 'cp.id', 'c.contact_point_id')
      .select(['cp.patient_id', 'c.id', 'c.contact_point_id', 'c.channel', 'c.purpose_class', 'c.kind', 'c.granted', 'c.source', 'c.captured_at'])
      .where(inIds('cp.patient_id'))
      .orderBy('c.captured_at')
      .execute(),
    db.selectFrom('opt_outs').select(['id', 'contact_point_id', 'channel', 'purpose_class', 'received_at', 'revoked_at', 'patient_id']).where(inIds('patient_id'))
      .unionAll(numberOptOutsOf(db, inIds('cp.patient_id'))).execute(),
    db.selectFrom('communication_preferences').select(['patient_id', 'kind', 'alternate_contact_point_id', 'alternate_address']).where(inIds('patient_id')).execute(),
    attemptsSince(db, inIds('a.patient_id'), since)
      // Undone outcomes still count: the touch happened (see gate-facts.ts).
      .execute(),
  ]);
  for (const p of patients) {
    out.set(p.id, {
      patient: {
        id: p.id, externalId: p.external_id, externalSource: p.external_source, status: p.status, doNotContact: p.do_not_contact,
        state: p.state?.trim() ?? null, zip: p.zip, timeZoneOverride: p.time_zone_override,
        homeLocation: p.location_id === null ? null : { timeZone: p.location_time_zone, state: p.location_state?.trim() ?? null },
        locationName: p.location_name,
      },
      contactPoints: [], consents: [], optOuts: [], preferences: [], history: [],
    });
  }
  const of = (id: number) => out.get(id);
  for (const p of points) of(p.patient_id)?.contactPoints.push({ id: p.id, patientId: p.patient_id, kind: p.kind, use: p.use, value: p.value, lineType: p.line_type, isValid: p.is_valid });
  for (const c of consents) {
    of(c.patient_id)?.consents.push({ id: c.id, contactPointId: c.contact_point_id, channel: c.channel, purposeClass: c.purpose_class, kind: c.kind, granted: c.granted, source: c.source, capturedAt: c.captured_at });
  }
  for (const o of optOuts) of(o.patient_id)?.optOuts.push({ ...(o.id === null ? {} : { id: o.id }), contactPointId: o.contact_point_id, channel: o.channel, purposeClass: o.purpose_class, receivedAt: o.received_at, revokedAt: o.revoked_at });
  for (const p of preferences) of(p.patient_id)?.preferences.push({ kind: p.kind, alternateContactPointId: p.alternate_contact_point_id, alternateAddress: p.alternate_address });
  for (const a of attempts) {
    of(a.patient_id)?.history.push({ occurredAt: a.occurred_at, channel: a.channel, actorKind: a.actor_kind, direction: a.direction, programKeys: a.program_keys, purpose: a.purpose, contactPointId: a.contact_point_id });
  }
  return out;
}

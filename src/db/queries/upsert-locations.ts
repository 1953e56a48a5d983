/** Set-based upsert of offices and providers for one batch, keyed by (external_source, external_id). */
import { sql } from 'kysely';
import type { StoreTransaction } from '../open-store.js';
import { ords, stageRows, unresolved, type MergeContext, type MergeOutcome } from './import-staging.js';

export interface LocationStageRow {
  ord: number;
  externalId: string;
  name: string;
  timeZone: string;
  address1: string | null;
  city: string | null;
  state: string;
  zip: string | null;
  phone: string | null;
}

export async function upsertLocations(tx: StoreTransaction, context: MergeContext, rows: readonly LocationStageRow[]): Promise<MergeOutcome> {
  const { db } = tx;
  await stageRows(tx, {
    table: 'stage_locations',
    ddl: 'ord int not null, external_id text not null, name text not null, time_zone text not null, address1 text, city text, state text not null, zip text, phone text, id bigint, changed boolean not null default false',
    columns: [
      ['ord', (r) => r.ord], ['external_id', (r) => r.externalId], ['name', (r) => r.name], ['time_zone', (r) => r.timeZone],
      ['address1', (r) => r.address1], ['city', (r) => r.city], ['state', (r) => r.state], ['zip', (r) => r.zip], ['phone', (r) => r.phone],
    ],
  }, rows);
  await sql`update stage_locations s set id = l.id from locations l where l.external_source = ${context.source} and l.external_id = s.external_id`.execute(db);
  // An office's zone or state sets its patients' local days, business days and holidays: they are planned again.
  await sql`insert into replan_queue (patient_id, reason)
    select p.id, 'office_moved' from patients p join locations l on l.id = p.home_location_id join stage_locations s on s.id = l.id
    where (l.time_zone, l.state::text) is distinct from (s.time_zone, s.state)
    on conflict (patient_id) do nothing`.execute(db);
  const updated = await ords(db, sql<{ ord: number }>`update locations l set name = s.name, time_zone = s.time_zone, address1 = s.address1, city = s.city, state = s.state, zip = s.zip, phone = s.phone, updated_at = now()
    from stage_locations s
    where l.id = s.id and (l.name, l.time_zone, l.address1, l.city, l.state::text, l.zip, l.phone) is distinct from (s.name, s.time_zone, s.address1, s.city, s.state, s.zip, s.phone)
    returning s.ord`);
  await sql`insert into locations (external_source, external_id, name, time_zone, address1, city, state, zip, phone)
    select ${context.source}, external_id, name, time_zone, address1, city, state, zip, phone from stage_locations where id is null
    on conflict (external_source, external_id) do nothing`.execute(db);
  const inserted = await ords(db, sql<{ ord: number }>`update stage_locations s set id = l.id from locations l
    where s.id is null and l.external_source = ${context.source} and l.external_id = s.external_id returning s.ord`);
  return { inserted: inserted.length, updated, rejected: [], unresolved: [] };
}

export interface ProviderStageRow {
  ord: number;
  externalId: string;
  name: string;
  role: string;
  locationExternalId: string | null;
}

export async function upsertProviders(tx: StoreTransaction, context: MergeContext, rows: readonly ProviderStageRow[]): Promise<MergeOutcome> {
  const { db } = tx;
  const src = context.source;
  await stageRows(tx, {
    table: 'stage_providers',
    ddl: 'ord int not null, external_id text not null, name text not null, role text not null, location_external_id text, id bigint, location_id bigint',
    columns: [['ord', (r) => r.ord], ['external_id', (r) => r.externalId], ['name', (r) => r.name], ['role', (r) => r.role], ['location_external_id', (r) => r.locationExternalId]],
  }, rows);
  await sql`update stage_providers s set
      id = (select v.id from providers v where v.external_source = ${src} and v.external_id = s.external_id),
      location_id = (select l.id from locations l where l.external_source = ${src} and l.external_id = s.location_external_id)`.execute(db);
  const missing = await unresolved(db, 'stage_providers', 'location', 'location_external_id', 'location_id');
  const updated = await ords(db, sql<{ ord: number }>`update providers v set name = s.name, role = s.role, location_id = s.location_id
    from stage_providers s where v.id = s.id and (v.name, v.role, v.location_id) is distinct from (s.name, s.role, s.location_id)
    returning s.ord`);
  await sql`insert into providers (external_source, external_id, name, role, location_id)
    select ${src}, external_id, name, role, location_id from stage_providers where id is null
    on conflict (external_source, external_id) do nothing`.execute(db);
  const inserted = await ords(db, sql<{ ord: number }>`update stage_providers s set id = v.id from providers v
    where s.id is null and v.external_source = ${src} and v.external_id = s.external_id returning s.ord`);
  return { inserted: inserted.length, updated, rejected: [], unresolved: missing };
}

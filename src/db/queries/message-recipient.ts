/** What a message to one patient is rendered with: first name, language, the office's public face and the chosen number or address. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface MessageRecipient {
  patientId: number;
  firstName: string;
  language: string;
  office: {
    locationId: number | null; name: string; phone: string | null; email: string | null; address: string | null; timeZone: string;
    /** The name emails go out under (locations.sender_name, set on the Locations page); null = the office's name. */
    senderName: string | null;
  };
}

/** The office is `locationId`'s, else the patient's home office's, else the first office (a clinic with one office). One statement: it runs for every message. */
export async function loadMessageRecipient(db: Kysely<Database>, patientId: number, locationId: number | null): Promise<MessageRecipient | undefined> {
  const row = (await sql<RecipientRow>`
    select p.id, p.first_name, p.preferred_name, p.language,
      l.id as location_id, l.name, l.phone, l.email, l.sender_name, l.address1, l.city, l.state, l.zip, l.time_zone,
      (select o.name from organization o limit 1) as organization_name
    from patients p
    left join lateral (
      select x.id, x.name, x.phone, x.email, x.sender_name, x.address1, x.city, x.state, x.zip, x.time_zone from locations x
      where coalesce(${locationId}::bigint, p.home_location_id) is null or x.id = coalesce(${locationId}::bigint, p.home_location_id)
      order by x.id limit 1
    ) l on true
    where p.id = ${patientId}`.execute(db)).rows[0];
  if (!row) return undefined;
  const office = row.location_id === null ? null : row;
  const cityLine = office ? [office.city, [office.state?.trim(), office.zip].filter(Boolean).join(' ')].filter(Boolean).join(', ') : '';
  return {
    patientId: row.id,
    firstName: row.preferred_name?.trim() || row.first_name,
    language: row.language,
    office: {
      locationId: office?.location_id ?? null, name: office?.name ?? row.organization_name ?? 'Your dental office', phone: office?.phone ?? null, email: office?.email ?? null,
      address: office ? [office.address1, cityLine].filter(Boolean).join(', ') || null : null, timeZone: office?.time_zone ?? 'America/New_York',
      senderName: office?.sender_name?.trim() || null,
    },
  };
}

interface RecipientRow {
  id: number;
  first_name: string;
  preferred_name: string | null;
  language: string;
  location_id: number | null;
  name: string | null;
  phone: string | null;
  email: string | null;
  sender_name: string | null;
  address1: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  time_zone: string | null;
  organization_name: string | null;
}

export async function contactPointValue(db: Kysely<Database>, contactPointId: number): Promise<string | undefined> {
  return (await db.selectFrom('contact_points').select('value').where('id', '=', contactPointId).executeTakeFirst())?.value;
}

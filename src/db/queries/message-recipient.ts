/** What a message to one patient is rendered with: first name, language, the office's public face and the chosen number or address. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface MessageRecipient {
  patientId: number;
  firstName: string;
  language: string;
  office: { locationId: number | null; name: string; phone: string | null; email: string | null; address: string | null; timeZone: string };
}

export async function loadMessageRecipient(db: Kysely<Database>, patientId: number, locationId: number | null): Promise<MessageRecipient | undefined> {
  const patient = await db.selectFrom('patients').select(['id', 'first_name', 'preferred_name', 'language', 'home_location_id']).where('id', '=', patientId).executeTakeFirst();
  if (!patient) return undefined;
  const officeId = locationId ?? patient.home_location_id;
  let office = db.selectFrom('locations').select(['id', 'name', 'phone', 'email', 'address1', 'city', 'state', 'zip', 'time_zone']);
  office = officeId !== null ? office.where('id', '=', officeId) : office.orderBy('id').limit(1);
  const row = await office.executeTakeFirst();
  const organization = await db.selectFrom('organization').select('name').executeTakeFirst();
  const cityLine = row ? [row.city, [row.state?.trim(), row.zip].filter(Boolean).join(' ')].filter(Boolean).join(', ') : '';
  return {
    patientId: patient.id,
    firstName: patient.preferred_name?.trim() || patient.first_name,
    language: patient.language,
    office: {
      locationId: row?.id ?? null, name: row?.name ?? organization?.name ?? 'Your dental office', phone: row?.phone ?? null, email: row?.email ?? null,
      address: row ? [row.address1, cityLine].filter(Boolean).join(', ') || null : null, timeZone: row?.time_zone ?? 'America/New_York',
    },
  };
}

export async function contactPointValue(db: Kysely<Database>, contactPointId: number): Promise<string | undefined> {
  return (await db.selectFrom('contact_points').select('value').where('id', '=', contactPointId).executeTakeFirst())?.value;
}

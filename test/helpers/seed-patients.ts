/** Small, explicit patients for use-case tests (the demo clinic is for volume, not for exact cases). */
import type { Store } from '../../src/db/open-store.js';

export interface SeededPatient {
  patientId: number;
  externalId: string;
  mobileId: number;
  homeId: number | null;
  emailId: number;
}

export async function seedLocation(store: Store, externalId: string, state: string, timeZone: string): Promise<number> {
  const row = await store.db.insertInto('locations').values({ external_id: externalId, name: `Office ${externalId}`, time_zone: timeZone, state, hours: '{}' }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function seedPatient(
  store: Store,
  options: { externalId: string; locationId: number; state: string; zip: string; mobile: string; home?: string; consentAt?: Date; status?: 'active' | 'inactive' },
): Promise<SeededPatient> {
  const patient = await store.db
    .insertInto('patients')
    .values({ external_id: options.externalId, first_name: 'Test', last_name: options.externalId, state: options.state, zip: options.zip, home_location_id: options.locationId, status: options.status ?? 'active' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const point = (kind: 'phone' | 'email', use: 'mobile' | 'home' | 'other', value: string, lineType: 'wireless' | 'landline' | 'unknown') =>
    store.db.insertInto('contact_points').values({ patient_id: patient.id, kind, use, value, raw_value: value, line_type: lineType, is_primary: use === 'mobile' }).returning('id').executeTakeFirstOrThrow();
  const mobile = await point('phone', 'mobile', options.mobile, 'wireless');
  const home = options.home ? await point('phone', 'home', options.home, 'landline') : null;
  const email = await point('email', 'other', `${options.externalId.toLowerCase()}@example.com`, 'unknown');
  const capturedAt = options.consentAt ?? new Date('2026-01-05T15:00:00Z');
  const consents = [
    { contact_point_id: mobile.id, channel: 'voice' as const },
    { contact_point_id: mobile.id, channel: 'voicemail' as const },
    { contact_point_id: mobile.id, channel: 'sms' as const },
    { contact_point_id: email.id, channel: 'email' as const },
    ...(home ? [{ contact_point_id: home.id, channel: 'voice' as const }] : []),
  ];
  await store.db.insertInto('consents').values(consents.map((c) => ({ ...c, purpose_class: 'care' as const, kind: 'pec' as const, granted: true, source: 'intake_form', captured_at: capturedAt }))).execute();
  return { patientId: patient.id, externalId: options.externalId, mobileId: mobile.id, homeId: home?.id ?? null, emailId: email.id };
}

/** Letter batches (0008): the day's letters printed together, and the facts a letter is printed with. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface LetterRow {
  outboxId: number;
  key: string;
  patientId: number;
  caseId: number | null;
  contactPointId: number | null;
  decisionId: number | null;
  body: string;
  language: string;
  firstName: string;
  lastName: string;
  address1: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  office: { name: string; address1: string | null; city: string | null; state: string | null; zip: string | null; phone: string | null; timeZone: string };
  purpose: string;
  programKey: string | null;
}

export async function lettersOfBatch(db: Kysely<Database>, batchId: number): Promise<LetterRow[]> {
  const rows = await db.selectFrom('outbox as o').innerJoin('patients as p', 'p.id', 'o.patient_id')
    .leftJoin('locations as l', (j) => j.on(sql<boolean>`l.id = coalesce(o.location_id, p.home_location_id)`))
    .select(['o.id', 'o.key', 'o.patient_id', 'o.case_id', 'o.contact_point_id', 'o.compliance_decision_id', 'o.body', 'o.purpose', 'o.program_key', 'p.language', 'p.first_name', 'p.last_name', 'p.address1', 'p.city', 'p.state', 'p.zip',
      'l.name as office_name', 'l.address1 as office_address1', 'l.city as office_city', 'l.state as office_state', 'l.zip as office_zip', 'l.phone as office_phone', 'l.time_zone as office_zone'])
    .where('o.letter_batch_id', '=', batchId).orderBy('p.zip').orderBy('o.id').execute();
  return rows.map((r) => ({
    outboxId: r.id, key: r.key, patientId: r.patient_id as number, caseId: r.case_id, contactPointId: r.contact_point_id, decisionId: r.compliance_decision_id, body: r.body ?? '', language: r.language,
    firstName: r.first_name, lastName: r.last_name, address1: r.address1, city: r.city, state: r.state, zip: r.zip, purpose: r.purpose, programKey: r.program_key,
    office: { name: r.office_name ?? 'Your dental office', address1: r.office_address1, city: r.office_city, state: r.office_state, zip: r.office_zip, phone: r.office_phone, timeZone: r.office_zone ?? 'America/New_York' },
  }));
}

export async function listLetterBatches(db: Kysely<Database>, limit: number) {
  const pending = await db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('channel', '=', 'letter').where('state', '=', 'due').executeTakeFirst();
  const batches = await db.selectFrom('letter_batches').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return { pending: Number(pending?.n ?? 0), batches };
}

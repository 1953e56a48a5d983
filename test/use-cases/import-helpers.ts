/** Shared pieces of the import tests: a silent deps object and compact table snapshots. */
import { sql } from 'kysely';
import pino from 'pino';
import { fixedClock } from '../../src/clock.js';
import type { Store } from '../../src/db/open-store.js';

export function importDeps(store: Store, at = '2026-11-24T15:00:00Z') {
  return { store, clock: fixedClock(at), log: pino({ level: 'silent' }) };
}

/** Every row of the tables an import writes, without timestamps that differ between runs. */
export async function snapshot(store: Store): Promise<Record<string, unknown[]>> {
  const q = async (text: string) => (await sql.raw(text).execute(store.db)).rows;
  return {
    locations: await q('select id, external_source, external_id, name, time_zone, state, zip, phone, updated_at from locations order by id'),
    providers: await q('select id, external_id, name, role, location_id from providers order by id'),
    patients: await q('select id, external_source, external_id, first_name, last_name, birth_date, status, language, guarantor_id, state, zip, home_location_id, do_not_contact, updated_at from patients order by id'),
    contact_points: await q('select id, patient_id, kind, use, value, raw_value, line_type, is_valid, invalid_reason, is_primary, time_zone_candidates from contact_points order by id'),
    consents: await q('select id, contact_point_id, channel, purpose_class, granted, source from consents order by id'),
    communication_preferences: await q('select id, patient_id, kind, note from communication_preferences order by id'),
    appointments: await q('select id, external_id, patient_id, location_id, starts_at, status, procedure_codes, updated_at from appointments order by id'),
    procedures: await q('select id, external_id, patient_id, code, status, performed_on, fee_cents, updated_at from procedures order by id'),
    imported_recalls: await q('select id, patient_id, recall_type, due_on, interval_text, disabled, updated_at from imported_recalls order by id'),
    attempts: await q('select id, patient_id, channel, direction, actor_kind, outcome, occurred_at, idempotency_key from attempts order by id'),
    replan_queue: await q('select patient_id from replan_queue order by patient_id'),
  };
}

export async function count(store: Store, table: string, where = 'true'): Promise<number> {
  const result = await sql.raw<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`).execute(store.db);
  return Number(result.rows[0]?.n);
}

export function csv(lines: string[]): string {
  return lines.join('\n') + '\n';
}

/**
 * The case screen's patient card: who the patient is (preferred name, age, language, office and time
 * zone), every contact point with its consents, opt-outs and confidential-communication warnings
 * ("no voicemail") and items held out from outreach (why the patient is not listed), the recent attempt timeline, and household members who are also due (information
 * only). Read-only; a patient outside the viewer's offices is "not found" like one that does not exist.
 */
import { DateTime } from 'luxon';
import type { LocationScope } from '../domain/access/index.js';
import { AppError } from '../domain/errors.js';
import { outcomes } from '../domain/outcomes/index.js';
import { heldOutSentence } from '../domain/cases/index.js';
import { heldOutItemsOf } from '../db/queries/held-out-items.js';
import { loadPatientCardRows } from '../db/queries/patient-card.js';
import { loadPrograms } from '../db/queries/recall-programs.js';
import type { Deps } from './deps.js';
import { requirePatientInScope } from './shared/patient-scope.js';

export interface PatientCardContactPoint {
  id: number;
  kind: 'phone' | 'email';
  use: string;
  value: string;
  lineType: string;
  valid: boolean;
  invalidReason: string | null;
  primary: boolean;
  /** The latest consent per channel and purpose class. */
  consents: { channel: string; purposeClass: string; kind: string; granted: boolean; capturedAt: string }[];
  /** Channels an active opt-out covers on this point ("all" when it covers every channel). */
  optedOut: string[];
}

export interface PatientCard {
  patientId: string;
  recareId: number;
  name: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  birthDate: string | null;
  age: number | null;
  status: string;
  language: string;
  preferredChannel: string | null;
  doNotContact: boolean;
  timeZone: string;
  location: { id: string; name: string; timeZone: string; phone: string | null } | null;
  contactPoints: PatientCardContactPoint[];
  /** Confidential-communication requests and other things to know before dialing. */
  warnings: string[];
  /** Newest first; `undoneAt` when the outcome was undone (it counts nowhere). */
  attempts: { id: number; at: string; channel: string; direction: string; by: string; outcome: string | null; note: string | null; callbackAt: string | null; programs: string[]; undoneAt: string | null }[];
  family: { patientId: string; name: string; caseId: number; programs: string[]; state: string }[];
}

const preferenceText: Record<string, string> = {
  no_voicemail: 'No voicemail: do not leave messages.',
  no_sms: 'No text messages.',
  no_email: 'No email.',
  no_letter: 'No letters.',
  no_voice: 'No phone calls.',
  use_alternate_contact: 'Use the alternate contact point only.',
  use_alternate_address: 'Use the alternate address only.',
};
const labelOf = (key: string | null) => (key === null ? null : outcomes.find((o) => o.key === key)?.label ?? key);

export async function readPatientCard(deps: Pick<Deps, 'store' | 'clock'>, request: { patient: string; scope: LocationScope }): Promise<PatientCard> {
  const patientId = await requirePatientInScope(deps, request.scope, request.patient);
  const rows = await loadPatientCardRows(deps.store.db, patientId, 25, request.scope);
  if (!rows) throw new AppError('not_found', `No patient with the id ${JSON.stringify(request.patient)} is visible to you.`);
  const { patient: p } = rows;
  const timeZone = p.time_zone_override ?? p.location_time_zone ?? 'UTC';
  const today = DateTime.fromJSDate(deps.clock.now(), { zone: timeZone });
  const age = p.birth_date ? Math.floor(today.diff(DateTime.fromISO(p.birth_date, { zone: timeZone }), 'years').years) : null;

  const contactPoints = rows.points.map((point): PatientCardContactPoint => {
    const latest = new Map<string, (typeof rows.consents)[number]>();
    for (const c of rows.consents) if (c.contact_point_id === point.id) latest.set(`${c.channel}/${c.purpose_class}`, c);
    const optedOut = rows.optOuts.filter((o) => o.contact_point_id === null || o.contact_point_id === point.id).map((o) => o.channel ?? 'all');
    return {
      id: point.id, kind: point.kind, use: point.use, value: point.value, lineType: point.line_type, valid: point.is_valid, invalidReason: point.invalid_reason,
      primary: point.is_primary, optedOut: [...new Set(optedOut)],
      consents: [...latest.values()].map((c) => ({ channel: c.channel, purposeClass: c.purpose_class, kind: c.kind, granted: c.granted, capturedAt: new Date(c.captured_at).toISOString() })),
    };
  });
  const warnings = rows.preferences.map((pref) => preferenceText[pref.kind] ?? pref.kind);
  if (p.do_not_contact) warnings.unshift('Do not contact: the practice recorded a do-not-contact request.');
  if (rows.optOuts.some((o) => o.contact_point_id === null && o.channel === null)) warnings.unshift('Opted out of all contact.');
  warnings.push(...await heldOutWarnings(deps, patientId, timeZone));

  return {
    patientId: p.external_id, recareId: p.id, name: `${p.preferred_name ?? p.first_name} ${p.last_name}`, firstName: p.first_name, lastName: p.last_name,
    preferredName: p.preferred_name, birthDate: p.birth_date, age, status: p.status, language: p.language, preferredChannel: p.preferred_channel, doNotContact: p.do_not_contact,
    timeZone,
    location: p.location_external_id ? { id: p.location_external_id, name: p.location_name ?? p.location_external_id, timeZone: p.location_time_zone ?? timeZone, phone: p.location_phone } : null,
    contactPoints, warnings,
    attempts: rows.attempts.map((a) => ({
      id: a.id, at: new Date(a.occurred_at).toISOString(), channel: a.channel, direction: a.direction,
      by: a.actor_name ?? (a.actor_kind === 'staff' ? 'staff' : a.actor_kind), outcome: labelOf(a.outcome), note: a.note,
      callbackAt: a.callback_at ? new Date(a.callback_at).toISOString() : null, programs: a.program_keys,
      undoneAt: a.undone_at ? new Date(a.undone_at).toISOString() : null,
    })),
    family: rows.family.map((f) => ({ patientId: f.external_id, name: `${f.preferred_name ?? f.first_name} ${f.last_name}`, caseId: f.case_id, programs: f.program_keys, state: f.state })),
  };
}

/** Why a held-out patient is not listed: "Held out from outreach to measure what outreach adds (Hygiene recall, since 2026-11-24)." */
async function heldOutWarnings(deps: Pick<Deps, 'store'>, patientId: number, timeZone: string): Promise<string[]> {
  const items = await heldOutItemsOf(deps.store.db, patientId);
  if (items.length === 0) return [];
  const names = new Map((await loadPrograms(deps.store.db)).map((p) => [p.program.key, p.program.name]));
  return items.map((i) => {
    const sentence = heldOutSentence(names.get(i.programKey) ?? i.programKey, DateTime.fromJSDate(i.since, { zone: timeZone }).toISODate() as string);
    return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}: not listed or messaged for it; work it if the patient calls, replies or books.`;
  });
}

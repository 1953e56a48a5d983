/**
 * Canonical records → staging rows, with the checks the database would otherwise make by failing a
 * whole batch (a state that is not two letters, a zero-minute appointment) turned into located
 * problems, and local times resolved in the right office's time zone.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { lookupAreaCode, areaCodeOf } from '../../domain/compliance/area-codes.js';
import { stateName } from '../../domain/compliance/calling-rules.js';
import { locationTimeZones, onlyLocationTimeZone, patientHomeZones } from '../../db/queries/import-lookups.js';
import type { AppointmentStageRow } from '../../db/queries/upsert-appointments.js';
import type { ContactStageRow } from '../../db/queries/upsert-contact-history.js';
import type { LocationStageRow, ProviderStageRow } from '../../db/queries/upsert-locations.js';
import type { ContactPointStageRow, PatientStageRow } from '../../db/queries/upsert-patients.js';
import type { ProcedureStageRow } from '../../db/queries/upsert-procedures.js';
import type { RecallStageRow } from '../../db/queries/upsert-recalls.js';
import { scheduleReferenceIds, type ScheduleStageRow } from '../../db/queries/replace-schedules.js';
import type { Database } from '../../db/schema.js';
import {
  resolveLocalDateTime,
  timeZoneForZip,
  type AppointmentRecord,
  type ContactRecord,
  type ImportProblem,
  type LocalDateTime,
  type LocationRecord,
  type PatientRecord,
  type ProcedureRecord,
  type ProviderRecord,
  type RecallRecord,
  type RecordOrigin,
  type ScheduleRecord,
} from '../../importers/index.js';

export interface Prepared<Row> {
  rows: Row[];
  problems: ImportProblem[];
  /** Batch positions not staged because of an error problem. */
  rejected: number;
}

/** A problem about one record, located by its origin (CSV line, or FHIR file and resource path). */
export function recordProblem(origin: RecordOrigin, field: string, value: string | null, message: string, severity: ImportProblem['severity']): ImportProblem {
  const column = origin.path ? `${origin.path}: ${field}` : field;
  return { file: origin.file, line: origin.line, column, value, message, severity };
}

const q = (text: string) => JSON.stringify(text);

const stateCodes = [
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA', 'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO',
  'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY',
  'PR', 'VI', 'GU', 'MP', 'AS',
];
const codeByStateName = new Map(stateCodes.map((code) => [stateName(code).toLowerCase(), code]));

/**
 * A two-letter state code (the column is char(2), and the gate's state rules key on it); a full
 * name such as "Massachusetts" (FHIR addresses often spell it out) becomes its code.
 */
function stateCode(value: string | null): string | null | undefined {
  if (value === null) return null;
  const text = value.trim();
  if (/^[A-Za-z]{2}$/.test(text)) return text.toUpperCase();
  return codeByStateName.get(text.toLowerCase().replace(/\s+/g, ' '));
}

const stateHint = 'is not a US state; use a two-letter code such as TX or FL';

export function prepareLocations(records: readonly LocationRecord[]): Prepared<LocationStageRow> {
  const out: Prepared<LocationStageRow> = { rows: [], problems: [], rejected: 0 };
  records.forEach((r, ord) => {
    const state = stateCode(r.address.state);
    if (r.timeZone === null || !state) {
      out.rejected += 1;
      if (r.timeZone === null) out.problems.push(recordProblem(r.origin, 'time_zone', null, 'the office has no time zone (no time-zone extension and no known US ZIP); add one, e.g. America/Chicago; the row was not imported', 'error'));
      if (!state) out.problems.push(recordProblem(r.origin, 'state', r.address.state, `${q(r.address.state ?? '')} ${stateHint}; the row was not imported`, 'error'));
      return;
    }
    out.rows.push({
      ord, externalId: r.externalId, name: r.name, timeZone: r.timeZone, address1: r.address.address1, city: r.address.city, state,
      zip: r.address.zip, phone: r.phone ? r.phone.value : null,
    });
  });
  return out;
}

export function prepareProviders(records: readonly ProviderRecord[]): Prepared<ProviderStageRow> {
  return { rows: records.map((r, ord) => ({ ord, externalId: r.externalId, name: r.name, role: r.role, locationExternalId: r.locationExternalId })), problems: [], rejected: 0 };
}

export function preparePatients(records: readonly PatientRecord[]): Prepared<PatientStageRow> {
  const out: Prepared<PatientStageRow> = { rows: [], problems: [], rejected: 0 };
  records.forEach((r, ord) => {
    let state = stateCode(r.address.state);
    if (state === undefined) {
      out.problems.push(recordProblem(r.origin, 'state', r.address.state, `${q(r.address.state ?? '')} ${stateHint}; the value was ignored`, 'warning'));
      state = null;
    }
    const zipZone = r.address.zip ? timeZoneForZip(r.address.zip) : null;
    out.rows.push({
      ord, externalId: r.externalId, firstName: r.firstName, lastName: r.lastName, preferredName: r.preferredName, birthDate: r.birthDate, sex: r.sex,
      status: r.status, language: r.language, preferredChannel: r.preferredChannel, guarantorExternalId: r.guarantorExternalId,
      address1: r.address.address1, city: r.address.city, state, zip: r.address.zip,
      locationExternalId: r.locationExternalId, providerExternalId: r.providerExternalId, doNotContact: r.doNotContact, noVoicemail: r.noVoicemail,
      contactPoints: contactPoints(r, zipZone),
    });
  });
  return out;
}

/**
 * One staged contact point per distinct number or address. Consent flags land where they apply:
 * text consent on mobile numbers (on every number when none is marked mobile), call consent on
 * every number, email consent on the address. Time-zone candidates: the ZIP's zone plus every zone
 * of the area code (a cell number travels with its owner).
 */
function contactPoints(r: PatientRecord, zipZone: string | null): ContactPointStageRow[] {
  const seen = new Set<string>();
  const points = r.contactPoints.filter((c) => {
    const key = `${c.kind}|${c.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const hasMobile = points.some((c) => c.kind === 'phone' && c.use === 'mobile');
  let primaryPhone = false;
  let primaryEmail = false;
  return points.map((c) => {
    let isPrimary = false;
    if (c.isValid && c.kind === 'phone' && !primaryPhone) isPrimary = primaryPhone = true;
    if (c.isValid && c.kind === 'email' && !primaryEmail) isPrimary = primaryEmail = true;
    const zones = new Set<string>();
    if (c.kind === 'phone') {
      if (zipZone) zones.add(zipZone);
      const npa = c.isValid ? areaCodeOf(c.value) : null;
      for (const zone of (npa ? lookupAreaCode(npa)?.zones : undefined) ?? []) zones.add(zone);
    }
    const phone = c.kind === 'phone';
    return {
      kind: c.kind, use: c.use, value: c.value, rawValue: c.rawValue, lineType: phone && c.use === 'mobile' ? 'wireless' : 'unknown',
      isValid: c.isValid, invalidReason: c.invalidReason, isPrimary, timeZoneCandidates: [...zones].sort(),
      consents: {
        sms: phone && (c.use === 'mobile' || !hasMobile) ? r.consents.sms : null,
        voice: phone ? r.consents.voice : null,
        email: c.kind === 'email' ? r.consents.email : null,
      },
    };
  });
}

/**
 * Finds the zone a local wall time means: the row's office, else the patient's home office, else
 * the patient's ZIP, else the practice's only office. Cached per import; refreshed after offices load.
 */
export class TimeZones {
  private locations: Map<string, string> | undefined;
  private only: string | null | undefined;

  /** resolveLocalDateTime is pure but costly (Intl under luxon); schedules repeat the same slots, so answers are kept. */
  private readonly resolved = new Map<string, ReturnType<typeof resolveLocalDateTime>>();

  constructor(private readonly source: string) {}

  instant(at: LocalDateTime, zone: string): ReturnType<typeof resolveLocalDateTime> {
    const key = `${zone}|${at.local}|${at.offset ?? ''}`;
    let answer = this.resolved.get(key);
    if (answer === undefined) {
      if (this.resolved.size >= 200_000) this.resolved.clear();
      answer = resolveLocalDateTime(at, zone);
      this.resolved.set(key, answer);
    }
    return answer;
  }

  forget(): void {
    this.locations = undefined;
    this.only = undefined;
  }

  async resolve(db: Kysely<Database>, items: readonly { patientExternalId: string; locationExternalId: string | null; at: LocalDateTime }[]): Promise<(string | null)[]> {
    this.locations ??= await locationTimeZones(db, this.source);
    const locations = this.locations;
    const needPatient = items.filter((i) => i.at.offset === null && !(i.locationExternalId && locations.has(i.locationExternalId))).map((i) => i.patientExternalId);
    const homes = needPatient.length > 0 ? await patientHomeZones(db, this.source, needPatient) : new Map<string, { zone: string | null; zip: string | null }>();
    if (needPatient.length > 0 && this.only === undefined) this.only = await onlyLocationTimeZone(db);
    return items.map((i) => {
      if (i.at.offset !== null) return 'UTC';
      const office = i.locationExternalId ? locations.get(i.locationExternalId) : undefined;
      if (office) return office;
      const home = homes.get(i.patientExternalId);
      return home?.zone ?? (home?.zip ? timeZoneForZip(home.zip) : null) ?? this.only ?? null;
    });
  }
}

function noZone(at: LocalDateTime, patient: string): string {
  return `${q(at.local)} has no offset and its time zone is unknown: no known office is named and patient ${q(patient)} has no home office or ZIP here; ` +
    'add the location, or write the time with an offset, e.g. 2026-05-04T09:30-05:00; the row was not imported';
}

export async function prepareAppointments(db: Kysely<Database>, zones: TimeZones, records: readonly AppointmentRecord[]): Promise<Prepared<AppointmentStageRow>> {
  const out: Prepared<AppointmentStageRow> = { rows: [], problems: [], rejected: 0 };
  const found = await zones.resolve(db, records.map((r) => ({ patientExternalId: r.patientExternalId, locationExternalId: r.locationExternalId, at: r.start })));
  records.forEach((r, ord) => {
    const zone = found[ord] ?? null;
    if (zone === null) {
      out.rejected += 1;
      out.problems.push(recordProblem(r.origin, 'start', r.start.local, noZone(r.start, r.patientExternalId), 'error'));
      return;
    }
    const start = zones.instant(r.start, zone);
    if (!start.ok) {
      out.rejected += 1;
      out.problems.push(recordProblem(r.origin, 'start', r.start.local, `${start.message}; the row was not imported`, 'error'));
      return;
    }
    let duration = r.durationMinutes;
    if (duration !== null && (duration < 1 || duration > 1440)) {
      out.problems.push(recordProblem(r.origin, 'duration_minutes', String(duration), `${duration} is not a length of appointment; use 1 to 1440 minutes; the value was ignored`, 'warning'));
      duration = null;
    }
    out.rows.push({
      ord, externalId: r.externalId, patientExternalId: r.patientExternalId, startsAt: start.instant, durationMinutes: duration, status: r.status,
      type: r.type, providerExternalId: r.providerExternalId, locationExternalId: r.locationExternalId, procedureCodes: r.procedureCodes,
    });
  });
  return out;
}

const maxFeeCents = 2_147_483_647;

export function prepareProcedures(records: readonly ProcedureRecord[]): Prepared<ProcedureStageRow> {
  const out: Prepared<ProcedureStageRow> = { rows: [], problems: [], rejected: 0 };
  records.forEach((r, ord) => {
    let fee = r.feeCents;
    if (fee !== null && (!Number.isInteger(fee) || fee < 0 || fee > maxFeeCents)) {
      out.problems.push(recordProblem(r.origin, 'fee', String(fee / 100), `${fee / 100} is not a fee Recare can store; use an amount from 0 to 21,474,836.47; the value was ignored`, 'warning'));
      fee = null;
    }
    out.rows.push({
      ord, externalId: r.externalId, patientExternalId: r.patientExternalId, codeSystem: r.codeSystem, code: r.code, description: r.description,
      status: r.status, performedOn: r.date, feeCents: fee, providerExternalId: r.providerExternalId, locationExternalId: r.locationExternalId,
      appointmentExternalId: r.appointmentExternalId,
    });
  });
  return out;
}

export function prepareRecalls(records: readonly RecallRecord[]): Prepared<RecallStageRow> {
  return {
    rows: records.map((r, ord) => ({ ord, patientExternalId: r.patientExternalId, recallType: r.recallType, dueOn: r.dueDate, intervalText: r.interval, disabled: r.disabled })),
    problems: [],
    rejected: 0,
  };
}

/** The attempt's idempotency key: the same contact-log entry imported twice is one attempt. */
export function contactKey(source: string, patientExternalId: string, instant: string, channel: string, direction: string): string {
  const digest = createHash('sha256').update([source, patientExternalId, new Date(instant).toISOString(), channel, direction].join('\u0000')).digest('hex');
  return `import:${digest.slice(0, 40)}`;
}

export async function prepareContacts(db: Kysely<Database>, zones: TimeZones, source: string, records: readonly ContactRecord[]): Promise<Prepared<ContactStageRow> & { repeated: number }> {
  const out: Prepared<ContactStageRow> & { repeated: number } = { rows: [], problems: [], rejected: 0, repeated: 0 };
  const found = await zones.resolve(db, records.map((r) => ({ patientExternalId: r.patientExternalId, locationExternalId: null, at: r.at })));
  const keys = new Set<string>();
  records.forEach((r, ord) => {
    const zone = found[ord] ?? null;
    if (zone === null) {
      out.rejected += 1;
      out.problems.push(recordProblem(r.origin, 'at', r.at.local, noZone(r.at, r.patientExternalId), 'error'));
      return;
    }
    const at = zones.instant(r.at, zone);
    if (!at.ok) {
      out.rejected += 1;
      out.problems.push(recordProblem(r.origin, 'at', r.at.local, `${at.message}; the row was not imported`, 'error'));
      return;
    }
    const key = contactKey(source, r.patientExternalId, at.instant, r.channel, r.direction);
    // The same touch twice in one batch is one attempt; the repeat counts as unchanged.
    if (keys.has(key)) {
      out.repeated += 1;
      return;
    }
    keys.add(key);
    out.rows.push({ ord, patientExternalId: r.patientExternalId, occurredAt: at.instant, channel: r.channel, direction: r.direction, outcome: r.outcome, note: r.note, idempotencyKey: key });
  });
  return out;
}

/** Schedule rows with their office and provider resolved; a row naming one the source does not have is not imported. */
export async function prepareSchedules(db: Kysely<Database>, source: string, records: readonly ScheduleRecord[]): Promise<Prepared<ScheduleStageRow>> {
  const out: Prepared<ScheduleStageRow> = { rows: [], problems: [], rejected: 0 };
  const ids = await scheduleReferenceIds(db, source, records.map((r) => r.locationExternalId), records.flatMap((r) => (r.providerExternalId ? [r.providerExternalId] : [])));
  records.forEach((r, ord) => {
    const locationId = ids.locations.get(r.locationExternalId);
    const providerId = r.providerExternalId === null ? null : ids.providers.get(r.providerExternalId);
    if (locationId === undefined) {
      out.problems.push(recordProblem(r.origin, 'location', r.locationExternalId, `${q(r.locationExternalId)} is not an office of source ${q(source)}; import the locations file first (or fix the id); the row was not imported`, 'error'));
    }
    if (providerId === undefined) {
      out.problems.push(recordProblem(r.origin, 'provider', r.providerExternalId, `${q(r.providerExternalId ?? '')} is not a provider of source ${q(source)}; import the providers file first (or fix the id); the row was not imported`, 'error'));
    }
    if (locationId === undefined || providerId === undefined) {
      out.rejected += 1;
      return;
    }
    out.rows.push({ ord, locationId, providerId, chair: r.chair, weekday: r.weekday, date: r.date, start: r.start, end: r.end });
  });
  return out;
}

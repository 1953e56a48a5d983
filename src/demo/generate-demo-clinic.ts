/**
 * Generates a realistic, deterministic demo clinic: families, three years of CDT-coded visits,
 * unscheduled treatment plans, future appointments, cancellations and no-shows, Spanish speakers,
 * phones and emails with realistic gaps, consents, a few opt-outs, and a little bad data.
 *
 * It yields rows in batches of whole households, ready for COPY, so a million patients stream
 * through in constant memory. Same seed + same `today` → the same clinic, row for row.
 */
import { Faker, en, en_US, es_MX, es, base } from '@faker-js/faker';
import { DateTime } from 'luxon';
import type { CopyTable, CopyValue } from '../db/copy-csv.js';
import { cdt, type CdtEntry } from './cdt-catalog.js';
import { demoLocations, outOfStateAddresses, type DemoLocation } from './demo-locations.js';
import { SeededRandom } from './seeded-random.js';
import { demoScheduleColumns, demoScheduleRows } from './demo-schedules.js';

export interface DemoOptions {
  patients: number;
  seed: number;
  locations: number;
  /** The clinic's "today" (YYYY-MM-DD): history lies before it, future appointments after it. */
  today: string;
  /** When Recare first saw the clinic's appointments (appointments.first_seen_at): the load's clock; default `today` at 00:00 UTC. */
  firstSeenAt?: Date;
  batchSize?: number;
}

export interface DemoBatch {
  tables: CopyTable[];
  patients: number;
  rows: number;
}

const DAY = 86_400_000;

const columns = {
  locations: ['id', 'external_source', 'external_id', 'name', 'time_zone', 'address1', 'city', 'state', 'zip', 'phone', 'holidays_region'],
  providers: ['id', 'external_source', 'external_id', 'name', 'role', 'location_id'],
  patients: ['id', 'external_source', 'external_id', 'first_name', 'last_name', 'preferred_name', 'birth_date', 'sex', 'status', 'language', 'preferred_channel', 'guarantor_id', 'address1', 'city', 'state', 'zip', 'home_location_id', 'primary_provider_id', 'do_not_contact'],
  contact_points: ['id', 'patient_id', 'kind', 'use', 'value', 'raw_value', 'line_type', 'is_valid', 'invalid_reason', 'is_primary'],
  consents: ['contact_point_id', 'channel', 'purpose_class', 'kind', 'granted', 'source', 'captured_at', 'evidence'],
  opt_outs: ['patient_id', 'contact_point_id', 'channel', 'purpose_class', 'received_via', 'received_at', 'evidence'],
  communication_preferences: ['patient_id', 'kind', 'note'],
  appointments: ['id', 'external_source', 'external_id', 'patient_id', 'location_id', 'provider_id', 'starts_at', 'duration_minutes', 'status', 'type', 'procedure_codes', 'confirmed_at', 'first_seen_at'],
  procedures: ['external_source', 'external_id', 'patient_id', 'code_system', 'code', 'description', 'status', 'performed_on', 'fee_cents', 'provider_id', 'location_id', 'appointment_id'],
} as const;

type Row = CopyValue[];

interface Office {
  id: number;
  spec: DemoLocation;
  dentistIds: number[];
  hygienistIds: number[];
}

interface Household {
  lastName: string;
  spanish: boolean;
  address1: string;
  city: string;
  state: string;
  zip: string;
  homePhone: string | null;
  office: Office;
}

/** Rows for the organization's offices and providers (written once, before the patients). */
export function generateOffices(options: DemoOptions): { tables: CopyTable[]; offices: Office[] } {
  const count = Math.min(Math.max(options.locations, 1), demoLocations.length);
  const faker = new Faker({ locale: [en_US, en, base], seed: options.seed });
  const locations: Row[] = [];
  const providers: Row[] = [];
  const offices: Office[] = [];
  let providerId = 1;
  for (let i = 0; i < count; i++) {
    const spec = demoLocations[i] as DemoLocation;
    const id = i + 1;
    locations.push([id, 'demo', spec.externalId, spec.name, spec.timeZone, spec.address1, spec.city, spec.state, spec.zip, spec.phone, `US-${spec.state}`]);
    const office: Office = { id, spec, dentistIds: [], hygienistIds: [] };
    for (const role of ['dentist', 'dentist', 'hygienist', 'hygienist', 'hygienist'] as const) {
      const name = role === 'dentist' ? `Dr. ${faker.person.firstName()} ${faker.person.lastName()}` : `${faker.person.firstName()} ${faker.person.lastName()}, RDH`;
      providers.push([providerId, 'demo', `${spec.externalId}-PR${providerId}`, name, role, id]);
      (role === 'dentist' ? office.dentistIds : office.hygienistIds).push(providerId);
      providerId++;
    }
    offices.push(office);
  }
  return {
    offices,
    tables: [
      { table: 'locations', columns: columns.locations, rows: locations },
      { table: 'providers', columns: columns.providers, rows: providers },
      { table: 'provider_schedules', columns: demoScheduleColumns, rows: demoScheduleRows(offices) },
    ],
  };
}

/** Yields patient batches (with their contact points, consents, visits and plans). */
export function* generatePatients(options: DemoOptions, offices: Office[]): Generator<DemoBatch> {
  const random = new SeededRandom(options.seed);
  const fakerEn = new Faker({ locale: [en_US, en, base], seed: options.seed });
  const fakerEs = new Faker({ locale: [es_MX, es, en, base], seed: options.seed + 1 });
  const today = Date.parse(`${options.today}T00:00:00Z`);
  const firstSeenAt = options.firstSeenAt ?? new Date(today);
  const batchSize = options.batchSize ?? 5_000;
  const localMidnight = new LocalMidnightCache();

  const ids = { patient: 0, contactPoint: 0, appointment: 0, procedure: 0 };
  let produced = 0;

  while (produced < options.patients) {
    const t = emptyTables();
    const batchStart = produced;
    while (produced < options.patients && produced - batchStart < batchSize) {
      const spanish = random.chance(0.15);
      const household = makeHousehold(random, spanish ? fakerEs : fakerEn, spanish, offices);
      const size = Math.min(householdSize(random), options.patients - produced);
      let guarantorId: number | null = null;
      for (let member = 0; member < size; member++) {
        const patientId = ++ids.patient;
        const faker = household.spanish ? fakerEs : fakerEn;
        const isChild = member >= 2 && random.chance(0.85);
        const age = isChild ? random.int(3, 17) : random.int(19, 88);
        const sex = random.chance(0.52) ? 'female' : 'male';
        const firstName = faker.person.firstName(sex);
        const birth = new Date(today - age * 365.25 * DAY - random.int(0, 364) * DAY).toISOString().slice(0, 10);
        const status = random.chance(0.9) ? 'active' : random.pick(['inactive', 'inactive', 'archived', 'deceased'] as const);
        const provider = random.pick(household.office.dentistIds);
        const preferredName = !isChild && random.chance(0.08) ? firstName.slice(0, Math.max(3, firstName.length - 2)) : null;
        const preferredChannel = random.chance(0.6) ? random.pick(['voice', 'sms', 'sms', 'email'] as const) : null;
        const doNotContact = random.chance(0.004);
        t.patients.push([
          patientId, 'demo', `D${String(patientId).padStart(7, '0')}`, firstName, household.lastName, preferredName, birth, sex, status,
          household.spanish ? 'es' : 'en', preferredChannel, guarantorId, household.address1, household.city, household.state, household.zip,
          household.office.id, provider, doNotContact,
        ]);
        if (member === 0) guarantorId = patientId;
        addContactPoints(t, random, ids, patientId, household, firstName, isChild, today);
        addVisitHistory(t, random, ids, patientId, household.office, isChild, status, today, localMidnight, firstSeenAt);
        // A little bad data: the same person entered twice under a new chart number.
        if (!isChild && random.chance(0.003) && produced + 1 < options.patients && member === size - 1) {
          const duplicateId = ++ids.patient;
          t.patients.push([
            duplicateId, 'demo', `D${String(duplicateId).padStart(7, '0')}`, firstName, household.lastName, null, birth, sex, 'active',
            household.spanish ? 'es' : 'en', null, null, household.address1, household.city, household.state, household.zip,
            household.office.id, provider, false,
          ]);
          produced++;
        }
        produced++;
      }
    }
    const tables: CopyTable[] = [
      { table: 'patients', columns: columns.patients, rows: t.patients },
      { table: 'contact_points', columns: columns.contact_points, rows: t.contactPoints },
      { table: 'consents', columns: columns.consents, rows: t.consents },
      { table: 'opt_outs', columns: columns.opt_outs, rows: t.optOuts },
      { table: 'communication_preferences', columns: columns.communication_preferences, rows: t.preferences },
      { table: 'appointments', columns: columns.appointments, rows: t.appointments },
      { table: 'procedures', columns: columns.procedures, rows: t.procedures },
    ];
    yield { tables, patients: produced - batchStart, rows: tables.reduce((n, table) => n + table.rows.length, 0) };
  }
}

function emptyTables() {
  return { patients: [] as Row[], contactPoints: [] as Row[], consents: [] as Row[], optOuts: [] as Row[], preferences: [] as Row[], appointments: [] as Row[], procedures: [] as Row[] };
}
type Tables = ReturnType<typeof emptyTables>;

function householdSize(random: SeededRandom): number {
  const r = random.next();
  return r < 0.45 ? 1 : r < 0.7 ? 2 : r < 0.85 ? 3 : r < 0.95 ? 4 : 5;
}

function makeHousehold(random: SeededRandom, faker: Faker, spanish: boolean, offices: Office[]): Household {
  const office = random.pick(offices);
  const local = random.pick(office.spec.patientZips);
  const away = random.chance(0.03) ? random.pick(outOfStateAddresses) : null;
  return {
    lastName: faker.person.lastName(),
    spanish,
    address1: faker.location.streetAddress(),
    city: away?.city ?? local.city,
    state: away?.state ?? office.spec.state,
    zip: away?.zip ?? local.zip,
    homePhone: random.chance(0.3) ? phoneIn(random, office.spec) : null,
    office,
  };
}

function phoneIn(random: SeededRandom, office: DemoLocation): string {
  return `+1${random.pick(office.areaCodes)}${random.int(2, 9)}${random.int(10, 99)}${String(random.int(0, 9999)).padStart(4, '0')}`;
}

function addContactPoints(t: Tables, random: SeededRandom, ids: { contactPoint: number }, patientId: number, household: Household, firstName: string, isChild: boolean, today: number): void {
  const capturedAt = new Date(today - random.int(60, 1000) * DAY);
  const hasMobile = !isChild && random.chance(0.86);
  if (hasMobile) {
    const id = ++ids.contactPoint;
    const badNumber = random.chance(0.006);
    const value = badNumber ? '555-01' : phoneIn(random, household.office.spec);
    t.contactPoints.push([id, patientId, 'phone', 'mobile', value, badNumber ? '555-01' : formatNational(value), 'wireless', !badNumber, badNumber ? 'too short to be a phone number' : null, true]);
    if (!badNumber) {
      // A number the patient gave the practice is prior express consent for care calls and texts.
      t.consents.push([id, 'voice', 'care', 'pec', true, 'intake_form', capturedAt, 'new-patient form']);
      t.consents.push([id, 'sms', 'care', 'pec', random.chance(0.93), 'intake_form', capturedAt, 'new-patient form, text checkbox']);
      if (random.chance(0.12)) t.consents.push([id, 'sms', 'marketing', 'pewc', true, 'portal', capturedAt, 'signed e-consent for offers']);
      if (random.chance(0.02)) {
        t.optOuts.push([patientId, id, 'sms', null, 'sms_keyword', new Date(capturedAt.getTime() + random.int(10, 50) * DAY), 'replied STOP']);
      }
    }
  }
  if (household.homePhone) {
    const id = ++ids.contactPoint;
    t.contactPoints.push([id, patientId, 'phone', 'home', household.homePhone, formatNational(household.homePhone), 'landline', true, null, !hasMobile]);
    t.consents.push([id, 'voice', 'care', 'pec', true, 'intake_form', capturedAt, 'new-patient form']);
  }
  if (!isChild && random.chance(0.66)) {
    const id = ++ids.contactPoint;
    const invalid = random.chance(0.012);
    const local = `${firstName}.${household.lastName}`.toLowerCase().normalize('NFD').replace(/[^a-z.]/g, '');
    const value = invalid ? `${local}@gmail` : `${local}${random.int(1, 99)}@${random.pick(['gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com'])}`;
    t.contactPoints.push([id, patientId, 'email', 'other', value, value, 'unknown', !invalid, invalid ? 'no domain suffix after @' : null, false]);
    if (!invalid) t.consents.push([id, 'email', 'care', 'pec', true, 'intake_form', capturedAt, 'new-patient form']);
  }
  if (random.chance(0.03)) t.preferences.push([patientId, 'no_voicemail', 'asked at front desk']);
}

function formatNational(e164: string): string {
  return `(${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`;
}

type Pattern = 'regular' | 'lapsed' | 'yearly' | 'new';

function addVisitHistory(
  t: Tables, random: SeededRandom, ids: { appointment: number; procedure: number }, patientId: number, office: Office,
  isChild: boolean, status: string, today: number, localMidnight: LocalMidnightCache, firstSeenAt: Date,
): void {
  const r = random.next();
  const pattern: Pattern = r < 0.55 ? 'regular' : r < 0.77 ? 'lapsed' : r < 0.9 ? 'yearly' : 'new';
  const perio = !isChild && random.chance(0.12);
  const intervalDays = perio ? 91 : pattern === 'yearly' ? 365 : 182;
  const start = pattern === 'new' ? today - random.int(20, 170) * DAY : today - random.int(900, 1095) * DAY;
  const stop = pattern === 'lapsed' ? today - random.int(380, 900) * DAY : status === 'active' ? today : today - random.int(200, 700) * DAY;
  const hygienist = random.pick(office.hygienistIds);
  const dentist = random.pick(office.dentistIds);

  const book = (day: number, status: string, type: string, entries: CdtEntry[], provider: number, confirmedAt: Date | null = null): number => {
    const id = ++ids.appointment;
    const startsAt = new Date(localMidnight.get(office.spec.timeZone, day) + (random.int(16, 32) * 30) * 60_000);
    t.appointments.push([id, 'demo', `A${id}`, patientId, office.id, provider, startsAt, entries.length > 2 ? 90 : 60, status, type, entries.map((e) => e.code), confirmedAt, firstSeenAt]);
    return id;
  };
  const perform = (day: number, entry: CdtEntry, state: 'completed' | 'planned', provider: number, appointmentId: number | null): void => {
    const id = ++ids.procedure;
    t.procedures.push(['demo', `PR${id}`, patientId, 'CDT', entry.code, entry.description, state, isoDay(day), entry.fee, provider, office.id, appointmentId]);
  };

  let day = weekday(start);
  let first = true;
  let lastVisit = day;
  while (day < stop) {
    // Missed visits: a cancellation or no-show, usually rebooked two to three weeks later.
    if (!first && random.chance(0.11)) {
      book(day, random.chance(0.6) ? 'cancelled' : 'no_show', perio ? 'perio maintenance' : 'hygiene', [], hygienist);
      const rebooked = weekday(day + random.int(14, 21) * DAY);
      if (rebooked >= stop || random.chance(0.2)) break;
      day = rebooked;
    }
    const entries: CdtEntry[] = first
      ? [cdt.comprehensiveExam, isChild ? cdt.childProphy : cdt.adultProphy, cdt.bitewings]
      : perio
        ? [cdt.perioMaintenance, cdt.periodicExam]
        : [isChild ? cdt.childProphy : cdt.adultProphy, cdt.periodicExam, ...(isChild ? [cdt.fluoride] : []), ...(random.chance(0.5) ? [cdt.bitewings] : [])];
    const appointmentId = book(day, 'completed', first ? 'new patient exam' : perio ? 'perio maintenance' : 'hygiene', entries, hygienist);
    for (const entry of entries) perform(day, entry, 'completed', hygienist, appointmentId);
    if (first && perio) {
      const srpDay = weekday(day + 14 * DAY);
      const srpAppt = book(srpDay, 'completed', 'periodontal therapy', [cdt.srpQuad, cdt.srpQuad], dentist);
      perform(srpDay, cdt.srpQuad, 'completed', dentist, srpAppt);
      perform(srpDay, cdt.srpQuad, 'completed', dentist, srpAppt);
    }
    planTreatment(day);
    lastVisit = day;
    first = false;
    day = weekday(day + (intervalDays + random.int(-10, 25)) * DAY);
  }

  function planTreatment(visitDay: number): void {
    if (isChild) return;
    const findings: CdtEntry[] = [];
    if (random.chance(0.12)) findings.push(random.chance(0.6) ? cdt.fillingOne : cdt.fillingTwo);
    if (random.chance(0.05)) findings.push(cdt.crown);
    if (random.chance(0.025)) findings.push(random.chance(0.6) ? cdt.simpleExtraction : cdt.surgicalExtraction);
    if (random.chance(0.01)) findings.push(cdt.implant);
    for (const finding of findings) {
      const treatmentDay = weekday(visitDay + random.int(10, 35) * DAY);
      if (treatmentDay < today && random.chance(0.7)) {
        const appointmentId = book(treatmentDay, 'completed', finding.code.startsWith('D7') || finding.code === 'D6010' ? 'surgery' : 'restorative', [finding], dentist);
        perform(treatmentDay, finding, 'completed', dentist, appointmentId);
      } else {
        // Presented and accepted in principle, never scheduled: the unscheduled-treatment program's work.
        perform(visitDay, finding, 'planned', dentist, null);
      }
    }
  }

  // About a third of patients already have their next visit on the books.
  const next = weekday(lastVisit + intervalDays * DAY);
  if (status === 'active' && pattern !== 'lapsed' && next > today && next < today + 120 * DAY && random.chance(0.75)) {
    const confirmed = next - today < 3 * DAY && random.chance(0.5) ? new Date(today - DAY) : null;
    book(next, confirmed ? 'confirmed' : 'scheduled', perio ? 'perio maintenance' : 'hygiene', perio ? [cdt.perioMaintenance, cdt.periodicExam] : [cdt.adultProphy, cdt.periodicExam], hygienist, confirmed);
  } else if (status === 'active' && pattern !== 'lapsed' && next <= today && random.chance(0.35)) {
    book(weekday(today + random.int(2, 45) * DAY), 'scheduled', perio ? 'perio maintenance' : 'hygiene', [perio ? cdt.perioMaintenance : cdt.adultProphy, cdt.periodicExam], hygienist);
  }
}

/** Moves a UTC-midnight day number to Monday when it falls on a weekend (offices close then). */
function weekday(day: number): number {
  const dow = new Date(day).getUTCDay();
  return dow === 6 ? day + 2 * DAY : dow === 0 ? day + DAY : day;
}

function isoDay(day: number): string {
  return new Date(day).toISOString().slice(0, 10);
}

/** Local midnight (as a UTC instant) per zone and date, cached: millions of appointments, ~1,500 dates. */
class LocalMidnightCache {
  private readonly cache = new Map<string, number>();

  get(zone: string, utcMidnightDay: number): number {
    const key = `${zone}|${utcMidnightDay}`;
    let value = this.cache.get(key);
    if (value === undefined) {
      value = DateTime.fromISO(isoDay(utcMidnightDay), { zone }).toMillis();
      this.cache.set(key, value);
    }
    return value;
  }
}

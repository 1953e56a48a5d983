/**
 * An Open Dental database generated like the demo clinic: the demo generator's patients, families,
 * phones, consents, visits and plans (same seed → same practice), written the way Open Dental holds
 * them, plus what only Open Dental has: broken appointments sent to the Unscheduled List, planned
 * and ASAP appointments, recalls with due dates, treatment plans and comm logs.
 */
import { DateTime } from 'luxon';
import type { CopyTable, CopyValue } from '../../../db/copy-csv.js';
import { cdt } from '../../../demo/cdt-catalog.js';
import { demoLocations } from '../../../demo/demo-locations.js';
import { generateOffices, generatePatients } from '../../../demo/generate-demo-clinic.js';
import { SeededRandom } from '../../../demo/seeded-random.js';
import type { AptStatus, ContactMethod, OdAppointment, OdCommlog, OdPatient, OdProcedureLog, OdRecall, OdTreatPlan, YesNoUnknown } from '../api-types.js';
import { odNoDate } from '../od-date-time.js';
import {
  commTypeDefinitions, confirmValDefNums, confirmationDefinitions, defaultRecallTypes,
  type OdClinic, type OdOperatory, type OdPractice, type OdProvider,
} from './practice.js';

export interface PracticeOptions {
  patients: number;
  seed: number;
  /** The practice's "today" (YYYY-MM-DD): history lies before it, booked visits after. */
  today: string;
  /** Offices (clinics), 1 to 3 (default 3). */
  clinics?: number;
}

const codeNums = new Map<string, number>(Object.values(cdt).map((entry, index) => [entry.code, index + 1]));
const operatoriesPerClinic = 4;
/** Rows exist before the stand-in starts; they were last touched late on their own day (or yesterday for future rows). */
const stampTime = '17:30:00';

type Row = readonly CopyValue[];

export function generatePractice(options: PracticeOptions): OdPractice {
  const demo = { patients: options.patients, seed: options.seed, locations: options.clinics ?? 3, today: options.today, batchSize: 2_000 };
  const { tables: officeTables, offices } = generateOffices(demo);
  const random = new SeededRandom(options.seed ^ 0x0d0d);
  const yesterday = DateTime.fromISO(options.today).minus({ days: 1 }).toISODate() ?? options.today;

  const clinics: OdClinic[] = offices.map((o) => ({ ClinicNum: o.id, Abbr: o.spec.externalId, timeZone: o.spec.timeZone }));
  const zoneOf = new Map(clinics.map((c) => [c.ClinicNum, c.timeZone]));
  const providers: OdProvider[] = rowsOf(officeTables, 'providers').map((r) => ({
    ProvNum: num(r.id), Abbr: `${r.role === 'hygienist' ? 'HYG' : 'DOC'}${num(r.id)}`, ClinicNum: num(r.location_id), IsHygienist: r.role === 'hygienist',
  }));
  const hygienists = new Set(providers.filter((p) => p.IsHygienist).map((p) => p.ProvNum));
  const operatories: OdOperatory[] = clinics.flatMap((c) => Array.from({ length: operatoriesPerClinic }, (_, i) => ({ OperatoryNum: (c.ClinicNum - 1) * operatoriesPerClinic + i + 1, ClinicNum: c.ClinicNum })));

  const practice: OdPractice = {
    clinics, providers, operatories,
    definitions: [...confirmationDefinitions, ...commTypeDefinitions],
    recallTypes: [...defaultRecallTypes],
    patients: [], appointments: [], procedureLogs: [], recalls: [], treatPlans: [], commlogs: [],
  };
  const ids = { apt: 0, proc: 0, recall: 0, plan: 0, commlog: 0 };
  const stampOf = (day: string): string => `${day < options.today ? day : yesterday} ${stampTime}`;

  for (const batch of generatePatients(demo, offices)) {
    const patientRows = rowsOf(batch.tables, 'patients');
    const points = groupBy(rowsOf(batch.tables, 'contact_points'), 'patient_id');
    const pointConsents = groupBy(rowsOf(batch.tables, 'consents'), 'contact_point_id');
    const optOuts = groupBy(rowsOf(batch.tables, 'opt_outs'), 'patient_id');
    const appointments = groupBy(rowsOf(batch.tables, 'appointments'), 'patient_id');
    const procedures = groupBy(rowsOf(batch.tables, 'procedures'), 'patient_id');

    for (const p of patientRows) {
      const patNum = num(p.id);
      const clinicNum = num(p.home_location_id);
      const zone = zoneOf.get(clinicNum) ?? 'America/New_York';
      const contact = contactFields(points.get(patNum) ?? [], pointConsents, (optOuts.get(patNum) ?? []).some((o) => o.channel === 'sms'));
      const aptNumOf = new Map<number, number>();
      const visits: OdAppointment[] = [];
      for (const a of appointments.get(patNum) ?? []) {
        const apt = appointmentOf(a, ++ids.apt, patNum, clinicNum, zone, hygienists, random, stampOf);
        aptNumOf.set(num(a.id), apt.AptNum);
        visits.push(apt);
      }
      const procs: OdProcedureLog[] = (procedures.get(patNum) ?? []).map((r) => procedureOf(r, ++ids.proc, patNum, aptNumOf, stampOf));
      const firstVisit = procs.find((x) => x.ProcStatus === 'C')?.ProcDate ?? odNoDate;
      const entered = firstVisit === odNoDate ? yesterday : firstVisit;
      const preferred = preferredMethod(p.preferred_channel, contact.WirelessPhone !== '', p.do_not_contact === true);
      practice.patients.push({
        PatNum: patNum, LName: str(p.last_name), FName: str(p.first_name), MiddleI: '', Preferred: str(p.preferred_name),
        PatStatus: patStatusOf(p.status), Gender: p.sex === 'female' ? 'Female' : 'Male', Birthdate: str(p.birth_date) || odNoDate,
        Address: str(p.address1), City: str(p.city), State: str(p.state), Zip: str(p.zip),
        HmPhone: contact.HmPhone, WkPhone: '', WirelessPhone: contact.WirelessPhone,
        Guarantor: p.guarantor_id === null ? patNum : num(p.guarantor_id), Email: contact.Email,
        PriProv: num(p.primary_provider_id), SecProv: 0, ClinicNum: clinicNum,
        PreferConfirmMethod: preferred, PreferContactMethod: preferred, PreferRecallMethod: preferred,
        Language: p.language === 'es' ? 'spa' : 'eng', TxtMsgOk: contact.TxtMsgOk,
        DateFirstVisit: firstVisit, SecDateEntry: entered, DateTStamp: `${entered} ${stampTime}`,
      });

      // Open Dental-only appointment states: some patients wait on the Unscheduled List or ASAP, some have a planned visit.
      if (random.chance(0.02)) visits.push(extraAppointment(++ids.apt, patNum, clinicNum, 'Planned', options.today, random, stampOf));
      if (random.chance(0.01)) visits.push(extraAppointment(++ids.apt, patNum, clinicNum, 'ASAP', options.today, random, stampOf));
      practice.appointments.push(...visits);
      practice.procedureLogs.push(...procs);
      practice.recalls.push(...recallsOf(patNum, procs, visits, ids, stampOf));
      const planned = procs.filter((x) => x.ProcStatus === 'TP');
      if (planned.length > 0) practice.treatPlans.push(treatPlanOf(++ids.plan, patNum, planned[0]?.DateTP ?? yesterday, stampOf));
      for (const broken of visits.filter((v) => v.AptStatus === 'Broken' || v.AptStatus === 'UnschedList')) {
        if (!random.chance(0.6)) continue;
        const day = broken.AptDateTime.slice(0, 10);
        practice.commlogs.push(commlogOf(++ids.commlog, patNum, `${day} 15:10:00`, 235, 'Phone', 'Sent', 'Called to reschedule the missed visit; left a message.', stampOf(day)));
      }
    }
  }
  return practice;
}

function appointmentOf(
  a: Record<string, CopyValue>, aptNum: number, patNum: number, clinicNum: number, zone: string, hygienists: ReadonlySet<number>,
  random: SeededRandom, stampOf: (day: string) => string,
): OdAppointment {
  const start = DateTime.fromJSDate(a.starts_at as Date, { zone }).toFormat('yyyy-MM-dd HH:mm:ss');
  const provider = num(a.provider_id);
  const isHygiene = hygienists.has(provider);
  // Open Dental has no "cancelled": a cancellation or no-show is Broken, and most go to the Unscheduled List.
  const status: AptStatus = a.status === 'completed' ? 'Complete' : a.status === 'scheduled' || a.status === 'confirmed' ? 'Scheduled' : random.chance(0.5) ? 'UnschedList' : 'Broken';
  const confirmed = a.status === 'confirmed' ? (confirmValDefNums.Confirmed as number) : 19;
  const codes = Array.isArray(a.procedure_codes) ? (a.procedure_codes as string[]) : [];
  return {
    AptNum: aptNum, PatNum: patNum, AptStatus: status, Pattern: patternOf(num(a.duration_minutes) || 60),
    Confirmed: confirmed, confirmed: confirmationName(confirmed), Op: (clinicNum - 1) * operatoriesPerClinic + (isHygiene ? 1 : 3) + (aptNum % 2),
    Note: '', ProvNum: isHygiene ? 0 : provider, ProvHyg: isHygiene ? provider : 0, AptDateTime: start, ProcDescript: codes.join(', '),
    ClinicNum: clinicNum, IsHygiene: isHygiene ? 'true' : 'false', DateTStamp: stampOf(start.slice(0, 10)),
    Priority: status === 'Scheduled' && random.chance(0.03) ? 'ASAP' : 'Normal',
  };
}

function extraAppointment(aptNum: number, patNum: number, clinicNum: number, status: AptStatus, today: string, random: SeededRandom, stampOf: (day: string) => string): OdAppointment {
  const day = DateTime.fromISO(today).plus({ days: random.int(7, 60) }).toISODate() ?? today;
  return {
    AptNum: aptNum, PatNum: patNum, AptStatus: status, Pattern: patternOf(60), Confirmed: 19, confirmed: 'Not Called',
    Op: status === 'Planned' ? 0 : (clinicNum - 1) * operatoriesPerClinic + 3, Note: '', ProvNum: 0, ProvHyg: 0,
    AptDateTime: `${day} 09:00:00`, ProcDescript: status === 'Planned' ? 'Crn' : 'Pro, PerEx', ClinicNum: clinicNum, IsHygiene: 'false',
    DateTStamp: stampOf(today), Priority: status === 'ASAP' ? 'ASAP' : 'Normal',
  };
}

function procedureOf(r: Record<string, CopyValue>, procNum: number, patNum: number, aptNumOf: ReadonlyMap<number, number>, stampOf: (day: string) => string): OdProcedureLog {
  const code = str(r.code);
  const date = str(r.performed_on);
  const cents = num(r.fee_cents);
  return {
    ProcNum: procNum, PatNum: patNum, AptNum: r.appointment_id === null ? 0 : aptNumOf.get(num(r.appointment_id)) ?? 0,
    ProcDate: date, ProcFee: (cents / 100).toFixed(2), ProcStatus: r.status === 'planned' ? 'TP' : 'C', ProvNum: num(r.provider_id),
    ClinicNum: num(r.location_id), CodeNum: codeNums.get(code) ?? 0, procCode: code, descript: str(r.description), DateTP: date,
    DateTStamp: stampOf(date),
  };
}

/** Prophy or Perio recall from the last completed trigger procedure; due one interval later, scheduled if a visit is booked. */
function recallsOf(patNum: number, procs: readonly OdProcedureLog[], visits: readonly OdAppointment[], ids: { recall: number }, stampOf: (day: string) => string): OdRecall[] {
  const last = (codes: readonly string[]): string | undefined => procs.filter((p) => p.ProcStatus === 'C' && codes.includes(p.procCode)).map((p) => p.ProcDate).sort().at(-1);
  const perio = last(['D4910', 'D4341']);
  const prophy = last(['D1110', 'D1120']);
  const booked = visits.filter((v) => v.AptStatus === 'Scheduled').map((v) => v.AptDateTime.slice(0, 10)).sort()[0] ?? odNoDate;
  const recalls: OdRecall[] = [];
  const add = (typeNum: number, previous: string, months: number): void => {
    const due = DateTime.fromISO(previous).plus({ months, days: 1 }).toISODate() ?? previous;
    recalls.push({
      RecallNum: ++ids.recall, PatNum: patNum, DateDue: due, DatePrevious: previous, RecallInterval: `${months}m1d`,
      RecallStatus: 0, recallStatus: '', Note: '', IsDisabled: 'false', DateTStamp: stampOf(previous), RecallTypeNum: typeNum,
      DateScheduled: booked, Priority: 'Normal',
    });
  };
  if (perio) add(3, perio, 3);
  else if (prophy) add(1, prophy, 6);
  return recalls;
}

function treatPlanOf(planNum: number, patNum: number, day: string, stampOf: (day: string) => string): OdTreatPlan {
  return {
    TreatPlanNum: planNum, PatNum: patNum, DateTP: odNoDate, Heading: 'Active Treatment Plan', Note: '', TPStatus: 'Active',
    SecDateEntry: day, SecDateTEdit: stampOf(day), TPType: 'Insurance',
  };
}

export function commlogOf(
  commlogNum: number, patNum: number, at: string, commType: number, mode: OdCommlog['Mode_'], direction: OdCommlog['SentOrReceived'], note: string, stamp: string,
): OdCommlog {
  return {
    CommlogNum: commlogNum, PatNum: patNum, CommDateTime: at, CommType: String(commType),
    commType: commTypeDefinitions.find((d) => d.DefNum === commType)?.ItemName ?? 'Misc', Note: note, Mode_: mode,
    SentOrReceived: direction, UserNum: 1, DateTStamp: stamp, CommSource: 'User', ProgramNum: 0, DateTEntry: stamp, ReferralNum: 0,
  };
}

export function confirmationName(defNum: number): string {
  return confirmationDefinitions.find((d) => d.DefNum === defNum)?.ItemName ?? '';
}

/** Open Dental's Pattern: one character per five minutes, assistant time (/) around provider time (X). */
export function patternOf(minutes: number): string {
  const units = Math.max(2, Math.round(minutes / 5));
  return `/${'X'.repeat(units - 2)}/`;
}

function contactFields(
  points: readonly Record<string, CopyValue>[], consents: ReadonlyMap<number, Record<string, CopyValue>[]>, optedOutOfTexts: boolean,
): { WirelessPhone: string; HmPhone: string; Email: string; TxtMsgOk: YesNoUnknown } {
  const mobile = points.find((c) => c.kind === 'phone' && c.use === 'mobile');
  const home = points.find((c) => c.kind === 'phone' && c.use === 'home');
  const email = points.find((c) => c.kind === 'email');
  const smsCare = mobile ? (consents.get(num(mobile.id)) ?? []).find((c) => c.channel === 'sms' && c.purpose_class === 'care') : undefined;
  const txtMsgOk: YesNoUnknown = optedOutOfTexts ? 'No' : smsCare === undefined ? 'Unknown' : smsCare.granted === true ? 'Yes' : 'No';
  // Open Dental keeps phones as typed, with punctuation: "(813)555-0123".
  const typed = (c: Record<string, CopyValue> | undefined): string => (c ? str(c.raw_value).replace(/^\((\d{3})\) /, '($1)') : '');
  return { WirelessPhone: typed(mobile), HmPhone: typed(home), Email: email ? str(email.value) : '', TxtMsgOk: txtMsgOk };
}

function preferredMethod(channel: CopyValue, hasMobile: boolean, doNotContact: boolean): ContactMethod {
  if (doNotContact) return 'DoNotCall';
  if (channel === 'sms') return 'TextMessage';
  if (channel === 'email') return 'Email';
  if (channel === 'voice') return hasMobile ? 'WirelessPh' : 'HmPhone';
  return 'None';
}

function patStatusOf(status: CopyValue): OdPatient['PatStatus'] {
  return status === 'inactive' ? 'Inactive' : status === 'archived' ? 'Archived' : status === 'deceased' ? 'Deceased' : 'Patient';
}

function rowsOf(tables: readonly CopyTable[], name: string): Record<string, CopyValue>[] {
  const table = tables.find((t) => t.table === name);
  if (!table) return [];
  return table.rows.map((row: Row) => Object.fromEntries(table.columns.map((column, i) => [column, row[i] ?? null])));
}

function groupBy(rows: readonly Record<string, CopyValue>[], key: string): Map<number, Record<string, CopyValue>[]> {
  const groups = new Map<number, Record<string, CopyValue>[]>();
  for (const row of rows) {
    const id = num(row[key]);
    const list = groups.get(id);
    if (list) list.push(row);
    else groups.set(id, [row]);
  }
  return groups;
}

function num(value: CopyValue | undefined): number {
  return typeof value === 'number' ? value : Number(value ?? 0);
}

function str(value: CopyValue | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

/** The demo offices' zones, for a caller that wants the practice's server zone before generating. */
export const defaultServerTimeZone = demoLocations[0]?.timeZone ?? 'America/New_York';

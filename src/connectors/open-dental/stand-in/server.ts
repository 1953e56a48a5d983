/**
 * A stand-in for the Open Dental REST API (opendental.com/site/apispecification.html) on loopback,
 * over an in-memory practice generated like the demo clinic. The tests use it, and so will
 * `recare serve --demo-connector` for anyone trying the connector without an Open Dental install.
 *
 * What it does as Open Dental documents it:
 *   - every request needs `Authorization: ODFHIR {DeveloperKey}/{CustomerKey}` with a configured pair (401 otherwise);
 *   - lists page with Limit/Offset in primary-key order; the hard limit is 100 rows in Remote mode and
 *     1000 in Service and Local mode, a bigger Limit is clamped to it, and no Limit means the hard limit;
 *   - DateTStamp ("yyyy-MM-dd HH:mm:ss", or a bare date) keeps the rows changed at or after it (the
 *     docs say "after" on some pages and "on or after" on others; at-or-after never loses a row that
 *     changed in the same second as the watermark); treatplans filter on SecDateTEdit instead;
 *   - patients/Simple, appointments and procedurelogs carry `serverDateTime` on every row: the
 *     server's wall time when it answered, which a client stores as its next DateTStamp;
 *   - an unknown query parameter is a 400 "'x' is not a valid parameter."; errors are a JSON string
 *     with the explanation, as Open Dental's 400 and 404 answers are;
 *   - POST /commlogs validates PatNum, Note, CommDateTime, CommType/commType, Mode_ and SentOrReceived
 *     and answers 201 with the comm log and a Location header; PUT /appointments/{AptNum}/Confirm takes
 *     confirmVal or defNum; POST /appointments creates a Scheduled visit.
 * Open Dental does not publish its 401 and 429 texts; the ones here are ours, and no client should
 * depend on them.
 *
 * For tests: `nextAnswers` scripts the next requests (a 429 with Retry-After, a 500, a delay, a
 * dropped connection), `edit` changes the practice as the office would between syncs, and
 * `receivedCommlogs` holds every comm log written through the API, for exactly-once assertions.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../../clock.js';
import {
  aptStatuses, commModes, confirmVals, procStatuses, sentOrReceivedValues, tpStatuses,
  type OdAppointment, type OdCommlog, type OdPatient, type OdProcedureLog,
} from '../api-types.js';
import { formatOdDateTime, isOdDate, isOdDateTime } from '../od-date-time.js';
import { generatePractice, type PracticeOptions } from './generate-practice.js';
import { PracticeEditor } from './practice-editor.js';
import { commTypeDefinitions, confirmValDefNums, confirmationDefinitions, defaultCommType, type OdPractice } from './practice.js';

export type StandInMode = 'service' | 'remote' | 'local';

export interface OpenDentalKeys {
  developerKey: string;
  customerKey: string;
  /**
   * What the key pair may do, in the API Permissions page's words: 'Read All' (every GET), and per write
   * 'Commlogs POST', 'Appointments POST', 'Appointments PUT Confirm'. Absent: everything.
   * A request outside them answers 403 before its body is looked at.
   */
  permissions?: readonly string[];
}

export interface OpenDentalStandInOptions {
  /** The server's clock: serverDateTime and every DateTStamp it writes. Pass the test's clock. */
  clock: Clock;
  /** The key pairs the office enabled. */
  keys: readonly OpenDentalKeys[];
  /** Decides the hard page limit: 100 for remote, 1000 for service and local (default service). */
  mode?: StandInMode;
  /** A ready practice, or how to generate one. */
  practice?: OdPractice | PracticeOptions;
  /** The server's zone for its wall time (default: the first clinic's). */
  timeZone?: string;
  host?: string;
  port?: number;
}

/** A scripted answer for the next request: an HTTP error, a pause before answering normally, or a dropped connection. */
export type ScriptedAnswer =
  | { status: number; message?: string; retryAfter?: number | string }
  | { delayMs: number }
  | { reset: true };

export interface StandInRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Whether the Authorization header was missing, malformed, wrong or accepted (never the keys themselves). */
  authorization: 'missing' | 'malformed' | 'refused' | 'accepted';
  /** The status answered; 'reset' when the connection was dropped. */
  status: number | 'reset' | 'pending';
}

export interface OpenDentalStandIn {
  /** e.g. http://127.0.0.1:40123/api/v1: the client's base URL. */
  readonly baseUrl: string;
  readonly mode: StandInMode;
  readonly practice: OdPractice;
  readonly requests: readonly StandInRequest[];
  /** Comm logs created through POST /commlogs, in order. */
  readonly receivedCommlogs: readonly OdCommlog[];
  /** The office's changes between syncs; each stamps DateTStamp with the server's time. */
  readonly edit: PracticeEditor;
  /** The server's wall time now, as serverDateTime says it. */
  serverDateTime(): string;
  /** Scripts the next requests, in order, whatever their endpoint. */
  nextAnswers(answers: readonly ScriptedAnswer[]): void;
  close(): Promise<void>;
}

export const hardLimits: Readonly<Record<StandInMode, number>> = { remote: 100, service: 1000, local: 1000 };

class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

type Query = ReadonlyMap<string, string>;
type Handler = (query: Query, body: unknown, id: number | null) => { status: number; body?: unknown; headers?: Record<string, string> };

export async function startOpenDentalStandIn(options: OpenDentalStandInOptions): Promise<OpenDentalStandIn> {
  const mode = options.mode ?? 'service';
  const hardLimit = hardLimits[mode];
  const clock = options.clock;
  const practice = !options.practice
    ? generatePractice({ patients: 200, seed: 1, today: clock.now().toISOString().slice(0, 10) })
    : 'patients' in options.practice && Array.isArray(options.practice.patients) ? (options.practice as OdPractice) : generatePractice(options.practice as PracticeOptions);
  const timeZone = options.timeZone ?? practice.clinics[0]?.timeZone ?? 'America/New_York';
  const now = (): string => formatOdDateTime(clock.now(), timeZone);
  const requests: StandInRequest[] = [];
  const receivedCommlogs: OdCommlog[] = [];
  const scripted: ScriptedAnswer[] = [];
  // Filtered lists are cached per query until the practice changes: a 100k-patient sync pages the same filter a hundred times.
  let version = 0;
  const cache = new Map<string, { version: number; rows: readonly object[] }>();
  const edit = new PracticeEditor(practice, now, () => void version++);
  const accepted = new Set(options.keys.map((k) => `${k.developerKey}/${k.customerKey}`));
  const permissionsOf = new Map(options.keys.map((k) => [`${k.developerKey}/${k.customerKey}`, k.permissions ? new Set(k.permissions) : null]));

  const routes: { method: string; pattern: RegExp; params: readonly string[]; handle: Handler }[] = [
    { method: 'GET', pattern: /^\/patients\/Simple$/i, params: ['LName', 'FName', 'Birthdate', 'ClinicNum', 'PatStatus', 'DateTStamp', 'PriProv', 'Guarantor'], handle: (q) => page('patients/Simple', q, () => filterPatients(q), simplePatient) },
    { method: 'GET', pattern: /^\/patients$/i, params: ['LName', 'FName', 'Birthdate', 'hideInactive', 'showArchived'], handle: (q) => page('patients', q, () => searchPatients(q), listedPatient) },
    { method: 'GET', pattern: /^\/patients\/(\d+)$/i, params: [], handle: (_q, _b, id) => ({ status: 200, body: fullPatient(found(practice.patients, (p) => p.PatNum === id, 'Patient')) }) },
    { method: 'GET', pattern: /^\/appointments$/i, params: ['PatNum', 'AptStatus', 'Op', 'date', 'dateStart', 'dateEnd', 'ClinicNum', 'DateTStamp'], handle: (q) => page('appointments', q, () => filterAppointments(q), fullAppointment) },
    { method: 'GET', pattern: /^\/appointments\/(\d+)$/i, params: [], handle: (_q, _b, id) => ({ status: 200, body: fullAppointment(found(practice.appointments, (a) => a.AptNum === id, 'Appointment')) }) },
    { method: 'POST', pattern: /^\/appointments$/i, params: [], handle: (_q, body) => createAppointment(body) },
    { method: 'PUT', pattern: /^\/appointments\/(\d+)\/Confirm$/i, params: [], handle: (_q, body, id) => confirmAppointment(id ?? 0, body) },
    { method: 'GET', pattern: /^\/procedurelogs$/i, params: ['PatNum', 'AptNum', 'ProcStatus', 'ClinicNum', 'DateTStamp'], handle: (q) => page('procedurelogs', q, () => filterProcedures(q), fullProcedure) },
    { method: 'GET', pattern: /^\/recalls$/i, params: ['PatNum'], handle: (q) => page('recalls', q, () => filterByPatNum(practice.recalls, q), (r) => ({ ...r, DisableUntilBalance: 0.0, DisableUntilDate: '0001-01-01', TimePatternOverride: '' })) },
    { method: 'GET', pattern: /^\/recalltypes$/i, params: [], handle: () => ({ status: 200, body: practice.recallTypes }) },
    { method: 'GET', pattern: /^\/treatplans$/i, params: ['PatNum', 'SecDateTEdit', 'TPStatus'], handle: (q) => page('treatplans', q, () => filterTreatPlans(q), fullTreatPlan) },
    { method: 'GET', pattern: /^\/commlogs$/i, params: ['PatNum', 'DateTStamp'], handle: (q) => page('commlogs', q, () => filterCommlogs(q), (c) => c) },
    { method: 'POST', pattern: /^\/commlogs$/i, params: [], handle: (_q, body) => createCommlog(body) },
  ];

  function page<T extends object>(name: string, query: Query, filter: () => readonly T[], render: (row: T, serverDateTime: string) => object): { status: number; body: unknown } {
    const limit = optionalInt(query, 'Limit');
    const offset = optionalInt(query, 'Offset') ?? 0;
    if (limit !== null && limit < 1) throw new ApiError(400, `Limit must be a positive number; it was ${limit}.`);
    if (offset < 0) throw new ApiError(400, `Offset must be zero or more; it was ${offset}.`);
    const key = `${name}?${[...query].filter(([k]) => k !== 'limit' && k !== 'offset').sort().map(([k, v]) => `${k}=${v}`).join('&')}`;
    let entry = cache.get(key);
    if (!entry || entry.version !== version) {
      entry = { version, rows: filter() };
      cache.set(key, entry);
    }
    const rows = entry.rows.slice(offset, offset + Math.min(limit ?? hardLimit, hardLimit)) as T[];
    // One server time per answer, as Open Dental stamps one page.
    const serverDateTime = now();
    return { status: 200, body: rows.map((row) => render(row, serverDateTime)) };
  }

  function filterPatients(q: Query): OdPatient[] {
    const since = stampParam(q, 'DateTStamp');
    const status = q.get('patstatus');
    const lname = q.get('lname')?.toLowerCase();
    const fname = q.get('fname')?.toLowerCase();
    const birthdate = dateParam(q, 'Birthdate');
    const clinic = optionalInt(q, 'ClinicNum');
    const provider = optionalInt(q, 'PriProv');
    const guarantor = optionalInt(q, 'Guarantor');
    if (status !== undefined && !['Patient', 'NonPatient', 'Inactive', 'Archived', 'Deceased', 'Prospective'].includes(status)) {
      throw new ApiError(400, 'PatStatus is invalid. Either "Patient", "NonPatient", "Inactive", "Archived", "Deceased", or "Prospective".');
    }
    return practice.patients.filter((p) => (since === null || p.DateTStamp >= since) && (status === undefined || p.PatStatus === status)
      && (lname === undefined || p.LName.toLowerCase().includes(lname)) && (fname === undefined || p.FName.toLowerCase().includes(fname))
      && (birthdate === null || p.Birthdate === birthdate) && (clinic === null || p.ClinicNum === clinic)
      && (provider === null || p.PriProv === provider) && (guarantor === null || p.Guarantor === guarantor));
  }

  function searchPatients(q: Query): OdPatient[] {
    const lname = q.get('lname')?.toLowerCase();
    const fname = q.get('fname')?.toLowerCase();
    const birthdate = dateParam(q, 'Birthdate');
    const hideInactive = q.get('hideinactive') === 'true';
    const showArchived = q.get('showarchived') === 'true';
    return practice.patients.filter((p) => p.PatStatus !== 'Deleted' && (showArchived || p.PatStatus !== 'Archived') && (!hideInactive || p.PatStatus !== 'Inactive')
      && (lname === undefined || p.LName.toLowerCase().includes(lname)) && (fname === undefined || p.FName.toLowerCase().includes(fname))
      && (birthdate === null || p.Birthdate === birthdate));
  }

  function filterAppointments(q: Query): OdAppointment[] {
    const since = stampParam(q, 'DateTStamp');
    const patNum = optionalInt(q, 'PatNum');
    const op = optionalInt(q, 'Op');
    const clinic = optionalInt(q, 'ClinicNum');
    const status = q.get('aptstatus');
    if (status !== undefined && !aptStatuses.includes(status as OdAppointment['AptStatus'])) throw new ApiError(400, 'AptStatus is invalid.');
    const day = dateParam(q, 'date');
    const start = day ?? dateParam(q, 'dateStart');
    const end = day ?? dateParam(q, 'dateEnd');
    return practice.appointments.filter((a) => (since === null || a.DateTStamp >= since) && (patNum === null || a.PatNum === patNum)
      && (op === null || a.Op === op) && (clinic === null || a.ClinicNum === clinic) && (status === undefined || a.AptStatus === status)
      && (start === null || a.AptDateTime.slice(0, 10) >= start) && (end === null || a.AptDateTime.slice(0, 10) <= end));
  }

  function filterProcedures(q: Query): OdProcedureLog[] {
    const since = stampParam(q, 'DateTStamp');
    const patNum = optionalInt(q, 'PatNum');
    const aptNum = optionalInt(q, 'AptNum');
    const clinic = optionalInt(q, 'ClinicNum');
    const status = q.get('procstatus');
    if (status !== undefined && !procStatuses.includes(status as OdProcedureLog['ProcStatus'])) {
      throw new ApiError(400, 'ProcStatus is invalid. Either "TP", "C", "EC", "EO", "R", "D", "Cn", or "TPi".');
    }
    return practice.procedureLogs.filter((p) => (since === null || p.DateTStamp >= since) && (patNum === null || p.PatNum === patNum)
      && (aptNum === null || p.AptNum === aptNum) && (clinic === null || p.ClinicNum === clinic) && (status === undefined || p.ProcStatus === status));
  }

  function filterTreatPlans(q: Query) {
    const since = stampParam(q, 'SecDateTEdit');
    const patNum = optionalInt(q, 'PatNum');
    const status = q.get('tpstatus');
    if (status !== undefined && !tpStatuses.includes(status as 'Saved')) throw new ApiError(400, 'TPStatus is invalid. Either "Saved", "Active", or "Inactive".');
    return practice.treatPlans.filter((t) => (since === null || t.SecDateTEdit >= since) && (patNum === null || t.PatNum === patNum) && (status === undefined || t.TPStatus === status));
  }

  function filterCommlogs(q: Query): OdCommlog[] {
    const since = stampParam(q, 'DateTStamp');
    return filterByPatNum(practice.commlogs, q).filter((c) => since === null || c.DateTStamp >= since);
  }

  function filterByPatNum<T extends { PatNum: number }>(rows: readonly T[], q: Query): T[] {
    const patNum = optionalInt(q, 'PatNum');
    return patNum === null ? [...rows] : rows.filter((r) => r.PatNum === patNum);
  }

  function createCommlog(body: unknown): { status: number; body: unknown; headers: Record<string, string> } {
    const input = objectBody(body);
    const patNum = requiredInt(input, 'PatNum');
    const patient = found(practice.patients, (p) => p.PatNum === patNum, 'Patient');
    if (patient.PatStatus === 'Deleted') throw new ApiError(400, 'Patient is deleted. A deleted patient and their resources may not be modified.');
    const note = input.Note;
    if (note === undefined || note === null || note === '') throw new ApiError(400, 'Note is required.');
    if (typeof note !== 'string') throw new ApiError(400, 'Note must be a string.');
    const at = input.CommDateTime;
    if (at !== undefined && (typeof at !== 'string' || !isOdDateTime(at))) {
      throw new ApiError(400, `CommDateTime is invalid: ${JSON.stringify(at)}. Use a string in "yyyy-MM-dd HH:mm:ss" format.`);
    }
    const mode = input.Mode_;
    if (mode !== undefined && !commModes.includes(mode as OdCommlog['Mode_'])) {
      throw new ApiError(400, `Mode_ is invalid: ${JSON.stringify(mode)}. Either ${commModes.map((m) => `"${m}"`).join(', ')}.`);
    }
    const direction = input.SentOrReceived;
    if (direction !== undefined && !sentOrReceivedValues.includes(direction as OdCommlog['SentOrReceived'])) {
      throw new ApiError(400, `SentOrReceived is invalid: ${JSON.stringify(direction)}. Either "Neither", "Sent", or "Received".`);
    }
    const commTypes = commTypeDefinitions;
    let type = defaultCommType;
    if (input.commType !== undefined) {
      const byName = commTypes.find((d) => d.ItemName === input.commType);
      if (!byName) throw new ApiError(400, `commType is invalid: ${JSON.stringify(input.commType)}. Use the ItemName of a definition in category 27: ${commTypes.map((d) => d.ItemName).join(', ')}.`);
      type = byName.DefNum;
    } else if (input.CommType !== undefined) {
      const byNum = commTypes.find((d) => d.DefNum === Number(input.CommType));
      if (!byNum) throw new ApiError(400, `CommType is invalid: ${JSON.stringify(input.CommType)}. Use a definition.DefNum where definition.Category=27.`);
      type = byNum.DefNum;
    }
    const commlog = edit.addCommlog({
      PatNum: patNum, Note: note, CommDateTime: at as string | undefined, CommType: type,
      Mode_: (mode as OdCommlog['Mode_'] | undefined) ?? 'Phone', SentOrReceived: (direction as OdCommlog['SentOrReceived'] | undefined) ?? 'Sent',
    });
    receivedCommlogs.push(commlog);
    return { status: 201, body: commlog, headers: { location: `${baseUrl}/commlogs/${commlog.CommlogNum}` } };
  }

  function confirmAppointment(aptNum: number, body: unknown): { status: number } {
    const input = objectBody(body);
    const appointment = found(practice.appointments, (a) => a.AptNum === aptNum, 'Appointment');
    const given = Object.keys(input);
    if (given.length !== 1 || !['confirmVal', 'defNum'].includes(given[0] ?? '')) {
      throw new ApiError(400, 'Only one field is allowed in the JSON object, either confirmVal or defNum.');
    }
    let defNum: number;
    if (input.confirmVal !== undefined) {
      if (!confirmVals.includes(input.confirmVal as 'None')) throw new ApiError(400, `confirmVal is invalid: ${JSON.stringify(input.confirmVal)}. Either "None", "Sent", "Confirmed", "Not Accepted", or "Failed".`);
      defNum = confirmValDefNums[input.confirmVal as string] as number;
    } else {
      defNum = Number(input.defNum);
      if (!confirmationDefinitions.some((d) => d.DefNum === defNum)) throw new ApiError(400, `defNum is invalid: ${JSON.stringify(input.defNum)}. Use a definition.DefNum where definition.Category=2.`);
    }
    edit.updateAppointment(appointment.AptNum, { Confirmed: defNum, confirmed: confirmationDefinitions.find((d) => d.DefNum === defNum)?.ItemName ?? '' });
    return { status: 200 };
  }

  function createAppointment(body: unknown): { status: number; body: unknown; headers: Record<string, string> } {
    const input = objectBody(body);
    const patNum = requiredInt(input, 'PatNum');
    const patient = found(practice.patients, (p) => p.PatNum === patNum, 'Patient');
    if (patient.PatStatus === 'Deleted') throw new ApiError(400, 'Patient is deleted. A deleted patient and their resources may not be modified.');
    const op = requiredInt(input, 'Op');
    const operatory = practice.operatories.find((o) => o.OperatoryNum === op);
    if (!operatory) throw new ApiError(400, `Op is invalid: ${op} is not an operatory.`);
    const at = input.AptDateTime;
    if (at === undefined) throw new ApiError(400, 'AptDateTime is required.');
    if (typeof at !== 'string' || !isOdDateTime(at)) throw new ApiError(400, `AptDateTime is invalid: ${JSON.stringify(at)}. Use a string in "yyyy-MM-dd HH:mm:ss" format.`);
    const status = input.AptStatus ?? 'Scheduled';
    if (!['Scheduled', 'Complete', 'UnschedList', 'PtNote', 'PtNoteCompleted'].includes(status as string)) {
      throw new ApiError(400, 'AptStatus is invalid. Either "Scheduled", "Complete", "UnschedList", "PtNote", or "PtNoteCompleted".');
    }
    const pattern = input.Pattern ?? '/XX/';
    if (typeof pattern !== 'string' || !/^[X/]+$/.test(pattern)) throw new ApiError(400, "Pattern is invalid. Use a string of 'X' and '/' characters only.");
    const appointment = edit.addAppointment({
      PatNum: patNum, AptDateTime: at, AptStatus: status as OdAppointment['AptStatus'], Op: op, ClinicNum: operatory.ClinicNum,
      ProvNum: typeof input.ProvNum === 'number' ? input.ProvNum : patient.PriProv, ProvHyg: typeof input.ProvHyg === 'number' ? input.ProvHyg : 0,
      minutes: pattern.length * 5, IsHygiene: input.IsHygiene === 'true', Priority: input.Priority === 'ASAP' ? 'ASAP' : 'Normal',
      Note: typeof input.Note === 'string' ? input.Note : '',
    });
    appointment.Pattern = pattern;
    return { status: 201, body: fullAppointment(appointment), headers: { location: `${baseUrl}/appointments/${appointment.AptNum}` } };
  }

  const simplePatient = (p: OdPatient, serverDateTime: string): object => ({ serverDateTime, ...fullPatient(p) });
  const listedPatient = (p: OdPatient): object => ({
    PatNum: p.PatNum, LName: p.LName, FName: p.FName, MiddleI: p.MiddleI, Preferred: p.Preferred, PatStatus: p.PatStatus, Birthdate: p.Birthdate,
    SSN: '', Address: p.Address, Address2: '', City: p.City, State: p.State, Zip: p.Zip, HmPhone: p.HmPhone, WkPhone: p.WkPhone,
    WirelessPhone: p.WirelessPhone, Email: p.Email, priProvAbbr: providerAbbr(p.PriProv), secProvAbbr: '', BillingType: 'Standard Account',
    ChartNumber: '', ClinicNum: p.ClinicNum, clinicAbbr: clinicAbbr(p.ClinicNum), siteDesc: '', TxtMsgOk: p.TxtMsgOk,
  });
  function fullPatient(p: OdPatient): object {
    return {
      PatNum: p.PatNum, LName: p.LName, FName: p.FName, MiddleI: p.MiddleI, Preferred: p.Preferred, PatStatus: p.PatStatus, Gender: p.Gender,
      Position: 'Single', Birthdate: p.Birthdate, SSN: '', Address: p.Address, Address2: '', City: p.City, State: p.State, Zip: p.Zip,
      HmPhone: p.HmPhone, WkPhone: p.WkPhone, WirelessPhone: p.WirelessPhone, Guarantor: p.Guarantor, Email: p.Email, EstBalance: 0.0,
      PriProv: p.PriProv, priProvAbbr: providerAbbr(p.PriProv), SecProv: p.SecProv, secProvAbbr: providerAbbr(p.SecProv), FeeSched: 0,
      BillingType: 'Standard Account', ImageFolder: `${p.LName}${p.FName}${p.PatNum}`.replace(/[^A-Za-z0-9]/g, ''), FamFinUrgNote: '', ChartNumber: '',
      MedicaidID: '', BalTotal: 0.0, EmployerNum: 0, DateFirstVisit: p.DateFirstVisit ?? '0001-01-01', ClinicNum: p.ClinicNum,
      clinicAbbr: clinicAbbr(p.ClinicNum), Premed: 'false', Ward: '', PreferConfirmMethod: p.PreferConfirmMethod, PreferContactMethod: p.PreferContactMethod,
      PreferRecallMethod: p.PreferRecallMethod, Language: p.Language, AdmitDate: '0001-01-01', siteDesc: '', DateTStamp: p.DateTStamp,
      SuperFamily: 0, TxtMsgOk: p.TxtMsgOk, SecDateEntry: p.SecDateEntry ?? '0001-01-01',
    };
  }
  function fullAppointment(a: OdAppointment, serverDateTime = now()): object {
    return {
      serverDateTime, AptNum: a.AptNum, PatNum: a.PatNum, AptStatus: a.AptStatus, Pattern: a.Pattern, Confirmed: a.Confirmed,
      confirmed: a.confirmed, TimeLocked: 'false', Op: a.Op, Note: a.Note, ProvNum: a.ProvNum, provAbbr: providerAbbr(a.ProvNum), ProvHyg: a.ProvHyg,
      AptDateTime: a.AptDateTime, NextAptNum: 0, UnschedStatus: 0, unschedStatus: '', IsNewPatient: 'false', ProcDescript: a.ProcDescript,
      Assistant: 0, ClinicNum: a.ClinicNum, IsHygiene: a.IsHygiene, DateTStamp: a.DateTStamp, DateTimeArrived: '0001-01-01 00:00:00',
      DateTimeSeated: '0001-01-01 00:00:00', DateTimeDismissed: '0001-01-01 00:00:00', InsPlan1: 0, InsPlan2: 0,
      DateTimeAskedToArrive: '0001-01-01 00:00:00', colorOverride: '0,0,0', AppointmentTypeNum: 0, SecUserNumEntry: 0,
      SecDateTEntry: a.DateTStamp, Priority: a.Priority, PatternSecondary: '/'.repeat(a.Pattern.length), ItemOrderPlanned: 0,
    };
  }
  function fullProcedure(p: OdProcedureLog, serverDateTime: string): object {
    return {
      ProcNum: p.ProcNum, PatNum: p.PatNum, AptNum: p.AptNum, ProcDate: p.ProcDate, ProcFee: p.ProcFee, Surf: '', ToothNum: '', ToothRange: '',
      Priority: 0, priority: '', ProcStatus: p.ProcStatus, ProvNum: p.ProvNum, provAbbr: providerAbbr(p.ProvNum), Dx: 0, dxName: '',
      PlannedAptNum: 0, PlaceService: 'Office', Prosthesis: '', DateOriginalProsth: '0001-01-01', ClaimNote: '', DateEntryC: p.ProcDate,
      ClinicNum: p.ClinicNum, CodeNum: p.CodeNum, procCode: p.procCode, descript: p.descript, UnitQty: 1, BaseUnits: 0, DateTP: p.DateTP,
      SiteNum: 0, HideGraphics: 'false', CanadianTypeCodes: '', ProcTime: '00:00:00', ProcTimeEnd: '00:00:00', DateTStamp: p.DateTStamp,
      Prognosis: 0, IsLocked: 'false', BillingNote: '', Discount: 0.0, IsDateProsthEst: 'false', SecDateEntry: p.DateTStamp, serverDateTime,
    };
  }
  function fullTreatPlan(t: OdPractice['treatPlans'][number]): object {
    return {
      ...t, SigIsTopaz: 'false', ResponsParty: 0, DocNum: 0, SecUserNumEntry: 0, UserNumPresenter: 0, DateTSigned: '0001-01-01 00:00:00',
      DateTPracticeSigned: '0001-01-01 00:00:00', SignatureText: '', SignaturePracticeText: '', isSigned: 'false', isSignedPractice: 'false',
    };
  }
  const providerAbbr = (provNum: number): string => practice.providers.find((p) => p.ProvNum === provNum)?.Abbr ?? '';
  const clinicAbbr = (clinicNum: number): string => practice.clinics.find((c) => c.ClinicNum === clinicNum)?.Abbr ?? '';

  function authorize(header: string | undefined): StandInRequest['authorization'] {
    if (header === undefined || header === '') return 'missing';
    const match = /^ODFHIR (\S+)\/(\S+)$/.exec(header.trim());
    if (!match) return 'malformed';
    return accepted.has(`${match[1]}/${match[2]}`) ? 'accepted' : 'refused';
  }

  async function handle(req: IncomingMessage, res: ServerResponse, rawBody: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const logged: StandInRequest = { method: req.method ?? '', path: url.pathname, query: url.searchParams, authorization: authorize(req.headers.authorization), status: 'pending' };
    requests.push(logged);
    const answer = (status: number, body?: unknown, headers: Record<string, string> = {}): void => {
      logged.status = status;
      const text = body === undefined ? '' : JSON.stringify(body);
      res.writeHead(status, { ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }), ...headers });
      res.end(text);
    };

    const script = scripted.shift();
    if (script && 'reset' in script) {
      logged.status = 'reset';
      res.socket?.destroy();
      return;
    }
    if (script && 'delayMs' in script) await new Promise((resolve) => setTimeout(resolve, script.delayMs));
    if (script && 'status' in script) {
      const headers: Record<string, string> = script.retryAfter !== undefined ? { 'retry-after': String(script.retryAfter) } : {};
      // A 5xx from Open Dental's ASP.NET host carries its standard body; a 429 a short sentence.
      const body = script.message ?? (script.status >= 500 ? { Message: 'An error has occurred.' } : script.status === 429 ? 'Too many requests. Wait before sending more.' : `Error ${script.status}.`);
      answer(script.status, body, headers);
      return;
    }

    if (logged.authorization === 'missing' || logged.authorization === 'malformed') {
      answer(401, 'Authorization header is missing or invalid. Use "ODFHIR {DeveloperKey}/{CustomerKey}".');
      return;
    }
    if (logged.authorization === 'refused') {
      answer(401, 'Invalid developer key or customer key, or the API is not enabled for this office.');
      return;
    }
    const granted = permissionsOf.get(/^ODFHIR (\S+\/\S+)$/.exec((req.headers.authorization ?? '').trim())?.[1] ?? '');
    if (!url.pathname.toLowerCase().startsWith('/api/v1/')) {
      answer(404, `Resource not found: ${url.pathname}`);
      return;
    }
    const path = url.pathname.slice('/api/v1'.length);
    const route = routes.find((r) => r.pattern.test(path) && r.method === req.method);
    if (!route) {
      const exists = routes.some((r) => r.pattern.test(path));
      answer(exists ? 405 : 404, exists ? `The requested resource does not support http method '${req.method}'.` : `Resource not found: ${url.pathname}`);
      return;
    }
    const needed = permissionNeeded(req.method ?? '', path);
    if (granted && !granted.has(needed)) {
      answer(403, `This API key does not have the permission "${needed}". The office can grant it in the API Setup window.`);
      return;
    }
    try {
      const query = readQuery(url.searchParams, route.params);
      const body = rawBody === '' ? undefined : parseJson(rawBody);
      const id = route.pattern.exec(path)?.[1];
      const result = route.handle(query, body, id === undefined ? null : Number(id));
      answer(result.status, result.body, result.headers);
    } catch (error) {
      if (error instanceof ApiError) answer(error.status, error.message);
      else answer(500, { Message: 'An error has occurred.' });
    }
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void handle(req, res, Buffer.concat(chunks).toString('utf8')).catch(() => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
          res.end(JSON.stringify({ Message: 'An error has occurred.' }));
        }
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://${options.host ?? '127.0.0.1'}:${port}/api/v1`;

  return {
    baseUrl,
    mode,
    practice,
    requests,
    receivedCommlogs,
    edit,
    serverDateTime: now,
    nextAnswers: (answers) => void scripted.push(...answers),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Query parameters by lower-cased name; Offset and Limit everywhere, the route's own, and nothing else. */
function readQuery(params: URLSearchParams, allowed: readonly string[]): Query {
  const known = new Set(['offset', 'limit', ...allowed.map((a) => a.toLowerCase())]);
  const query = new Map<string, string>();
  for (const [name, value] of params) {
    if (!known.has(name.toLowerCase())) throw new ApiError(400, `'${name}' is not a valid parameter.`);
    query.set(name.toLowerCase(), value);
  }
  return query;
}

function optionalInt(query: Query, name: string): number | null {
  const text = query.get(name.toLowerCase());
  if (text === undefined) return null;
  if (!/^-?\d+$/.test(text)) throw new ApiError(400, `${name} is invalid: "${text}" is not a whole number.`);
  return Number(text);
}

function stampParam(query: Query, name: string): string | null {
  const text = query.get(name.toLowerCase());
  if (text === undefined) return null;
  if (isOdDate(text)) return `${text} 00:00:00`;
  if (!isOdDateTime(text)) throw new ApiError(400, `${name} is invalid: "${text}". Use a string in "yyyy-MM-dd HH:mm:ss" format.`);
  return text;
}

function dateParam(query: Query, name: string): string | null {
  const text = query.get(name.toLowerCase());
  if (text === undefined) return null;
  if (!isOdDate(text)) throw new ApiError(400, `${name} is invalid: "${text}". Use a string in "yyyy-MM-dd" format.`);
  return text;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'The request body is not valid JSON.');
  }
}

function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'The request body must be a JSON object.');
  return body as Record<string, unknown>;
}

function requiredInt(input: Record<string, unknown>, name: string): number {
  const value = input[name];
  if (value === undefined || value === null || value === '') throw new ApiError(400, `${name} is required.`);
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(number) || number <= 0) throw new ApiError(400, `${name} is invalid: ${JSON.stringify(value)} is not a positive whole number.`);
  return number;
}

function found<T>(rows: readonly T[], match: (row: T) => boolean, what: string): T {
  const row = rows.find(match);
  if (row === undefined) throw new ApiError(404, `${what} not found.`);
  return row;
}

/** The API Permissions page's name for what a request does. */
function permissionNeeded(method: string, path: string): string {
  if (method === 'GET') return 'Read All';
  if (/^\/appointments\/\d+\/Confirm$/i.test(path)) return 'Appointments PUT Confirm';
  const resource = path.split('/')[1] ?? '';
  return `${resource.charAt(0).toUpperCase()}${resource.slice(1).toLowerCase()} ${method}`;
}

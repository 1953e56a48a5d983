import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import type { OdAppointment, OdCommlog, OdPatient, OdProcedureLog, OdRecall } from '../../../src/connectors/open-dental/api-types.js';
import { OpenDentalClient } from '../../../src/connectors/open-dental/client.js';
import { mapAppointments, mapCommlogs, mapPatients, mapProcedureLogs, mapRecalls } from '../../../src/connectors/open-dental/map-records.js';
import { defaultRecallTypes } from '../../../src/connectors/open-dental/stand-in/practice.js';
import { startOpenDentalStandIn, type OpenDentalStandIn } from '../../helpers/open-dental-stand-in.js';

/** A patients/Simple row with every field of the documented example (apipatients.html), values ours. */
function simplePatient(overrides: Partial<OdPatient>): OdPatient {
  return {
    serverDateTime: '2026-05-04 10:00:00', PatNum: 48, LName: 'Rivera', FName: 'Ana', MiddleI: '', Preferred: 'Anita', PatStatus: 'Patient',
    Gender: 'Female', Position: 'Single', Birthdate: '1976-05-24', SSN: '', Address: '125 Satin Heights', Address2: '', City: 'Tampa', State: 'FL',
    Zip: '33606', HmPhone: '', WkPhone: '', WirelessPhone: '(813)274-0155', Guarantor: 48, Email: 'ana.rivera@example.com', EstBalance: 0.0,
    PriProv: 1, priProvAbbr: 'DOC1', SecProv: 0, secProvAbbr: '', FeeSched: 0, BillingType: 'Standard Account', ImageFolder: 'RiveraAna48',
    FamFinUrgNote: '', ChartNumber: '', MedicaidID: '', BalTotal: 0.0, EmployerNum: 0, DateFirstVisit: '2021-12-16', ClinicNum: 2,
    clinicAbbr: 'AUS', Premed: 'false', Ward: '', PreferConfirmMethod: 'None', PreferContactMethod: 'WirelessPh', PreferRecallMethod: 'TextMessage',
    Language: 'spa', AdmitDate: '0001-01-01', siteDesc: '', DateTStamp: '2021-12-08 15:34:34', SuperFamily: 0, TxtMsgOk: 'Yes', SecDateEntry: '2021-12-04',
    ...overrides,
  };
}

/** An appointments row with the documented example's fields (apiappointments.html). */
function appointment(overrides: Partial<OdAppointment>): OdAppointment {
  return {
    serverDateTime: '2026-05-04 10:00:00', AptNum: 4, PatNum: 20, AptStatus: 'Scheduled', Pattern: '//XXXX//', Confirmed: 19, confirmed: 'Not Called',
    TimeLocked: 'false', Op: 2, Note: '', ProvNum: 3, provAbbr: 'DOC2', ProvHyg: 0, AptDateTime: '2026-07-31 09:00:00', NextAptNum: 0,
    UnschedStatus: 0, unschedStatus: '', IsNewPatient: 'false', ProcDescript: 'Ex, PA', ClinicNum: 0, IsHygiene: 'false',
    DateTStamp: '2026-05-03 08:30:12', DateTimeArrived: '0001-01-01 00:00:00', DateTimeSeated: '0001-01-01 00:00:00',
    DateTimeDismissed: '0001-01-01 00:00:00', InsPlan1: 35, InsPlan2: 0, DateTimeAskedToArrive: '0001-01-01 00:00:00', colorOverride: '0,0,0',
    AppointmentTypeNum: 0, SecUserNumEntry: 0, SecDateTEntry: '2026-04-04 09:12:05', Priority: 'Normal', PatternSecondary: '////////', ItemOrderPlanned: 0,
    ...overrides,
  };
}

function procedure(overrides: Partial<OdProcedureLog>): OdProcedureLog {
  return {
    ProcNum: 1, PatNum: 1, AptNum: 12, ProcDate: '2026-04-01', ProcFee: '255.00', Surf: 'MODL', ToothNum: '4', ToothRange: '', Priority: 0, priority: '',
    ProcStatus: 'C', ProvNum: 1, provAbbr: 'DOC1', Dx: 0, dxName: '', PlannedAptNum: 0, PlaceService: 'Office', ClinicNum: 0, CodeNum: 2,
    procCode: 'D0120', descript: 'periodic oral evaluation - established patient', UnitQty: 1, DateTP: '2026-04-01', DateTStamp: '2026-04-03 05:30:06',
    serverDateTime: '2026-05-04 10:00:00',
    ...overrides,
  };
}

function recall(overrides: Partial<OdRecall>): OdRecall {
  return {
    RecallNum: 40, PatNum: 38, DateDue: '2026-09-09', DatePrevious: '2026-03-08', RecallInterval: '6m1d', RecallStatus: 142, recallStatus: 'Mailed Postcard',
    Note: '', IsDisabled: 'false', DateTStamp: '2026-03-08 10:05:47', RecallTypeNum: 1, DisableUntilBalance: 0.0, DisableUntilDate: '0001-01-01',
    DateScheduled: '0001-01-01', Priority: 'Normal', TimePatternOverride: '',
    ...overrides,
  };
}

function commlog(overrides: Partial<OdCommlog>): OdCommlog {
  return {
    CommlogNum: 2, PatNum: 15, CommDateTime: '2026-02-07 03:25:29', CommType: '239', commType: 'Misc', Note: 'Left msg on answering machine',
    Mode_: 'Phone', SentOrReceived: 'Sent', UserNum: 1, DateTStamp: '2026-02-07 03:26:16', CommSource: 'User', ProgramNum: 0,
    DateTEntry: '2026-02-07 03:26:16', ReferralNum: 0,
    ...overrides,
  };
}

describe('mapping Open Dental API rows to the importers\' records', () => {
  it('maps patients with their contact fields, text consent, preferred method and status, and no warning for the API\'s extra fields', async () => {
    const { records, problems } = await mapPatients([
      simplePatient({}),
      simplePatient({ PatNum: 49, PatStatus: 'Deleted', Birthdate: '0001-01-01', TxtMsgOk: 'Unknown', PreferRecallMethod: 'DoNotCall', ClinicNum: 0, Guarantor: 48, Email: '', WirelessPhone: '', HmPhone: '555-01' }),
      simplePatient({ PatNum: 50, PatStatus: 'Deceased', Language: '', TxtMsgOk: 'No', PreferRecallMethod: 'Email', WirelessPhone: '' }),
    ]);
    expect(records.map((r) => [r.externalId, r.status, r.birthDate, r.language, r.preferredChannel, r.consents, r.locationExternalId, r.guarantorExternalId])).toEqual([
      ['48', 'active', '1976-05-24', 'es', 'sms', { sms: true, voice: null, email: null }, '2', '48'],
      ['49', 'archived', null, 'es', null, { sms: null, voice: false, email: null }, null, '48'],
      ['50', 'deceased', '1976-05-24', null, 'email', { sms: false, voice: null, email: null }, '2', '48'],
    ]);
    expect(records[0]).toMatchObject({ firstName: 'Ana', lastName: 'Rivera', preferredName: 'Anita', sex: 'female', providerExternalId: '1', address: { address1: '125 Satin Heights', city: 'Tampa', state: 'FL', zip: '33606' } });
    expect(records[0]?.contactPoints.map((c) => [c.kind, c.use, c.value, c.isValid])).toEqual([['phone', 'mobile', '+18132740155', true], ['email', 'home', 'ana.rivera@example.com', true]]);
    expect(records[1]?.contactPoints.map((c) => [c.use, c.isValid])).toEqual([['home', false]]);
    expect(problems.map((p) => [p.line, p.column, p.severity])).toEqual([[2, 'HmPhone', 'warning']]);
  });

  it('cites the endpoint and the row\'s place in the whole list when a row is refused', async () => {
    const { records, problems } = await mapPatients([simplePatient({ PatNum: 1001 }), simplePatient({ PatNum: 1002, FName: '' })], { offset: 1000 });
    expect(records.map((r) => [r.externalId, r.origin])).toEqual([['1001', { file: 'Open Dental /patients/Simple', line: 1001 }]]);
    expect(problems).toEqual([{ file: 'Open Dental /patients/Simple', line: 1002, column: 'FName', value: '', severity: 'error', message: 'is empty; first_name is required' }]);
  });

  it('maps appointments of every status: broken is a no-show, the Unscheduled List a cancellation, planned and ASAP are not on the schedule', async () => {
    const { records, problems } = await mapAppointments([
      appointment({ AptNum: 1, AptStatus: 'Scheduled' }),
      appointment({ AptNum: 2, AptStatus: 'Complete', ClinicNum: 3, Op: 0 }),
      appointment({ AptNum: 3, AptStatus: 'Broken' }),
      appointment({ AptNum: 4, AptStatus: 'UnschedList' }),
      appointment({ AptNum: 5, AptStatus: 'Planned' }),
      appointment({ AptNum: 6, AptStatus: 'ASAP' }),
    ]);
    expect(records.map((r) => [r.externalId, r.status, r.locationExternalId, r.chair])).toEqual([
      ['1', 'scheduled', null, '2'], ['2', 'completed', '3', null], ['3', 'no_show', null, '2'], ['4', 'cancelled', null, '2'],
    ]);
    expect(records[0]).toMatchObject({ patientExternalId: '20', start: { local: '2026-07-31T09:00:00', offset: null }, durationMinutes: 40, type: 'Ex, PA', providerExternalId: '3' });
    expect(problems.map((p) => [p.line, p.severity, p.message])).toEqual([
      [5, 'warning', 'AptStatus Planned is a treatment-plan placeholder; the row was skipped'],
      [6, 'warning', 'AptStatus ASAP is not on the schedule; the row was skipped'],
    ]);
  });

  it('maps completed and treatment-planned procedures with the CDT code (procCode, not CodeNum) and the fee in cents', async () => {
    const { records, problems } = await mapProcedureLogs([
      procedure({}),
      procedure({ ProcNum: 34, PatNum: 46, AptNum: 0, ProcDate: '2026-07-06', ProcFee: '1250.00', ProcStatus: 'TP', CodeNum: 176, procCode: 'D2740', descript: 'crown - porcelain/ceramic' }),
      procedure({ ProcNum: 35, ProcStatus: 'D' }),
    ]);
    expect(records.map((r) => [r.externalId, r.patientExternalId, r.codeSystem, r.code, r.status, r.date, r.feeCents, r.appointmentExternalId])).toEqual([
      ['1', '1', 'CDT', 'D0120', 'completed', '2026-04-01', 25500, '12'],
      ['34', '46', 'CDT', 'D2740', 'planned', '2026-07-06', 125000, null],
    ]);
    expect(problems.map((p) => p.message)).toEqual(['ProcStatus D is deleted; the row was skipped']);
  });

  it('names recalls by their type and skips one that has never come due', async () => {
    const { records, problems } = await mapRecalls([
      recall({}),
      recall({ RecallNum: 41, PatNum: 39, RecallTypeNum: 3, RecallInterval: '3m1d', DateScheduled: '2026-09-01', IsDisabled: 'true' }),
      recall({ RecallNum: 42, DateDue: '0001-01-01', DatePrevious: '0001-01-01' }),
    ], defaultRecallTypes);
    expect(records.map((r) => [r.patientExternalId, r.recallType, r.dueDate, r.interval, r.previousDate, r.scheduledDate, r.disabled])).toEqual([
      ['38', 'Prophy', '2026-09-09', '6m1d', '2026-03-08', null, false],
      ['39', 'Perio', '2026-09-09', '3m1d', '2026-03-08', '2026-09-01', true],
    ]);
    expect(problems.map((p) => [p.line, p.message])).toEqual([[3, 'DateDue 0001-01-01: the recall has never come due; the row was skipped']]);
  });

  it('maps comm logs by Mode_ and SentOrReceived as the API spells them; in-person visits are not outreach', async () => {
    const { records, problems } = await mapCommlogs([
      commlog({}),
      commlog({ CommlogNum: 3, Mode_: 'Text', SentOrReceived: 'Received', Note: 'Yes, see you then' }),
      commlog({ CommlogNum: 4, Mode_: 'Email and Text' }),
      commlog({ CommlogNum: 5, Mode_: 'Mail' }),
      commlog({ CommlogNum: 6, Mode_: 'In Person' }),
    ]);
    expect(records.map((r) => [r.channel, r.direction, r.at])).toEqual([
      ['voice', 'out', { local: '2026-02-07T03:25:29', offset: null }], ['sms', 'in', { local: '2026-02-07T03:25:29', offset: null }],
      ['sms', 'out', { local: '2026-02-07T03:25:29', offset: null }], ['letter', 'out', { local: '2026-02-07T03:25:29', offset: null }],
    ]);
    expect(problems.map((p) => [p.line, p.message])).toEqual([[5, 'Mode_ "In Person" is not an outreach; the row was skipped']]);
  });
});

describe('mapping what the stand-in serves', () => {
  let standIn: OpenDentalStandIn;
  const keys = { developerKey: 'dev-map', customerKey: 'cust-map' };

  beforeAll(async () => {
    standIn = await startOpenDentalStandIn({ clock: fixedClock('2026-05-04T14:00:00Z'), keys: [keys], practice: { patients: 400, seed: 21, today: '2026-05-04' } });
  });
  afterAll(async () => standIn.close());

  it('reads every generated row into records, with only the problems the demo clinic plants on purpose', async () => {
    const client = new OpenDentalClient({ mode: 'service', url: standIn.baseUrl, ...keys });
    const recallTypes = await client.recallTypes();
    let patients = 0;
    let appointments = 0;
    let procedures = 0;
    let recalls = 0;
    let contacts = 0;
    const errors: string[] = [];
    for await (const page of client.patients()) {
      const batch = await mapPatients(page.rows, page);
      patients += batch.records.length;
      errors.push(...batch.problems.filter((p) => p.severity === 'error').map((p) => p.message));
    }
    for await (const page of client.appointments()) {
      const batch = await mapAppointments(page.rows, page);
      appointments += batch.records.length;
      errors.push(...batch.problems.filter((p) => p.severity === 'error').map((p) => p.message));
    }
    for await (const page of client.procedureLogs()) {
      const batch = await mapProcedureLogs(page.rows, page);
      procedures += batch.records.length;
      errors.push(...batch.problems.filter((p) => p.severity === 'error').map((p) => p.message));
    }
    for await (const page of client.recalls()) {
      const batch = await mapRecalls(page.rows, recallTypes, page);
      recalls += batch.records.length;
      errors.push(...batch.problems.filter((p) => p.severity === 'error').map((p) => p.message));
    }
    for await (const page of client.commlogs()) {
      const batch = await mapCommlogs(page.rows, page);
      contacts += batch.records.length;
      errors.push(...batch.problems.filter((p) => p.severity === 'error').map((p) => p.message));
    }
    const practice = standIn.practice;
    expect(errors).toEqual([]);
    expect(patients).toBe(practice.patients.length);
    expect(appointments).toBe(practice.appointments.filter((a) => a.AptStatus !== 'Planned' && a.AptStatus !== 'ASAP').length);
    expect(procedures).toBe(practice.procedureLogs.length);
    expect(recalls).toBe(practice.recalls.length);
    expect(contacts).toBe(practice.commlogs.length);
  });
});

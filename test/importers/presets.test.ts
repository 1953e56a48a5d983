import { createReadStream, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseColumnOverrides } from '../../src/importers/csv/column-overrides.js';
import { importCsv } from '../../src/importers/csv/import-table.js';
import { collectBatches } from '../../src/importers/import-batch.js';
import { importJsonTable } from '../../src/importers/json/import-json-table.js';
import { findPreset } from '../../src/importers/presets/find-preset.js';
import { formatProblem } from '../../src/importers/problem.js';

const path = (dir: string, name: string) => fileURLToPath(new URL(`../fixtures/${dir}/${name}`, import.meta.url));
const openDental = findPreset('Open Dental')!;
const dentrix = findPreset('dentrix')!;
const athena = findPreset('athenahealth')!;

describe('Open Dental preset', () => {
  it('maps a patient export, translating PatStatus, TxtMsgOk and PreferRecallMethod codes', async () => {
    const { records, problems } = await collectBatches(importCsv('patients', createReadStream(path('handmade', 'open-dental-patients.csv')), { file: 'patient.csv', preset: openDental }));
    expect(records.map((r) => [r.externalId, r.status])).toEqual([['1001', 'active'], ['1002', 'active'], ['1003', 'deceased'], ['1004', 'active'], ['1005', 'archived']]);
    const [maria, luis, henry, wei, rosa] = records;
    expect(maria).toMatchObject({
      firstName: 'Maria', lastName: 'Alvarez', preferredName: 'Mari', birthDate: '1979-11-02', sex: 'female', language: 'es',
      preferredChannel: 'sms', consents: { sms: true, voice: null }, guarantorExternalId: '1001', locationExternalId: '1', providerExternalId: '3',
      address: { address1: '12 W Oak St', city: 'Chicago', state: 'IL', zip: '60610' },
    });
    expect(maria?.contactPoints.map((c) => [c.use, c.value])).toEqual([['mobile', '+17735550182'], ['home', '+17735550100'], ['home', 'maria.alvarez@example.com']]);
    // DoNotCall is a recall method in Open Dental, but it means "no calls".
    expect(luis).toMatchObject({ preferredChannel: null, consents: { sms: false, voice: false }, language: 'en' });
    // 0001-01-01 is Open Dental's "no date", and 0 means "no clinic / no provider".
    expect(henry).toMatchObject({ birthDate: null, locationExternalId: null, providerExternalId: null, preferredChannel: null });
    expect(wei).toMatchObject({ sex: 'unknown', language: 'zh', preferredChannel: 'email' });
    expect(rosa?.preferredChannel).toBe('letter');
    expect(problems.map(formatProblem)).toEqual([
      'patient.csv line 5, column "Email": "wei.chen@example" is not a valid email address; use e.g. jane.doe@example.com; kept but flagged invalid',
    ]);
  });

  it('maps a Recall List export, unpacking intervals and treating 0001-01-01 as no date', async () => {
    const { records, problems } = await collectBatches(importCsv('recalls', createReadStream(path('handmade', 'open-dental-recall-list.csv')), { file: 'recall-list.csv', preset: openDental }));
    expect(records).toEqual([
      expect.objectContaining({ patientExternalId: '1001', recallType: 'Prophy', dueDate: '2026-07-15', interval: '6m', disabled: false, previousDate: '2026-01-15', scheduledDate: null }),
      expect.objectContaining({ patientExternalId: '1002', recallType: 'Child Prophy', dueDate: '2026-08-01', interval: '6m1d', scheduledDate: '2026-07-30' }),
    ]);
    expect(problems.map(formatProblem)).toEqual([
      'recall-list.csv line 1, column "DateDue": also maps to due_date, which is already read from column "Due Date"; this column was ignored',
      'recall-list.csv line 1, column "RecallInterval": also maps to interval, which is already read from column "Interval"; this column was ignored',
      'recall-list.csv line 4, column "Due Date": is empty; due_date is required',
      'recall-list.csv line 5, column "Due Date": "09/31/2026" is not a real calendar date; use YYYY-MM-DD or MM/DD/YYYY, e.g. 1984-03-21; the row was not imported',
    ]);
  });

  it('reads the same recall file from the packed database columns when --map points there', async () => {
    const { overrides } = parseColumnOverrides(['Due Date=', 'Interval=', 'DateDue=due_date', 'RecallInterval=interval']);
    const { records } = await collectBatches(importCsv('recalls', createReadStream(path('handmade', 'open-dental-recall-list.csv')), { file: 'recall-list.csv', preset: openDental, overrides }));
    expect(records.map((r) => [r.patientExternalId, r.dueDate, r.interval, r.disabled])).toEqual([['1001', '2026-07-15', '6m', false], ['1002', '2026-08-01', '6m1d', false]]);
  });

  it('skips appointment rows that are not on the schedule, saying why', async () => {
    const csv = 'AptNum,PatNum,AptDateTime,AptStatus,ProvNum,ClinicNum,ProcDescript,Pattern\n'
      + '9001,1001,2026-05-04 09:30:00,1,3,1,"PerEx, Pro",XXXX//\n'
      + '9002,1001,2026-01-15 09:30:00,2,3,1,Pro,XXX\n'
      + '9003,1002,2026-02-01 10:00:00,5,0,0,,XX\n'
      + '9004,1003,2026-06-01 08:00:00,6,3,1,Crown,XX\n';
    const { records, problems } = await collectBatches(importCsv('appointments', [csv], { file: 'appointment.csv', preset: openDental }));
    expect(records.map((r) => [r.externalId, r.status, r.providerExternalId, r.type])).toEqual([
      ['9001', 'scheduled', '3', 'PerEx, Pro'], ['9002', 'completed', '3', 'Pro'], ['9003', 'no_show', null, null],
    ]);
    expect(problems.map(formatProblem)).toEqual(['appointment.csv line 5, column "AptStatus": AptStatus 6 (Planned) is a treatment-plan placeholder; the row was skipped']);
  });
});

describe('Dentrix Continuing Care preset', () => {
  it('maps the list columns; "+" in Appt? is another appointment, not a date for this recall', async () => {
    const { records, problems } = await collectBatches(importCsv('recalls', createReadStream(path('handmade', 'dentrix-continuing-care.csv')), { file: 'cc-list.csv', preset: dentrix }));
    expect(records).toEqual([
      expect.objectContaining({ patientExternalId: 'NG0001', recallType: 'PROPHY', dueDate: '2026-07-15', scheduledDate: '2026-07-20', previousDate: '2026-01-14', interval: '6m' }),
      expect.objectContaining({ patientExternalId: 'NG0001', recallType: 'BWX', dueDate: '2027-01-14', scheduledDate: null, interval: '24m' }),
      expect.objectContaining({ patientExternalId: 'OK0002', recallType: 'PERIO', dueDate: '2026-06-30', interval: '3m1d' }),
    ]);
    expect(problems.map(formatProblem)).toEqual([
      'cc-list.csv line 5, column "Date": "13/01/2026" is not a real calendar date; use YYYY-MM-DD or MM/DD/YYYY, e.g. 1984-03-21; the row was not imported',
    ]);
  });
});

describe('--map overrides', () => {
  it('maps any other export column by column and reports mistakes in the mapping', async () => {
    const { overrides, problems: flagProblems } = parseColumnOverrides(['Acct=patient_id', 'Given=first_name', 'Family=last_name', 'Cell #=mobile_phone', 'Fax=', 'nonsense']);
    expect(flagProblems.map((p) => p.message)).toEqual(['"nonsense" is not a mapping; use --map "Source Column=field", e.g. --map "Cell=mobile_phone"']);
    const csv = 'Acct,Given,Family,Cell #,Fax\nX1,Jo,Ray,312-555-0147,312-555-0000\n';
    const { records, problems } = await collectBatches(importCsv('patients', [csv], { file: 'other.csv', overrides }));
    expect(problems).toEqual([]);
    expect(records[0]).toMatchObject({ externalId: 'X1', firstName: 'Jo', lastName: 'Ray', contactPoints: [{ value: '+13125550147', use: 'mobile' }] });
  });

  it('stops the file when a required column is missing, or a mapping names an unknown field', async () => {
    const missing = await collectBatches(importCsv('patients', ['id,First,Surname,Phone\n1,A,B,\n'], { file: 'p.csv', overrides: { Surname: 'last_nam' } }));
    expect(missing.records).toEqual([]);
    expect(missing.problems.map(formatProblem)).toEqual([
      'p.csv line 1, column "Surname": --map target "last_nam" is not a patients field; use one of patient_id, first_name, last_name, preferred_name, birth_date, sex, status, mobile_phone, home_phone, work_phone, email, address1, city, state, zip, language, preferred_channel, sms_consent, voice_consent, email_consent, no_voicemail, do_not_contact, location, provider, guarantor_id (or leave it empty to ignore the column)',
      'p.csv line 1, column "last_name": the required column is missing, so no row of this file was imported; the header has: id, First, Surname, Phone. Rename a column or pass --map "Your Column=last_name"',
    ]);
  });
});

describe('athenahealth API samples (copied from eleanorhealth/go-athenahealth)', () => {
  const json = (name: string) => JSON.parse(readFileSync(path('athenahealth', name), 'utf8')) as unknown;

  it('maps ListPatients and reports the sample\'s deliberate duplicate patient', async () => {
    const { records, problems } = await collectBatches(importJsonTable('patients', json('ListPatients.json'), { file: 'ListPatients.json', preset: athena }));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      externalId: '1', lastName: 'Smithfoo', birthDate: '1985-01-15', status: 'active', preferredChannel: 'voice', consents: { sms: true },
      address: { city: 'BOSTON', zip: '02210' },
    });
    expect(records[0]?.contactPoints.map((c) => [c.use, c.value, c.isValid])).toEqual([
      ['mobile', '+18608105503', true], ['home', '+18605555555', true], ['home', 'foo@eleanorhealth.com', true],
    ]);
    expect(problems.map(formatProblem)).toEqual([
      'ListPatients.json line 2, column "patientid": "1" appears again (first on line 1); ids must be unique in a file, so this row was not imported',
    ]);
  });

  it('maps appointments from separate date and time fields and skips open slots', async () => {
    const changed = await collectBatches(importJsonTable('appointments', json('ListChangedAppointments.json'), { file: 'ListChangedAppointments.json', preset: athena }));
    expect(changed.records.map((r) => [r.externalId, r.status, r.start.local, r.locationExternalId])).toEqual([
      ['1050322', 'cancelled', '2020-06-02T10:00:00', '150'], ['1115846', 'cancelled', '2020-06-02T08:15:00', '150'],
    ]);
    expect(changed.problems).toEqual([]);
    const booked = await collectBatches(importJsonTable('appointments', json('ListBookedAppointments.json'), { file: 'ListBookedAppointments.json', preset: athena }));
    expect(booked.records).toEqual([expect.objectContaining({
      externalId: '3132', patientExternalId: '1', status: 'scheduled', start: { local: '2020-10-25T09:30:00', offset: null }, durationMinutes: 30, type: 'FOLLOW UP 30 - Virtual',
    })]);
    expect(booked.problems.map(formatProblem)).toEqual([
      'ListBookedAppointments.json line 2, column "appointmentid": "3132" appears again (first on line 1); ids must be unique in a file, so this row was not imported',
    ]);
    // GetAppointment.json is an open slot: it has no patient at all.
    const [openSlot] = json('GetAppointment.json') as Record<string, unknown>[];
    const slot = await collectBatches(importJsonTable('appointments', [{ ...openSlot, patientid: '7' }], { file: 'GetAppointment.json', preset: athena }));
    expect(slot.records).toEqual([]);
    expect(slot.problems.map(formatProblem)).toEqual(['GetAppointment.json line 1, column "appointmentstatus": appointmentstatus "o" is an open slot, not a booking; the row was skipped']);
  });

  it('maps appointment reminders to recalls; one without a type cannot be', async () => {
    const { records, problems } = await collectBatches(importJsonTable('recalls', json('ListAppointmentReminders.json'), { file: 'ListAppointmentReminders.json', preset: athena }));
    expect(records).toEqual([expect.objectContaining({ patientExternalId: '2398', recallType: '342', dueDate: '2023-07-07' })]);
    expect(problems.map(formatProblem)).toEqual(['ListAppointmentReminders.json line 2, column "appointmenttypeid": is empty; recall_type is required']);
  });
});

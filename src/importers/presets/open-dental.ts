import type { Preset } from './preset.js';

/**
 * Open Dental (v24.3) exports: the patient table, the Recall List (grid captions and the columns of
 * the data table behind it, `Recalls.GetRecallList`), appointment, procedurelog and commlog. Column
 * names and enum values are from docs/pms-formats.md §1 (read from the Open Dental 24.3 C# source).
 * Open Dental has no CSV-export button on the Recall List, so real files come from a query/report
 * or the API; both use these names. Enums may arrive as numbers or as their names; both are mapped.
 *
 * A Recall List export also carries patient columns (FName, LName, WirelessPhone, Email…), so the
 * same file can be imported twice: once as `patients`, once as `recalls`.
 */
const patientColumns = {
  PatNum: 'patient_id', FName: 'first_name', LName: 'last_name', Preferred: 'preferred_name', Birthdate: 'birth_date',
  Gender: 'sex', PatStatus: 'status', WirelessPhone: 'mobile_phone', HmPhone: 'home_phone', WkPhone: 'work_phone',
  Email: 'email', Address: 'address1', City: 'city', State: 'state', Zip: 'zip', Language: 'language',
  // "DoNotCall" is a recall-method value, but what it says is a voice opt-out; one column, two fields.
  PreferRecallMethod: ['preferred_channel', 'voice_consent'], TxtMsgOk: 'sms_consent',
  Guarantor: 'guarantor_id', ClinicNum: 'location', PriProv: 'provider',
} as const;

const recallColumns = {
  PatNum: 'patient_id', 'Due Date': 'due_date', DateDue: 'due_date', Type: 'recall_type', recallType: 'recall_type',
  Interval: 'interval', RecallInterval: 'interval', IsDisabled: 'disabled', DatePrevious: 'previous_date', DateScheduled: 'scheduled_date',
} as const;

const appointmentColumns = {
  AptNum: 'appointment_id', PatNum: 'patient_id', AptDateTime: 'start', AptStatus: 'status', ProcDescript: 'type',
  ProvNum: 'provider', ClinicNum: 'location',
} as const;

const procedureColumns = {
  ProcNum: 'procedure_id', PatNum: 'patient_id', ProcCode: 'code', CodeNum: 'code', ProcStatus: 'status', ProcDate: 'date',
  ProcFee: 'fee', ProvNum: 'provider', ClinicNum: 'location', AptNum: 'appointment_id', Descript: 'description',
} as const;

const commlogColumns = { PatNum: 'patient_id', CommDateTime: 'at', Mode_: 'channel', SentOrReceived: 'direction', Note: 'note' } as const;

/** Every Open Dental column named in pms-formats.md; whatever a table does not map, it ignores quietly. */
const knownColumns = [
  'RecallNum', 'DateDueCalc', 'RecallStatus', 'Note', 'DateTStamp', 'RecallTypeNum', 'DisableUntilBalance', 'DisableUntilDate', 'Priority',
  'TimePatternOverride', 'Patient', 'Age', '#Remind', 'LastRemind', 'Contact', 'Status', 'BillingType', 'WebSched', 'Carrier Name',
  'age', 'billingType', 'carrierName', 'contactMethod', 'dateLastReminder', 'dueDate', 'guarFName', 'guarLName', 'maxDateDue',
  'numberOfReminders', 'patientName', 'recallInterval', 'status', 'WebSchedRecallNum', 'webSchedDateTimeFailed', 'webSchedSendDesc',
  'webSchedSendError', 'webSchedSendStatus', 'address', 'email', 'emailPatNum', 'famList', 'patNums', 'recallNums',
  'MiddleI', 'Title', 'Salutation', 'Position', 'SSN', 'ChartNumber', 'Address2', 'Country', 'AddrNote', 'DateTimeDeceased',
  'DateFirstVisit', 'SecDateEntry', 'SuperFamily', 'ResponsParty', 'SecProv', 'SiteNum', 'PreferConfirmMethod', 'PreferContactMethod',
  'PreferContactConfidential', 'ShortCodeOptIn', 'SchedBeforeTime', 'SchedAfterTime', 'SchedDayOfWeek', 'AskToArriveEarly',
  'EstBalance', 'BalTotal', 'Bal_0_30', 'Bal_31_60', 'Bal_61_90', 'BalOver90', 'InsEst', 'PayPlanDue', 'Premed', 'MedUrgNote',
  'ApptModNote', 'HasIns', 'Pattern', 'PatternSecondary', 'Confirmed', 'Op', 'ProvHyg', 'Assistant', 'IsHygiene', 'IsNewPatient',
  'NextAptNum', 'UnschedStatus', 'DateTimeArrived', 'DateTimeSeated', 'DateTimeDismissed', 'DateTimeAskedToArrive',
  'AppointmentTypeNum', 'SecDateTEntry', 'SecUserNumEntry', 'DateComplete', 'ToothNum', 'Surf', 'CommlogNum', 'DateTimeEnd',
  'CommType', 'UserNum', 'CommSource',
  ...Object.keys(patientColumns), ...Object.keys(recallColumns), ...Object.keys(appointmentColumns),
  ...Object.keys(procedureColumns), ...Object.keys(commlogColumns),
];
const unmapped = (columns: Record<string, unknown>) => knownColumns.filter((c) => !(c in columns));

export const openDental: Preset = {
  name: 'open-dental',
  description: 'Open Dental patient, Recall List, appointment, procedurelog and commlog exports',
  usDates: true,
  tables: {
    patients: {
      columns: patientColumns,
      ignore: unmapped(patientColumns),
      values: {
        // PatStatus: 0 Patient, 1 NonPatient, 2 Inactive, 3 Archived, 4 Deleted, 5 Deceased, 6 Prospective.
        status: {
          0: 'active', patient: 'active', 1: 'inactive', nonpatient: 'inactive', 2: 'inactive', 3: 'archived',
          4: 'archived', deleted: 'archived', 5: 'deceased', 6: 'active', prospective: 'active',
        },
        sex: { 0: 'male', 1: 'female', 2: 'unknown', 3: 'other' },
        // ContactMethod: 0 None, 1 DoNotCall, 2 HmPhone, 3 WkPhone, 4 WirelessPh, 5 Email, 6 SeeNotes, 7 Mail, 8 TextMessage.
        preferred_channel: {
          0: '', none: '', 1: '', donotcall: '', 2: 'voice', hmphone: 'voice', 3: 'voice', wkphone: 'voice', 4: 'voice',
          wirelessph: 'voice', 5: 'email', 6: '', seenotes: '', 7: 'letter', mail: 'letter', 8: 'sms', textmessage: 'sms',
        },
        voice_consent: { 1: 'no', donotcall: 'no', '*': '' },
        // TxtMsgOk: 0 Unknown, 1 Yes, 2 No.
        sms_consent: { 0: '', unknown: '', 1: 'yes', 2: 'no' },
        guarantor_id: { 0: '' },
        location: { 0: '' },
        provider: { 0: '' },
      },
    },
    recalls: {
      columns: recallColumns,
      ignore: unmapped(recallColumns),
      values: { disabled: { true: 'yes', false: 'no' } },
    },
    appointments: {
      columns: appointmentColumns,
      ignore: unmapped(appointmentColumns),
      values: {
        // AptStatus: 1 Scheduled, 2 Complete, 5 Broken (no-show or late cancel).
        status: { 1: 'scheduled', 2: 'completed', complete: 'completed', 5: 'no_show', broken: 'no_show' },
        provider: { 0: '' },
        location: { 0: '' },
      },
      skipRows: {
        status: {
          0: 'AptStatus 0 (None) is not an appointment', none: 'AptStatus None is not an appointment',
          3: 'AptStatus 3 (UnschedList) is not on the schedule', unschedlist: 'AptStatus UnschedList is not on the schedule',
          4: 'AptStatus 4 (ASAP) is not on the schedule', asap: 'AptStatus ASAP is not on the schedule',
          6: 'AptStatus 6 (Planned) is a treatment-plan placeholder', planned: 'AptStatus Planned is a treatment-plan placeholder',
          7: 'AptStatus 7 (PtNote) is a note', ptnote: 'AptStatus PtNote is a note',
          8: 'AptStatus 8 (PtNoteCompleted) is a note', ptnotecompleted: 'AptStatus PtNoteCompleted is a note',
        },
      },
    },
    procedures: {
      columns: procedureColumns,
      ignore: unmapped(procedureColumns),
      values: {
        // ProcStatus: 1 TP, 2 C, 3 EC, 4 EO, 5 R, 6 D, 7 Cn, 8 TPi.
        status: { 1: 'planned', tp: 'planned', 2: 'completed', c: 'completed', 3: 'completed', ec: 'completed', 4: 'completed', eo: 'completed', 8: 'planned', tpi: 'planned' },
        provider: { 0: '' },
        location: { 0: '' },
        appointment_id: { 0: '' },
      },
      skipRows: {
        status: {
          5: 'ProcStatus 5 (R, referred out) was not done here', r: 'ProcStatus R (referred out) was not done here',
          6: 'ProcStatus 6 (D) is deleted', d: 'ProcStatus D is deleted', 7: 'ProcStatus 7 (Cn) is a condition, not a procedure',
          cn: 'ProcStatus Cn is a condition, not a procedure',
        },
      },
    },
    contacts: {
      columns: commlogColumns,
      ignore: unmapped(commlogColumns),
      values: {
        // Mode_: 0 None, 1 Email, 2 Mail, 3 Phone, 4 InPerson, 5 Text, 6 EmailAndText, 7 PhoneAndText, 8 Fax.
        channel: { 1: 'email', 2: 'letter', 3: 'voice', 5: 'sms', 6: 'sms', emailandtext: 'sms', 7: 'voice', phoneandtext: 'voice' },
        // SentOrReceived: 0 Neither, 1 Sent, 2 Received.
        direction: { 0: '', neither: '', 1: 'out', 2: 'in' },
      },
      skipRows: {
        channel: {
          0: 'Mode_ 0 (None) is not an outreach', none: 'Mode_ None is not an outreach', 4: 'Mode_ 4 (InPerson) is not an outreach',
          inperson: 'Mode_ InPerson is not an outreach', 8: 'Mode_ 8 (Fax) is not a patient channel', fax: 'Mode_ Fax is not a patient channel',
        },
      },
    },
  },
};

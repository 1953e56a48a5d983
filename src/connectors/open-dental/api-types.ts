/**
 * The Open Dental REST API's rows as they travel over the wire (opendental.com/site/api*.html, read
 * for API 25.x): field names exactly as Open Dental spells them, enums as the API's strings (the
 * database stores integers; the API never does), dates as "yyyy-MM-dd", date-times as
 * "yyyy-MM-dd HH:mm:ss" in the office's wall time, booleans as the strings "true"/"false", and
 * "0001-01-01" for "no date". Only the fields Recare reads are typed; rows carry more.
 */

export type PatStatus = 'Patient' | 'NonPatient' | 'Inactive' | 'Archived' | 'Deleted' | 'Deceased' | 'Prospective';
export type Gender = 'Male' | 'Female' | 'Unknown' | 'Other';
export type ContactMethod = 'None' | 'DoNotCall' | 'HmPhone' | 'WkPhone' | 'WirelessPh' | 'Email' | 'SeeNotes' | 'Mail' | 'TextMessage';
export type YesNoUnknown = 'Unknown' | 'Yes' | 'No';
/** "ASAP" as a status is deprecated since 17.4.1 (Priority says it now) but old rows and the filter still know it. */
export type AptStatus = 'Scheduled' | 'Complete' | 'UnschedList' | 'ASAP' | 'Broken' | 'Planned' | 'PtNote' | 'PtNoteCompleted';
export const aptStatuses: readonly AptStatus[] = ['Scheduled', 'Complete', 'UnschedList', 'ASAP', 'Broken', 'Planned', 'PtNote', 'PtNoteCompleted'];
export type ProcStatus = 'TP' | 'C' | 'EC' | 'EO' | 'R' | 'D' | 'Cn' | 'TPi';
export const procStatuses: readonly ProcStatus[] = ['TP', 'C', 'EC', 'EO', 'R', 'D', 'Cn', 'TPi'];
export type TPStatus = 'Saved' | 'Active' | 'Inactive';
export const tpStatuses: readonly TPStatus[] = ['Saved', 'Active', 'Inactive'];
export type CommMode = 'None' | 'Email' | 'Mail' | 'Phone' | 'In Person' | 'Text' | 'Email and Text' | 'Phone and Text';
/** What POST /commlogs accepts for Mode_ (apicommlogs.html). */
export const commModes: readonly CommMode[] = ['None', 'Email', 'Mail', 'Phone', 'In Person', 'Text', 'Email and Text', 'Phone and Text'];
export type SentOrReceived = 'Neither' | 'Sent' | 'Received';
export const sentOrReceivedValues: readonly SentOrReceived[] = ['Neither', 'Sent', 'Received'];
/** PUT /appointments/{AptNum}/Confirm's confirmVal. */
export type ConfirmVal = 'None' | 'Sent' | 'Confirmed' | 'Not Accepted' | 'Failed';
export const confirmVals: readonly ConfirmVal[] = ['None', 'Sent', 'Confirmed', 'Not Accepted', 'Failed'];

/** GET /patients/Simple (and GET /patients/{PatNum}). `serverDateTime` is on every row of Simple. */
export interface OdPatient {
  serverDateTime?: string;
  PatNum: number;
  LName: string;
  FName: string;
  MiddleI: string;
  Preferred: string;
  PatStatus: PatStatus;
  Gender: Gender;
  Birthdate: string;
  Address: string;
  City: string;
  State: string;
  Zip: string;
  HmPhone: string;
  WkPhone: string;
  WirelessPhone: string;
  Guarantor: number;
  Email: string;
  PriProv: number;
  SecProv: number;
  ClinicNum: number;
  PreferConfirmMethod: ContactMethod;
  PreferContactMethod: ContactMethod;
  PreferRecallMethod: ContactMethod;
  Language: string;
  DateTStamp: string;
  TxtMsgOk: YesNoUnknown;
  [more: string]: unknown;
}

/** GET /appointments. `Pattern` is the length, one character per 5 minutes. */
export interface OdAppointment {
  serverDateTime?: string;
  AptNum: number;
  PatNum: number;
  AptStatus: AptStatus;
  Pattern: string;
  Confirmed: number;
  confirmed: string;
  Op: number;
  Note: string;
  ProvNum: number;
  ProvHyg: number;
  AptDateTime: string;
  ProcDescript: string;
  ClinicNum: number;
  IsHygiene: 'true' | 'false';
  DateTStamp: string;
  Priority: 'Normal' | 'ASAP';
  [more: string]: unknown;
}

/** GET /procedurelogs. ProcFee is a string with two decimals; `procCode` is the CDT code. */
export interface OdProcedureLog {
  serverDateTime?: string;
  ProcNum: number;
  PatNum: number;
  AptNum: number;
  ProcDate: string;
  ProcFee: string;
  ProcStatus: ProcStatus;
  ProvNum: number;
  ClinicNum: number;
  CodeNum: number;
  procCode: string;
  descript: string;
  DateTP: string;
  DateTStamp: string;
  [more: string]: unknown;
}

/** GET /recalls: the recall type is a number here; GET /recalltypes names it. */
export interface OdRecall {
  RecallNum: number;
  PatNum: number;
  DateDue: string;
  DatePrevious: string;
  RecallInterval: string;
  RecallStatus: number;
  recallStatus: string;
  Note: string;
  IsDisabled: 'true' | 'false';
  DateTStamp: string;
  RecallTypeNum: number;
  DateScheduled: string;
  Priority: 'Normal' | 'ASAP';
  [more: string]: unknown;
}

export interface OdRecallType {
  RecallTypeNum: number;
  Description: string;
  DefaultInterval: string;
  TimePattern: string;
  Procedures: string;
  AppendToSpecial: 'true' | 'false';
}

/** GET /treatplans: changes are found by SecDateTEdit, not DateTStamp. */
export interface OdTreatPlan {
  TreatPlanNum: number;
  PatNum: number;
  DateTP: string;
  Heading: string;
  Note: string;
  TPStatus: TPStatus;
  SecDateEntry: string;
  SecDateTEdit: string;
  TPType: 'Insurance' | 'Discount';
  [more: string]: unknown;
}

export interface OdCommlog {
  CommlogNum: number;
  PatNum: number;
  CommDateTime: string;
  /** A definition.DefNum (category 27), sent as a string. */
  CommType: string;
  commType: string;
  Note: string;
  Mode_: CommMode;
  SentOrReceived: SentOrReceived;
  UserNum: number;
  DateTStamp: string;
  CommSource: string;
  ProgramNum: number;
  DateTEntry: string;
  ReferralNum: number;
}

/** POST /commlogs: PatNum and Note are required; the rest default on Open Dental's side. */
export interface OdCommlogCreate {
  PatNum: number;
  Note: string;
  CommDateTime?: string;
  CommType?: number;
  commType?: string;
  Mode_?: CommMode;
  SentOrReceived?: SentOrReceived;
}

/** POST /appointments: PatNum, Op and AptDateTime are required. */
export interface OdAppointmentCreate {
  PatNum: number;
  Op: number;
  AptDateTime: string;
  AptStatus?: 'Scheduled' | 'Complete' | 'UnschedList' | 'PtNote' | 'PtNoteCompleted';
  Pattern?: string;
  Note?: string;
  ProvNum?: number;
  ProvHyg?: number;
  ClinicNum?: number;
  IsHygiene?: 'true' | 'false';
  Priority?: 'Normal' | 'ASAP';
}

import type { OdAppointment, OdCommlog, OdPatient, OdProcedureLog, OdRecall, OdRecallType, OdTreatPlan } from '../api-types.js';

/** A definition row (Open Dental's `definition` table) the stand-in answers with: confirmation states and comm types. */
export interface OdDefinition {
  DefNum: number;
  /** 2 = ApptConfirmed, 27 = CommLogTypes. */
  Category: number;
  ItemName: string;
}

export interface OdClinic {
  ClinicNum: number;
  Abbr: string;
  /** The office's IANA zone: its wall time is what the rows carry. */
  timeZone: string;
}

export interface OdProvider {
  ProvNum: number;
  Abbr: string;
  ClinicNum: number;
  IsHygienist: boolean;
}

export interface OdOperatory {
  OperatoryNum: number;
  ClinicNum: number;
}

/**
 * One Open Dental database in memory: every table the stand-in serves, each sorted by its primary
 * key (Open Dental pages in that order). Rows hold the fields Recare reads; the server adds the
 * rest of each documented shape when it answers.
 */
export interface OdPractice {
  clinics: OdClinic[];
  providers: OdProvider[];
  operatories: OdOperatory[];
  definitions: OdDefinition[];
  recallTypes: OdRecallType[];
  patients: OdPatient[];
  appointments: OdAppointment[];
  procedureLogs: OdProcedureLog[];
  recalls: OdRecall[];
  treatPlans: OdTreatPlan[];
  commlogs: OdCommlog[];
}

/** Confirmation definitions (category 2), and what PUT /appointments/{AptNum}/Confirm's confirmVal picks. */
export const confirmationDefinitions: readonly OdDefinition[] = [
  { DefNum: 19, Category: 2, ItemName: 'Not Called' },
  { DefNum: 20, Category: 2, ItemName: 'Unconfirmed' },
  { DefNum: 21, Category: 2, ItemName: 'Appointment Confirmed' },
  { DefNum: 22, Category: 2, ItemName: 'Left Msg' },
  { DefNum: 24, Category: 2, ItemName: 'eConfirm Sent' },
  { DefNum: 25, Category: 2, ItemName: 'eConfirm Not Accepted' },
  { DefNum: 26, Category: 2, ItemName: 'eConfirm Failed' },
];
export const confirmValDefNums: Readonly<Record<string, number>> = { None: 19, Sent: 24, Confirmed: 21, 'Not Accepted': 25, Failed: 26 };

/** Comm log types (category 27); Misc is the default for POST /commlogs. */
export const commTypeDefinitions: readonly OdDefinition[] = [
  { DefNum: 235, Category: 27, ItemName: 'ApptRelated' },
  { DefNum: 236, Category: 27, ItemName: 'Insurance' },
  { DefNum: 237, Category: 27, ItemName: 'Financial' },
  { DefNum: 238, Category: 27, ItemName: 'Recall' },
  { DefNum: 239, Category: 27, ItemName: 'Misc' },
];
export const defaultCommType = 239;

export const defaultRecallTypes: readonly OdRecallType[] = [
  { RecallTypeNum: 1, Description: 'Prophy', DefaultInterval: '6m1d', TimePattern: '/XXXX/', Procedures: 'D1110', AppendToSpecial: 'false' },
  { RecallTypeNum: 2, Description: 'Child Prophy', DefaultInterval: '6m1d', TimePattern: 'XXX', Procedures: 'D1120,D1208', AppendToSpecial: 'false' },
  { RecallTypeNum: 3, Description: 'Perio', DefaultInterval: '3m1d', TimePattern: '/XXXXXX/', Procedures: 'D4910', AppendToSpecial: 'false' },
];

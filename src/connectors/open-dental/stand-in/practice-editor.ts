import type { AptStatus, OdAppointment, OdCommlog, OdPatient, OdProcedureLog, OdTreatPlan } from '../api-types.js';
import { odNoDate } from '../od-date-time.js';
import { commlogOf, confirmationName, patternOf } from './generate-practice.js';
import { commTypeDefinitions, defaultCommType, type OdPractice } from './practice.js';

export interface NewAppointment {
  PatNum: number;
  AptDateTime: string;
  AptStatus?: AptStatus;
  Op?: number;
  ProvNum?: number;
  ProvHyg?: number;
  ClinicNum?: number;
  minutes?: number;
  ProcDescript?: string;
  IsHygiene?: boolean;
  Priority?: 'Normal' | 'ASAP';
  Confirmed?: number;
  Note?: string;
}

export interface NewCommlog {
  PatNum: number;
  Note: string;
  CommDateTime?: string;
  CommType?: number;
  Mode_?: OdCommlog['Mode_'];
  SentOrReceived?: OdCommlog['SentOrReceived'];
}

/**
 * What happens in the office between two syncs: a phone changes, a visit is booked or broken, a
 * plan is presented, a chart is deleted or merged. Every change stamps DateTStamp (SecDateTEdit for
 * plans) with the server's time now, as Open Dental does, so an incremental sync sees it.
 */
export class PracticeEditor {
  constructor(
    private readonly practice: OdPractice,
    /** The server's wall time now, "yyyy-MM-dd HH:mm:ss". */
    private readonly stamp: () => string,
    private readonly changed: () => void,
  ) {}

  patient(patNum: number): OdPatient {
    const patient = this.practice.patients.find((p) => p.PatNum === patNum);
    if (!patient) throw new Error(`the stand-in has no patient with PatNum ${patNum}`);
    return patient;
  }

  appointment(aptNum: number): OdAppointment {
    const appointment = this.practice.appointments.find((a) => a.AptNum === aptNum);
    if (!appointment) throw new Error(`the stand-in has no appointment with AptNum ${aptNum}`);
    return appointment;
  }

  updatePatient(patNum: number, changes: Partial<Omit<OdPatient, 'PatNum' | 'DateTStamp'>>): OdPatient {
    const patient = this.patient(patNum);
    Object.assign(patient, changes, { DateTStamp: this.stamp() });
    this.changed();
    return patient;
  }

  changePhone(patNum: number, field: 'WirelessPhone' | 'HmPhone' | 'WkPhone', value: string): OdPatient {
    return this.updatePatient(patNum, { [field]: value });
  }

  addAppointment(input: NewAppointment): OdAppointment {
    const patient = this.patient(input.PatNum);
    const clinicNum = input.ClinicNum ?? patient.ClinicNum;
    const confirmed = input.Confirmed ?? 19;
    const appointment: OdAppointment = {
      AptNum: nextId(this.practice.appointments.map((a) => a.AptNum)), PatNum: input.PatNum, AptStatus: input.AptStatus ?? 'Scheduled',
      Pattern: patternOf(input.minutes ?? 60), Confirmed: confirmed, confirmed: confirmationName(confirmed),
      Op: input.Op ?? this.practice.operatories.find((o) => o.ClinicNum === clinicNum)?.OperatoryNum ?? 0, Note: input.Note ?? '',
      ProvNum: input.ProvNum ?? patient.PriProv, ProvHyg: input.ProvHyg ?? 0, AptDateTime: input.AptDateTime,
      ProcDescript: input.ProcDescript ?? '', ClinicNum: clinicNum, IsHygiene: input.IsHygiene ? 'true' : 'false',
      DateTStamp: this.stamp(), Priority: input.Priority ?? 'Normal',
    };
    this.practice.appointments.push(appointment);
    this.changed();
    return appointment;
  }

  /** Appointments PUT Break: only a Scheduled appointment breaks; usually it goes to the Unscheduled List. */
  breakAppointment(aptNum: number, options: { sendToUnscheduledList?: boolean } = {}): OdAppointment {
    const appointment = this.appointment(aptNum);
    if (appointment.AptStatus !== 'Scheduled') throw new Error(`appointment ${aptNum} is ${appointment.AptStatus}; only a Scheduled appointment can be broken`);
    appointment.AptStatus = options.sendToUnscheduledList === false ? 'Broken' : 'UnschedList';
    appointment.DateTStamp = this.stamp();
    this.changed();
    return appointment;
  }

  updateAppointment(aptNum: number, changes: Partial<Omit<OdAppointment, 'AptNum' | 'DateTStamp'>>): OdAppointment {
    const appointment = this.appointment(aptNum);
    Object.assign(appointment, changes, { DateTStamp: this.stamp() });
    this.changed();
    return appointment;
  }

  /** A presented plan: treatment-planned procedures and an Active treatment plan. */
  addTreatmentPlan(patNum: number, procedures: readonly { procCode: string; fee: number; descript?: string }[]): { plan: OdTreatPlan; procedures: OdProcedureLog[] } {
    const patient = this.patient(patNum);
    const now = this.stamp();
    const today = now.slice(0, 10);
    const logs = procedures.map((p, i): OdProcedureLog => ({
      ProcNum: nextId(this.practice.procedureLogs.map((x) => x.ProcNum)) + i, PatNum: patNum, AptNum: 0, ProcDate: today,
      ProcFee: p.fee.toFixed(2), ProcStatus: 'TP', ProvNum: patient.PriProv, ClinicNum: patient.ClinicNum, CodeNum: 0,
      procCode: p.procCode, descript: p.descript ?? '', DateTP: today, DateTStamp: now,
    }));
    const plan: OdTreatPlan = {
      TreatPlanNum: nextId(this.practice.treatPlans.map((t) => t.TreatPlanNum)), PatNum: patNum, DateTP: odNoDate,
      Heading: 'Active Treatment Plan', Note: '', TPStatus: 'Active', SecDateEntry: today, SecDateTEdit: now, TPType: 'Insurance',
    };
    this.practice.procedureLogs.push(...logs);
    this.practice.treatPlans.push(plan);
    this.changed();
    return { plan, procedures: logs };
  }

  /** Deleted in Open Dental: the chart stays, with PatStatus Deleted (the API may not change it again). */
  deletePatient(patNum: number): OdPatient {
    return this.updatePatient(patNum, { PatStatus: 'Deleted' });
  }

  /**
   * Open Dental's Merge Patients tool moves every row of the duplicate chart to the kept one and
   * leaves the duplicate behind; the stand-in marks the duplicate Archived (what the office sees in
   * the Select Patient list) and stamps every moved row.
   */
  mergePatients(fromPatNum: number, intoPatNum: number): { from: OdPatient; into: OdPatient } {
    const from = this.patient(fromPatNum);
    const into = this.patient(intoPatNum);
    const now = this.stamp();
    for (const row of [...this.practice.appointments, ...this.practice.procedureLogs, ...this.practice.recalls, ...this.practice.commlogs]) {
      if (row.PatNum === fromPatNum) Object.assign(row, { PatNum: intoPatNum, DateTStamp: now });
    }
    for (const plan of this.practice.treatPlans) if (plan.PatNum === fromPatNum) Object.assign(plan, { PatNum: intoPatNum, SecDateTEdit: now });
    for (const member of this.practice.patients) if (member.Guarantor === fromPatNum && member.PatNum !== fromPatNum) Object.assign(member, { Guarantor: intoPatNum, DateTStamp: now });
    Object.assign(from, { PatStatus: 'Archived', DateTStamp: now });
    Object.assign(into, { DateTStamp: now });
    this.changed();
    return { from, into };
  }

  addCommlog(input: NewCommlog): OdCommlog {
    const now = this.stamp();
    const type = input.CommType ?? defaultCommType;
    const commlog = commlogOf(
      nextId(this.practice.commlogs.map((c) => c.CommlogNum)), input.PatNum, input.CommDateTime ?? now,
      commTypeDefinitions.some((d) => d.DefNum === type) ? type : defaultCommType, input.Mode_ ?? 'Phone', input.SentOrReceived ?? 'Sent', input.Note, now,
    );
    commlog.UserNum = 0;
    this.practice.commlogs.push(commlog);
    this.changed();
    return commlog;
  }
}

function nextId(ids: readonly number[]): number {
  let max = 0;
  for (const id of ids) if (id > max) max = id;
  return max + 1;
}

/**
 * The weekly report as a document: what a printer lays out, built from one week's report summary for
 * one office (or every office). Pure: the summary, the week, the office and the print time come in.
 * Patients appear only by their external ids; no names, no diagnoses.
 */
import { DateTime } from 'luxon';
import type { ProgramLift } from '../reporting/lift-interval.js';
import { topReasons, type ReasonFigures, type ReportSummary } from '../reporting/index.js';
import type { IsoWeek } from './iso-week.js';

export interface DocumentTable {
  heading: string;
  columns: string[];
  rows: string[][];
  /** A line under the table (what a figure means, or why there is none). */
  note?: string;
}

export interface WeeklyReportDocument {
  /** "Weekly recall report · 2026-W48". */
  title: string;
  /** "Tampa (TPA)" or "Every office". */
  office: string;
  /** "Monday 23 November to Sunday 29 November 2026". */
  dates: string;
  /** "Printed 2026-11-30 07:00 (America/New_York)". */
  printed: string;
  tables: DocumentTable[];
}

export interface WeeklyReportInput {
  week: IsoWeek;
  /** The office the report is for; null: every office in scope. */
  office: { externalId: string; name: string; timeZone: string } | null;
  summary: Pick<ReportSummary, 'eligible' | 'attempted' | 'reached' | 'scheduled' | 'attended' | 'declined' | 'unreachable' | 'optedOut' | 'escalated' | 'dataProblems' | 'byLocation' | 'reasons'>
    & { lift: readonly ProgramLift[] | null };
  /** The external ids of patients with a data problem in the week, when the figures list them. */
  dataProblemPatients?: readonly string[] | undefined;
  printedAt: Date;
  /** The zone the print time is shown in when the report covers every office. */
  timeZone: string;
}

export const noHoldoutText = 'No holdout configured';

const percentOf = (count: number, of: number) => (of === 0 ? '—' : `${((count / of) * 100).toFixed(1)}%`);
const percent = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)}%`);

export function weeklyReportDocument(input: WeeklyReportInput): WeeklyReportDocument {
  const { summary: s, week } = input;
  const zone = input.office?.timeZone ?? input.timeZone;
  const monday = DateTime.fromISO(week.monday, { zone: 'UTC' });
  const sunday = monday.plus({ days: 6 });
  // Patients escalated to any queue: each patient is in one office's breakdown, so the offices add up.
  const escalated = s.byLocation.reduce((sum, l) => sum + l.escalated, 0);
  const tables: DocumentTable[] = [
    {
      heading: 'This week',
      columns: ['Outcome', 'Patients'],
      rows: [
        ['Scheduled', String(s.scheduled)],
        ['Unreachable', String(s.unreachable)],
        ['Declined', String(s.declined)],
        ['Escalated', String(escalated)],
      ],
      note: 'Escalated counts a patient once however many queues; the queues are below.',
    },
    {
      heading: 'Escalations by queue',
      columns: ['Queue', 'Patients'],
      rows: [['Clinical', s.escalated.clinical], ['Insurance', s.escalated.insurance], ['Language', s.escalated.language], ['Manager', s.escalated.manager]].map(([q, n]) => [String(q), String(n)]),
    },
    {
      heading: 'Funnel',
      columns: ['Stage', 'Patients', 'Of eligible'],
      rows: ([['Eligible', s.eligible], ['Attempted', s.attempted], ['Reached', s.reached], ['Scheduled', s.scheduled], ['Attended', s.attended]] as const)
        .map(([stage, n]) => [stage, String(n), percentOf(n, s.eligible)]),
      note: `Opted out: ${s.optedOut}. Definitions: docs/reporting.md.`,
    },
    reasonsTable(s.reasons),
    liftTable(s.lift),
    dataProblemsTable(s.dataProblems, input.dataProblemPatients),
  ];
  return {
    title: `Weekly recall report · ${week.week}`,
    office: input.office ? `${input.office.name} (${input.office.externalId})` : 'Every office',
    dates: `Monday ${monday.toFormat('d LLLL')} to Sunday ${sunday.toFormat('d LLLL yyyy')}`,
    printed: `Printed ${DateTime.fromJSDate(input.printedAt, { zone }).toFormat('yyyy-LL-dd HH:mm')} (${zone})`,
    tables,
  };
}

/** How many reasons the report lists: enough to see a pattern, few enough to read at a glance. */
export const topReasonCount = 5;

function reasonsTable(reasons: readonly ReasonFigures[]): DocumentTable {
  const top = topReasons(reasons, topReasonCount);
  const all = reasons.reduce((sum, r) => sum + r.touches, 0);
  const notGiven = reasons.find((r) => r.reason === 'not_given')?.touches ?? 0;
  const note = all === 0
    ? 'Nobody declined, put off care or opted out on a touch this week.'
    : `${all} touch${all === 1 ? '' : 'es'} ended in Declined, Not ready or Opted out; ${notGiven} without a reason.`;
  return {
    heading: 'Top decline and barrier reasons',
    columns: ['Reason', 'Declined', 'Not ready', 'Opted out', 'Touches'],
    rows: top.map((r) => [r.label, String(r.byOutcome.declined), String(r.byOutcome.not_ready), String(r.byOutcome.opted_out), String(r.touches)]),
    note,
  };
}

function liftTable(lift: readonly ProgramLift[] | null): DocumentTable {
  if (lift === null || lift.length === 0) {
    return { heading: 'What outreach added (holdout)', columns: ['Program', 'Lift'], rows: [], note: `${noHoldoutText}: no program holds out patients, so what outreach added is not measured (policy: holdout).` };
  }
  return {
    heading: 'What outreach added (holdout)',
    columns: ['Program', 'Outreach scheduled', 'Holdout scheduled', 'Visits added (95% CI)', 'Self-credited'],
    rows: lift.map((l) => [
      l.program,
      `${percent(l.scheduledShare.outreach)} of ${l.outreach.eligible}`,
      `${percent(l.scheduledShare.holdout)} of ${l.holdout.eligible}`,
      l.addedScheduled ? `${l.addedScheduled.estimate} (${l.addedScheduled.low} to ${l.addedScheduled.high})` : '—',
      l.selfCredited.scheduled === null ? '—' : String(l.selfCredited.scheduled),
    ]),
    note: lift.map((l) => l.sentence).join(' '),
  };
}

function dataProblemsTable(count: number, patients: readonly string[] | undefined): DocumentTable {
  const note = `${count} data problem${count === 1 ? '' : 's'}: wrong numbers, invalid addresses and hard bounces found this week.`;
  if (!patients) return { heading: 'Data problems', columns: ['Data problems'], rows: [[String(count)]], note };
  return { heading: 'Data problems', columns: ['Patient'], rows: patients.map((id) => [id]), note };
}

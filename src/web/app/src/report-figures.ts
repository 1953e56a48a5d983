/**
 * The Reports page's tables, built from the API's answers: each chart draws one of these and its table
 * view and CSV show exactly it. Formats: counts as whole numbers, rates as percentages with one
 * decimal ("9.1%"), a rate without a denominator as "—".
 */
import type { OutcomeKey } from '../../../domain/outcomes/outcome-vocabulary.js';
import type { DataProblem, ReportSummary } from './api';
import type { FigureTable } from './csv';

export const noFigure = '—';
export const count = (n: number) => String(n);
export const percent = (rate: number | null | undefined) => (rate === null || rate === undefined ? noFigure : `${(rate * 100).toFixed(1)}%`);
const points = (d: number | null) => (d === null ? noFigure : `${(d * 100).toFixed(1)} pts`);

/** The opt-out rate's bands (issue 16): healthy under 1.5%, alarming above 3%. */
export const optOutBands = { healthy: 0.015, alarming: 0.03 } as const;

export const funnelStages = ['eligible', 'attempted', 'reached', 'scheduled', 'attended'] as const;
const stageLabel: Record<(typeof funnelStages)[number], string> = { eligible: 'Eligible', attempted: 'Attempted', reached: 'Reached', scheduled: 'Scheduled', attended: 'Attended' };

/** A period of local dates [from, to) cut into weeks from its first day; the last week may be shorter. */
export function weeksOf(period: { from: string; to: string }): { from: string; to: string }[] {
  const weeks: { from: string; to: string }[] = [];
  for (let from = period.from; from < period.to;) {
    const next = addDays(from, 7);
    const to = next < period.to ? next : period.to;
    weeks.push({ from, to });
    from = to;
  }
  return weeks;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The calendar quarter before the one `today` is in, as [from, to). */
export function lastQuarter(today: string): { from: string; to: string } {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const startMonth = Math.floor((m - 1) / 3) * 3 + 1;
  const to = `${y}-${String(startMonth).padStart(2, '0')}-01`;
  const from = startMonth === 1 ? `${y - 1}-10-01` : `${y}-${String(startMonth - 3).padStart(2, '0')}-01`;
  return { from, to };
}

export const officeLabel = (row: { location: string | null; name: string | null }) => (row.location === null ? 'No office' : `${row.name ?? row.location} (${row.location})`);

export function funnelTable(s: ReportSummary): FigureTable {
  return {
    columns: ['Stage', 'Patients', 'Share of eligible'],
    rows: funnelStages.map((k) => [stageLabel[k], count(s[k]), percent(s.eligible === 0 ? null : s[k] / s.eligible)]),
  };
}

export function weeklyTable(weeks: { from: string; to: string; summary: ReportSummary }[]): FigureTable {
  return {
    columns: ['Week', ...funnelStages.map((k) => stageLabel[k])],
    rows: weeks.map((w) => [`${w.from} to ${addDays(w.to, -1)}`, ...funnelStages.map((k) => count(w.summary[k]))]),
  };
}

export function officesTable(s: ReportSummary): FigureTable {
  return {
    columns: ['Office', ...funnelStages.map((k) => stageLabel[k]), 'Declined', 'Opted out', 'Escalated'],
    rows: s.byLocation.map((l) => [officeLabel(l), ...funnelStages.map((k) => count(l[k])), count(l.declined), count(l.optedOut), count(l.escalated)]),
  };
}

/** Outcome labels for the staff and reasons tables (keys as attempts store them). */
export const outcomeNames: Record<OutcomeKey, string> = {
  scheduled: 'Scheduled', left_message: 'Left message', no_answer: 'No answer', callback_requested: 'Callback requested', declined: 'Declined',
  wrong_number: 'Wrong number', needs_clinical_answer: 'Needs clinical question answered', needs_insurance_review: 'Needs authorization or insurance review',
  language_support_needed: 'Language support needed', escalated_to_clinical: 'Escalated to clinical team', not_ready: 'Not ready — call later', opted_out: 'Opted out',
};
const outcomeName = (key: string) => outcomeNames[key as OutcomeKey] ?? key;

/** Staff side by side, in the API's order (by name): volume and outcomes, never a ranking by calls. */
export function staffTable(s: ReportSummary): FigureTable {
  const outcomeKeys = [...new Set(s.byStaff.flatMap((m) => Object.keys(m.outcomes)))].sort();
  return {
    columns: ['Staff member', 'Touches', 'Calls', 'Connected calls', 'Connect rate', 'Patients touched', 'Patients scheduled', ...outcomeKeys.map((k) => `Outcome: ${outcomeName(k)}`)],
    rows: s.byStaff.map((m) => [
      m.name, count(m.touches), count(m.calls), count(m.connectedCalls), percent(m.connectRate), count(m.patientsTouched), count(m.patientsScheduled),
      ...outcomeKeys.map((k) => count(m.outcomes[k] ?? 0)),
    ]),
  };
}

export function optOutBand(rate: number | null): string {
  if (rate === null) return noFigure;
  if (rate < optOutBands.healthy) return 'Healthy (under 1.5%)';
  return rate > optOutBands.alarming ? 'Alarming (above 3%)' : 'Watch (1.5% to 3%)';
}

export function optOutTable(s: ReportSummary): FigureTable {
  return {
    columns: ['Office', 'Attempted', 'Opted out', 'Opt-out rate', 'Band'],
    rows: [
      ...s.byLocation.map((l) => [officeLabel(l), count(l.attempted), count(l.optedOut), percent(l.optOutRate), optOutBand(l.optOutRate)]),
      ['All offices', count(s.attempted), count(s.optedOut), percent(s.optOutRate), optOutBand(s.optOutRate)],
    ],
  };
}

export function liftTable(s: ReportSummary, programName: (key: string) => string): FigureTable {
  return {
    columns: ['Program', 'Outreach: eligible', 'Outreach: scheduled', 'Holdout: eligible', 'Holdout: scheduled', 'Difference', '95% CI', 'Booked visits added (95% CI)', 'Self-credited: all scheduled after a touch (not what outreach added)'],
    rows: (s.lift ?? []).map((l) => [
      programName(l.program), count(l.outreach.eligible), percent(l.scheduledShare.outreach), count(l.holdout.eligible), percent(l.scheduledShare.holdout),
      points(l.scheduledShare.difference), l.scheduledShare.ci95 ? `${points(l.scheduledShare.ci95.low)} to ${points(l.scheduledShare.ci95.high)}` : noFigure,
      l.addedScheduled ? `${l.addedScheduled.estimate} (${l.addedScheduled.low} to ${l.addedScheduled.high})` : noFigure,
      l.selfCredited.scheduled === null ? noFigure : count(l.selfCredited.scheduled),
    ]),
  };
}

const problemKind: Record<DataProblem['kind'], string> = { marked_invalid: 'Marked invalid', hard_bounce: 'Email hard-bounced' };

export function dataProblemsTable(problems: DataProblem[], dateOf: (p: DataProblem) => string): FigureTable {
  return {
    columns: ['Patient', 'Office', 'Problem', 'Contact', 'Why', 'When'],
    rows: problems.map((p) => [p.patientId, p.location ?? 'No office', problemKind[p.kind], p.contactKind ?? noFigure, p.reason ?? noFigure, dateOf(p)]),
  };
}

/**
 * Declines and barriers: the outcomes that say why a patient did not book, as touches in the period
 * (byOutcome: every touch, including those imported from the practice system's contact log).
 */
export const barrierOutcomes: readonly OutcomeKey[] = [
  'declined', 'not_ready', 'callback_requested', 'needs_clinical_answer', 'needs_insurance_review', 'language_support_needed', 'escalated_to_clinical', 'wrong_number', 'opted_out',
];

export function barriersTable(s: ReportSummary): FigureTable {
  return {
    columns: ['Outcome', 'Times recorded'],
    rows: barrierOutcomes.map((k) => [outcomeNames[k], count(s.byOutcome[k] ?? 0)]),
  };
}

/** The outcomes that take a reason, as the reasons table's columns (domain/outcomes/barrier-reasons.ts). */
export const reasonOutcomeColumns = ['declined', 'not_ready', 'opted_out'] as const;

/** Why patients declined, were not ready or opted out: every reason (then "Not given"), touches per outcome and in all. */
export function reasonsTable(s: ReportSummary): FigureTable {
  return {
    columns: ['Reason', ...reasonOutcomeColumns.map((k) => outcomeNames[k]), 'Touches'],
    rows: s.reasons.map((r) => [r.label, ...reasonOutcomeColumns.map((k) => count(r.byOutcome[k])), count(r.touches)]),
  };
}

/** Turns the query's counts into the summary: every rate, mean, median and cost of docs/reporting.md. */
import { costChannels, type CostChannel, type ReportingPolicy } from '../policy/reporting-policy.js';
import { costPerBookedVisitCents } from './booking-cost.js';
import type { GroupCounts, ReportCounts } from './report-counts.js';
import type { ReportPeriod } from './report-period.js';
import type { GroupFigures, ReportSummary } from './report-summary.js';
import { mean, median, rate } from './rates.js';
import { outcomeFigures, reasonFigures } from './reason-figures.js';

function groupFigures<T extends GroupCounts>(counts: T): T & GroupFigures {
  return { ...counts, optOutRate: rate(counts.optedOut, counts.attempted) };
}

/** The histogram { days: patients } as the list of days, one per patient. */
function daysOf(histogram: Record<string, number>): number[] {
  return Object.entries(histogram).flatMap(([days, n]) => Array.from({ length: n }, () => Number(days)));
}

export function summarizeReport(counts: ReportCounts, period: ReportPeriod, policy: ReportingPolicy): ReportSummary {
  const t = counts.totals;
  const channel = (c: CostChannel) => counts.byChannel.find((x) => x.channel === c) ?? { channel: c, touches: 0, patientsTouched: 0, patientsResponded: 0 };
  const touchesByChannel = Object.fromEntries(costChannels.map((c) => [c, channel(c).touches])) as Record<CostChannel, number>;
  const days = daysOf(t.daysDueToScheduled);
  const v = counts.visits;
  return {
    period: { from: period.from, to: period.to },
    eligible: t.eligible,
    attempted: t.attempted,
    reached: t.reached,
    scheduled: t.scheduled,
    attended: t.attended,
    declined: t.declined,
    unreachable: t.unreachable,
    optedOut: t.optedOut,
    escalated: { ...t.escalatedByQueue },
    dataProblems: t.dataProblems,
    daysDueToScheduled: { mean: mean(days), median: median(days) },
    noShowRate: {
      attributed: rate(v.attributed.noShows, v.attributed.completed + v.attributed.noShows),
      other: rate(v.other.noShows, v.other.completed + v.other.noShows),
    },
    responseRate: Object.fromEntries(costChannels.map((c) => [c, rate(channel(c).patientsResponded, channel(c).patientsTouched)])) as Record<CostChannel, number | null>,
    connectRate: rate(t.connectedCalls, t.staffCalls),
    optOutRate: rate(t.optedOut, t.attempted),
    reactivationRate: rate(t.reactivationAttended, t.reactivationAttempted),
    treatmentAcceptance: rate(t.treatmentFeeScheduledCents, t.treatmentFeeAttemptedCents),
    recoveredProductionCents: t.recoveredProductionCents,
    costPerBookedVisitCents: costPerBookedVisitCents({ staffCalls: t.staffCalls, touchesByChannel }, t.scheduled, policy),
    byProgram: counts.byProgram.map(groupFigures),
    byLocation: counts.byLocation.map(groupFigures),
    byStaff: counts.byStaff.map((s) => ({ ...s, connectRate: rate(s.connectedCalls, s.calls) })),
    byChannel: costChannels.map((c) => {
      const x = channel(c);
      return { ...x, responseRate: rate(x.patientsResponded, x.patientsTouched), costCents: x.touches * policy.unitCostCents[c] };
    }),
    byLanguage: counts.byLanguage.map(groupFigures),
    byOutcome: outcomeFigures(counts.byOutcome),
    reasons: reasonFigures(counts.reasons),
    // Filled in by the use case, which reads each program's groups.
    lift: [],
  };
}

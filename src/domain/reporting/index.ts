/** The report's definitions (docs/reporting.md): the period, what counts as reached, rates, costs and the summary's shape. */
export { defaultPeriod, defaultPeriodDays, localDate, maxPeriodDays, parseReportPeriod, periodDays, periodInstants, periodSearchRange, type ReportPeriod } from './report-period.js';
export { rate, mean, median } from './rates.js';
export { reachedOutcomes } from './reached-outcomes.js';
export { costPerBookedVisitCents, outreachCostCents, type TouchVolume } from './booking-cost.js';
export {
  escalationQueues, type EscalationQueue, type GroupCounts, type TotalCounts, type LocationCounts, type LanguageCounts, type ProgramCounts,
  type ChannelCounts, type StaffCounts, type VisitCounts, type ReportCounts,
} from './report-counts.js';
export type { ReportSummary, GroupFigures, LocationFigures, LanguageFigures, ProgramFigures, ChannelFigures, StaffFigures } from './report-summary.js';
export { summarizeReport } from './summarize-report.js';
export { reasonFigures, outcomeFigures, topReasons, type ReasonCount, type ReasonFigures, type ReasonKey } from './reason-figures.js';

/**
 * Emails each office's weekly report to its managers (issue 16, part 4): from Monday 07:00 in the
 * office's time zone, last week's report as a PDF to every manager and admin who covers the office,
 * in one message. At most once per office and week:
 *   1. claim: the (office, week) row is inserted in state 'sending' before anything is sent; a second
 *      server, or a later run, finds the row and sends nothing;
 *   2. the relay's answer is recorded: 'sent'; 'failed' when it refused the mail before taking it
 *      (a later run tries again, 30 minutes on, up to 5 tries); 'uncertain' when its answer never came
 *      after the whole mail went out (it may have arrived);
 *   3. a claim still 'sending' after 30 minutes belongs to a server that stopped between the claim and
 *      the answer: it becomes 'uncertain'. Uncertain deliveries are never resent by themselves; they
 *      are listed for managers (GET /api/reports/weekly/deliveries), and the report stays downloadable.
 * Without a mailer (SMTP_URL and EMAIL_FROM not set), and in demo mode, nothing is sent: the report is
 * only downloadable.
 */
import { weekDueAt } from '../../domain/weekly-report/iso-week.js';
import { listLocations } from '../../db/queries/locations.js';
import { readDemoMode } from '../../db/queries/demo-mode.js';
import {
  claimWeeklyReportDelivery, finishWeeklyReportDelivery, markStaleWeeklyReportClaims, weeklyReportRecipients,
} from '../../db/queries/weekly-report-deliveries.js';
import type { Deps } from '../deps.js';
import { buildWeeklyReport } from './weekly-report.js';
import type { ReportMailer, WeeklyReportPrinter } from './weekly-report-ports.js';

export const staleClaimMinutes = 30;
export const retryFailedMinutes = 30;
export const maxTries = 5;

export interface WeeklyReportsRun {
  /** Why nothing was sent, when the run did not look at the offices. */
  off: 'no_mailer' | 'demo' | null;
  sent: { location: string; week: string; recipients: number }[];
  failed: { location: string; week: string; code: string }[];
  uncertain: number;
  skipped: { location: string; week: string }[];
}

export type WeeklyReportsDeps = Pick<Deps, 'store' | 'clock' | 'log'> & { reportPrinter: WeeklyReportPrinter; reportMailer: ReportMailer | null };

export async function sendWeeklyReports(deps: WeeklyReportsDeps): Promise<WeeklyReportsRun> {
  const run: WeeklyReportsRun = { off: null, sent: [], failed: [], uncertain: 0, skipped: [] };
  const mailer = deps.reportMailer;
  if (!mailer) return { ...run, off: 'no_mailer' };
  const { db } = deps.store;
  if (await readDemoMode(db)) return { ...run, off: 'demo' };
  const now = deps.clock.now();
  run.uncertain = await markStaleWeeklyReportClaims(db, new Date(now.getTime() - staleClaimMinutes * 60_000), now);
  if (run.uncertain > 0) deps.log.warn({ deliveries: run.uncertain }, 'weekly report claims left sending by a stopped server are now uncertain; not resent');
  for (const office of await listLocations(db, { allLocations: true, locationIds: [] })) {
    const week = weekDueAt(now, office.timeZone);
    if (!week) continue;
    const claim = await claimWeeklyReportDelivery(db, { locationId: office.id, week: week.week, now, retryFailedBefore: new Date(now.getTime() - retryFailedMinutes * 60_000), maxTries });
    if (!claim) continue;
    const recipients = await weeklyReportRecipients(db, office.id);
    const at = { location: office.externalId, week: week.week };
    if (recipients.length === 0) {
      await finishWeeklyReportDelivery(db, claim.id, { state: 'skipped', recipients: [], sentAt: null, failure: 'No active manager or admin covers this office.' }, deps.clock.now());
      run.skipped.push(at);
      continue;
    }
    const userIds = recipients.map((r) => r.userId);
    let report;
    try {
      report = await buildWeeklyReport(deps, { week: week.week, location: office.externalId });
    } catch (error) {
      const code = String((error as { code?: unknown }).code ?? 'unknown');
      await finishWeeklyReportDelivery(db, claim.id, { state: 'failed', recipients: userIds, sentAt: null, failure: `The report could not be generated (${code}).` }, deps.clock.now());
      deps.log.error({ locationId: office.id, week: week.week, code }, 'weekly report not generated; the next run tries again');
      run.failed.push({ ...at, code });
      continue;
    }
    const result = await mailer.send({
      key: `weekly-report-${office.id}-${week.week}`,
      to: recipients.map((r) => r.email),
      subject: `Weekly recall report · ${office.name} · ${week.week}`,
      text: [
        `The weekly recall report of ${office.name} for ${week.week} (${week.monday} to the Sunday before ${week.nextMonday}) is attached as a PDF.`,
        'You receive it as a manager of this office. The same report can be downloaded from Recare at any time.',
      ].join('\n\n'),
      attachment: { filename: report.filename, content: report.pdf },
    });
    const finishedAt = deps.clock.now();
    if (result.ok) {
      const failure = result.refused > 0 ? `The mail server refused ${result.refused} of ${userIds.length} recipients; the others received it.` : null;
      await finishWeeklyReportDelivery(db, claim.id, { state: 'sent', recipients: userIds, sentAt: finishedAt, failure }, finishedAt);
      deps.log.info({ locationId: office.id, week: week.week, recipients: userIds.length }, 'weekly report emailed');
      run.sent.push({ ...at, recipients: userIds.length });
    } else {
      await finishWeeklyReportDelivery(db, claim.id, { state: result.ambiguous ? 'uncertain' : 'failed', recipients: userIds, sentAt: null, failure: `${result.message} (${result.code})` }, finishedAt);
      deps.log.warn({ locationId: office.id, week: week.week, code: result.code, ambiguous: result.ambiguous }, 'weekly report email not confirmed');
      if (result.ambiguous) run.uncertain += 1;
      else run.failed.push({ ...at, code: result.code });
    }
  }
  return run;
}

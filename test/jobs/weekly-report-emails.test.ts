/**
 * The server's weekly report job: from Monday 07:00 office time, last week's PDF goes to the managers
 * and admins who cover the office, through a real SMTP server on loopback, exactly once per office and
 * week (a second run, or a second server, sends nothing). A claim left 'sending' by a server that
 * stopped becomes 'uncertain' and is not resent; a refused mail is tried again later. Nothing is sent
 * without a mailer or in demo mode.
 */
import { simpleParser } from 'mailparser';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpReportMailer } from '../../src/channels/email/report-mailer.js';
import { pdfWeeklyReportPrinter } from '../../src/channels/report/weekly-report-pdf.js';
import { fixedClock } from '../../src/clock.js';
import type { JobTimer } from '../../src/jobs/job-timer.js';
import { scheduleWeeklyReports } from '../../src/jobs/schedule-weekly-reports.js';
import { sendWeeklyReports, type WeeklyReportsRun } from '../../src/use-cases/reports/send-weekly-reports.js';
import { readPdf } from '../channels/pdf-text.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { buildWeek, week } from '../reporting/weekly-fixture.js';

const log = pino({ level: 'silent' });

describe.each(backends)('weekly report emails on %s', (backend) => {
  let t: TestStore;
  let sink: SmtpSink;
  let offices: { tpa: number; phx: number };
  const deps = (at: string, options: { mailer?: boolean } = {}) => {
    const clock = fixedClock(at);
    return {
      store: t.store, clock, log, reportPrinter: pdfWeeklyReportPrinter,
      reportMailer: options.mailer === false ? null : createSmtpReportMailer({ smtpUrl: sink.url, fromAddress: 'reports@clinic.example', clock }),
    };
  };
  const deliveries = () => t.store.db.selectFrom('weekly_report_deliveries').select(['location_id', 'week', 'state', 'recipients', 'sent_at', 'failure', 'tries']).orderBy('location_id').execute();

  beforeAll(async () => {
    t = await openTestStore(backend);
    sink = await startSmtpSink();
    offices = await buildWeek(t.store.db);
    if (!(await t.store.db.selectFrom('organization').select('id').executeTakeFirst())) {
      await t.store.db.insertInto('organization').values({ name: 'Test clinic', policy: JSON.stringify({}) }).execute();
    }
    const user = async (name: string, role: 'manager' | 'admin' | 'front_desk', locations: number[] | 'all', disabled = false) => {
      const id = (await t.store.db.insertInto('users').values({
        email: `${name}@clinic.example`, display_name: name, role, all_locations: locations === 'all', disabled_at: disabled ? '2026-11-01T00:00:00Z' : null,
      }).returning('id').executeTakeFirstOrThrow()).id;
      if (locations !== 'all') for (const location of locations) await t.store.db.insertInto('user_locations').values({ user_id: id, location_id: location }).execute();
      return id;
    };
    await user('owner', 'admin', 'all');
    await user('tina', 'manager', [offices.tpa]);
    await user('paul', 'manager', [offices.phx]);
    await user('desk', 'front_desk', 'all');
    await user('gone', 'manager', 'all', true);
  });
  afterAll(async () => {
    await sink?.close();
    await t?.dispose();
  });

  it('sends nothing without a mailer, in demo mode, or on Monday before 07:00 office time', async () => {
    expect((await sendWeeklyReports(deps('2026-11-30T13:00:00Z', { mailer: false }))).off).toBe('no_mailer');
    await t.store.db.updateTable('organization').set({ demo: true }).execute();
    expect((await sendWeeklyReports(deps('2026-11-30T13:00:00Z'))).off).toBe('demo');
    await t.store.db.updateTable('organization').set({ demo: false }).execute();
    // 06:59 in Tampa, 04:59 in Phoenix.
    expect(await sendWeeklyReports(deps('2026-11-30T11:59:00Z'))).toEqual({ off: null, sent: [], failed: [], uncertain: 0, skipped: [] });
    expect(sink.received).toHaveLength(0);
    expect(await deliveries()).toEqual([]);
  });

  it("emails Tampa's managers last week's PDF at 07:00 Tampa time, once; a second run sends nothing", async () => {
    // 07:00 in Tampa, 05:00 in Phoenix: Tampa is due, Phoenix not yet.
    const first = await sendWeeklyReports(deps('2026-11-30T12:00:00Z'));
    expect(first.sent).toEqual([{ location: 'TPA', week, recipients: 2 }]);
    expect(sink.received).toHaveLength(1);
    const mail = sink.received[0]!;
    expect(mail.envelope.to.sort()).toEqual(['owner@clinic.example', 'tina@clinic.example']);
    expect(mail.subject).toBe('Weekly recall report · Tampa · 2026-W48');
    const attachment = (await simpleParser(mail.raw)).attachments[0]!;
    expect(attachment).toMatchObject({ filename: 'recare-weekly-TPA-2026-W48.pdf', contentType: 'application/pdf' });
    const lines = (await readPdf(attachment.content)).pages.flatMap((p) => p.text.split('\n'));
    expect(lines).toEqual(expect.arrayContaining(['Tampa (TPA)', 'Scheduled 1', 'Unreachable 1', 'Declined 1', 'Escalated 1', 'Eligible 6 100.0%']));

    const again = await sendWeeklyReports(deps('2026-11-30T12:10:00Z'));
    expect(again.sent).toEqual([]);
    expect(sink.received).toHaveLength(1);
    expect(await deliveries()).toMatchObject([{ location_id: offices.tpa, week, state: 'sent', failure: null, tries: 1 }]);
  });

  it("marks a claim a stopped server left 'sending' as uncertain and does not resend it", async () => {
    // Phoenix's claim, made at 07:00 Phoenix time by a server that stopped before the relay answered.
    await t.store.db.insertInto('weekly_report_deliveries').values({ location_id: offices.phx, week, state: 'sending', recipients: JSON.stringify([]), claimed_at: '2026-11-30T14:00:00Z' }).execute();
    const soon = await sendWeeklyReports(deps('2026-11-30T14:20:00Z'));
    expect(soon).toMatchObject({ sent: [], uncertain: 0 });
    const later = await sendWeeklyReports(deps('2026-11-30T14:31:00Z'));
    expect(later).toMatchObject({ sent: [], uncertain: 1 });
    expect(sink.received).toHaveLength(1);
    const phx = (await deliveries()).find((d) => d.location_id === offices.phx);
    expect(phx).toMatchObject({ state: 'uncertain', sent_at: null, failure: 'The server stopped while sending; the mail may or may not have gone out. Check with the recipients or the mail server, then download the report if needed.' });
  });

  it('tries a refused mail again half an hour later, through the repeating job', async () => {
    await t.store.db.deleteFrom('weekly_report_deliveries').execute();
    // The relay refuses the next mail after reading it (a temporary refusal): it did not take it.
    sink.failNext({ at: 'data', code: 451, text: '4.3.0 Try again later' });
    const runs: WeeklyReportsRun[] = [];
    const fire: (() => void)[] = [];
    const timer: JobTimer = { after: (_ms, run) => (fire.push(run), () => undefined) };
    const job = scheduleWeeklyReports(deps('2026-12-07T13:00:00Z'), { everyMs: 600_000, timer, onRun: (run) => runs.push(run) });
    fire.shift()!();
    await job.stop();
    // Tampa refused (4xx), Phoenix (06:00 there) not due yet.
    expect(runs[0]).toMatchObject({ sent: [], failed: [{ location: 'TPA', week: '2026-W49', code: 'smtp_451' }] });
    expect(await deliveries()).toMatchObject([{ location_id: offices.tpa, week: '2026-W49', state: 'failed', failure: 'The mail server asked us to try again later (451 4.3.0). (smtp_451)', tries: 1 }]);
    expect((await sendWeeklyReports(deps('2026-12-07T13:20:00Z'))).sent).toEqual([]);
    const retried = await sendWeeklyReports(deps('2026-12-07T14:01:00Z'));
    expect(retried.sent).toEqual([{ location: 'TPA', week: '2026-W49', recipients: 2 }, { location: 'PHX', week: '2026-W49', recipients: 2 }]);
    expect(sink.received.slice(1).map((m) => [m.subject, m.envelope.to.sort()])).toEqual([
      ['Weekly recall report · Tampa · 2026-W49', ['owner@clinic.example', 'tina@clinic.example']],
      ['Weekly recall report · Phoenix · 2026-W49', ['owner@clinic.example', 'paul@clinic.example']],
    ]);
    expect(await deliveries()).toMatchObject([{ state: 'sent', tries: 2 }, { state: 'sent', tries: 1 }]);
  });
});

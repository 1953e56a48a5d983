/**
 * `recare report`: the report's figures for a period (docs/reporting.md) as text or JSON. Default
 * period: the last 30 local days, today included (today per --at, or now).
 */
import type { Command } from 'commander';
import { fixedClock } from '../../clock.js';
import type { ReportSummary } from '../../domain/reporting/index.js';
import { exitCodes, writeLine, type CliIo } from '../cli-io.js';
import { instant } from '../parse-options.js';
import { guarded, withApp } from '../run-command.js';
import { registerReportWeekly } from './report-weekly.js';

export function registerReport(program: Command, io: CliIo, done: (code: number) => void): void {
  const report = program
    .command('report')
    .description('The recall funnel and its figures for a period: eligible → attempted → reached → scheduled → attended, outcomes, rates and costs (docs/reporting.md); `report weekly` writes the weekly PDF')
    .option('--from <date>', 'first local date of the period, YYYY-MM-DD (default: 30 days before --to)')
    .option('--to <date>', 'first local date after the period, YYYY-MM-DD (default: tomorrow, so today is included)')
    .option('--location <id>', 'one office, by its id (e.g. TPA); default every office')
    .option('--program <key>', 'one recall program, by its key (e.g. hygiene); default every program')
    .option('--at <instant>', 'ISO-8601 instant with an offset that decides "today" (default: now)')
    .option('--json', 'print the summary as JSON (the keys of GET /api/reports/summary)')
    .option('--data <dir>', 'embedded database directory (default ./data or RECARE_DATA_DIR; ignored when DATABASE_URL is set)')
    .action(async (options: { from?: string; to?: string; location?: string; program?: string; at?: string; json?: boolean; data?: string }) => {
      done(await guarded(io, async () => {
        const at = options.at ? instant('--at', options.at) : undefined;
        const useCase = import('../../use-cases/reports/read-report-summary.js');
        return withApp(io, 'report', { dataDir: options.data }, async (app) => {
          const { readReportSummary } = await useCase;
          const summary = await readReportSummary(at ? { ...app, clock: fixedClock(at) } : app, {
            from: options.from, to: options.to, location: options.location ?? null, program: options.program ?? null,
          });
          if (options.json) writeLine(io.stdout, JSON.stringify(summary));
          else printSummary(io, summary, options);
          return exitCodes.ok;
        });
      }));
    });
  registerReportWeekly(report, io, done);
}

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
const dollars = (cents: number | null) => (cents === null ? '—' : `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);
const days = (n: number | null) => (n === null ? '—' : `${Math.round(n * 10) / 10} days`);

function printSummary(io: CliIo, s: ReportSummary, options: { location?: string; program?: string }): void {
  const line = (text: string) => writeLine(io.stdout, text);
  line(`Report · ${s.period.from} to ${s.period.to} (to excluded) · ${options.location ?? 'every office'} · ${options.program ?? 'every program'}`);
  line(`Funnel      eligible ${s.eligible} → attempted ${s.attempted} → reached ${s.reached} → scheduled ${s.scheduled} → attended ${s.attended}`);
  line(`Outcomes    declined ${s.declined} · unreachable ${s.unreachable} · opted out ${s.optedOut} · escalated: clinical ${s.escalated.clinical}, insurance ${s.escalated.insurance}, language ${s.escalated.language}, manager ${s.escalated.manager}`);
  const given = s.reasons.filter((r) => r.touches > 0).map((r) => `${r.reason} ${r.touches}`);
  line(`Reasons     ${given.length > 0 ? given.join(' · ') : 'none'} (touches that declined, were not ready or opted out)`);
  line(`Data        ${s.dataProblems} data problem${s.dataProblems === 1 ? '' : 's'} (wrong numbers, invalid addresses, hard bounces)`);
  line(`Rates       connect ${percent(s.connectRate)} · opt-out ${percent(s.optOutRate)} · reactivation ${percent(s.reactivationRate)} · treatment acceptance ${percent(s.treatmentAcceptance)}`);
  line(`Response    voice ${percent(s.responseRate.voice)} · sms ${percent(s.responseRate.sms)} · email ${percent(s.responseRate.email)} · letter ${percent(s.responseRate.letter)}`);
  line(`No-shows    after outreach ${percent(s.noShowRate.attributed)} · other ${percent(s.noShowRate.other)}`);
  line(`Due → booked mean ${days(s.daysDueToScheduled.mean)} · median ${days(s.daysDueToScheduled.median)}`);
  line(`Money       recovered production ${dollars(s.recoveredProductionCents)} · cost per booked visit ${dollars(s.costPerBookedVisitCents)}${s.costPerBookedVisitCents === null ? ' (set the hourly staff cost: policy reporting.hourlyStaffCostCents)' : ''}`);
  for (const l of s.byLocation) line(`  office ${l.location ?? '(none)'}: eligible ${l.eligible} → attempted ${l.attempted} → reached ${l.reached} → scheduled ${l.scheduled} → attended ${l.attended}`);
  for (const p of s.byProgram) line(`  program ${p.program}: eligible ${p.eligible} → attempted ${p.attempted} → reached ${p.reached} → scheduled ${p.scheduled} → attended ${p.attended}`);
}

/**
 * Reports (managers and admins: reports.read): the recall funnel and its figures for a period, an
 * office and a program, as charts with a table view and a CSV each. Every number comes from the API
 * (GET /api/reports/summary, once for the period and once per week of it, and
 * GET /api/reports/data-problems); nothing is computed here but percentages of the API's counts.
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { ChartConfiguration } from 'chart.js';
import { api, type DataProblem, type Program, type ReportQuery, type ReportSummary } from '../api';
import {
  addDays, barriersTable, dataProblemsTable, funnelTable, lastQuarter, liftTable, officeLabel, officesTable, optOutBands, optOutTable, reasonOutcomeColumns, reasonsTable,
  staffTable, weeklyTable, weeksOf,
} from '../report-figures';
import { patientPath } from '../router';
import { localDate } from '../time';
import { can, useWorkspace } from '../workspace-context';
import { follow } from './AppHeader';
import { ChartCard } from './ChartCard';
import { EmptyState, ErrorNotice, Loading, useAsync } from './status';

const colors = { blue: '#1d4ed8', teal: '#0f766e', amber: '#b45309', violet: '#6d28d9', slate: '#475569', red: '#b91c1c', green: '#15803d' };
const stageColors = [colors.slate, colors.blue, colors.teal, colors.violet, colors.green];

/** Each week's summary, two requests at a time (the server works each in one statement). */
async function loadWeeks(query: ReportQuery, period: { from: string; to: string }): Promise<{ from: string; to: string; summary: ReportSummary }[]> {
  const weeks = weeksOf(period);
  const results: { from: string; to: string; summary: ReportSummary }[] = new Array(weeks.length);
  let next = 0;
  const worker = async () => {
    while (next < weeks.length) {
      const i = next++;
      const week = weeks[i]!;
      results[i] = { ...week, summary: await api.reportSummary({ ...query, from: week.from, to: week.to }) };
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

export function ReportsPage() {
  const { user } = useWorkspace();
  if (!can.viewReports(user)) {
    return <EmptyState title="Reports are for managers"><p>Ask a practice manager for the recall figures.</p></EmptyState>;
  }
  return <Reports />;
}

function Reports() {
  const { workspace, zoneOf } = useWorkspace();
  const [query, setQuery] = useState<ReportQuery>({});
  const key = JSON.stringify(query);
  const [summary, reloadSummary] = useAsync(() => api.reportSummary(query), `summary|${key}`);
  const [problems, reloadProblems] = useAsync(() => api.dataProblems(query), `problems|${key}`);
  const [programs] = useAsync(() => api.programs().then((p) => (Array.isArray(p) ? p : p.programs)), 'programs');
  const period = summary.state === 'ready' ? summary.value.period : null;
  const [weeks, reloadWeeks] = useAsync(() => (period ? loadWeeks(query, period) : Promise.resolve(null)), `weeks|${key}|${period?.from}|${period?.to}`);

  // "Today" is the server's: the default period ends with it (to = tomorrow).
  const [today, setToday] = useState<string | null>(null);
  const [form, setForm] = useState({ from: '', through: '', location: '', program: '' });
  useEffect(() => {
    if (!period) return;
    if (today === null && !query.from && !query.to) setToday(addDays(period.to, -1));
    setForm((f) => ({ ...f, from: period.from, through: addDays(period.to, -1) }));
  }, [period?.from, period?.to]);

  const apply = (next: { from?: string | null; to?: string | null }) => {
    setQuery({ from: next.from ?? null, to: next.to ?? null, location: form.location || null, program: form.program || null });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply({ from: form.from || null, to: form.through ? addDays(form.through, 1) : null });
  };
  const programList: Program[] = programs.state === 'ready' ? programs.value : [];
  const programName = (k: string) => programList.find((p) => p.key === k)?.name ?? k.replace(/_/g, ' ');

  return (
    <section aria-labelledby="reports-title" className="reports">
      <div className="page-title">
        <h1 id="reports-title">Reports</h1>
        <p className="muted">The recall funnel and its figures, computed from what happened: attempts, replies, cases and appointments. docs/reporting.md defines each.</p>
      </div>
      <form className="card toolbar report-filters" onSubmit={submit} aria-label="Report period and filters">
        <div className="field">
          <label htmlFor="report-from">From</label>
          <input id="report-from" type="date" value={form.from} onChange={(e) => setForm((f) => ({ ...f, from: e.target.value }))} />
        </div>
        <div className="field">
          <label htmlFor="report-through">Through (included)</label>
          <input id="report-through" type="date" value={form.through} onChange={(e) => setForm((f) => ({ ...f, through: e.target.value }))} />
        </div>
        <div className="field">
          <label htmlFor="report-location">Office</label>
          <select id="report-location" value={form.location} onChange={(e) => setForm((f) => ({ ...f, location: e.target.value }))}>
            <option value="">All my offices</option>
            {workspace.locations.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="report-program">Program</label>
          <select id="report-program" value={form.program} onChange={(e) => setForm((f) => ({ ...f, program: e.target.value }))}>
            <option value="">All programs</option>
            {programList.map((p) => <option key={p.key} value={p.key}>{p.name}</option>)}
          </select>
        </div>
        <div className="form-actions">
          <button type="submit" className="primary">Show figures</button>
          <button type="button" onClick={() => apply({})}>Last 30 days</button>
          <button type="button" disabled={today === null} onClick={() => today && apply(lastQuarter(today))}>Last quarter</button>
        </div>
      </form>
      {summary.state === 'loading' && <Loading what="the figures" />}
      {summary.state === 'error' && <ErrorNotice error={summary.error} onRetry={() => { reloadSummary(); reloadProblems(); reloadWeeks(); }} />}
      {summary.state === 'ready' && (
        <>
          <p className="muted" role="status" data-testid="report-period">
            {summary.value.period.from} through {addDays(summary.value.period.to, -1)}
            {query.location ? ` · ${workspace.locations.find((l) => l.id === query.location)?.name ?? query.location}` : ' · all my offices'}
            {query.program ? ` · ${programName(query.program)}` : ' · all programs'}
          </p>
          <Figures summary={summary.value} />
          {weeks.state === 'loading' && <Loading what="the weekly trends" />}
          {weeks.state === 'error' && <ErrorNotice error={weeks.error} onRetry={reloadWeeks} />}
          {weeks.state === 'ready' && weeks.value && <WeeklyTrends weeks={weeks.value} />}
          <OptOuts summary={summary.value} />
          <Lift summary={summary.value} programName={programName} />
          {problems.state === 'loading' && <Loading what="the data problems" />}
          {problems.state === 'error' && <ErrorNotice error={problems.error} onRetry={reloadProblems} />}
          {problems.state === 'ready' && (
            <DataProblems problems={problems.value.problems} truncated={problems.value.truncated} limit={problems.value.limit} dateOf={(p) => localDate(new Date(p.at), zoneOf(p.location))} />
          )}
          <Barriers summary={summary.value} />
          <Reasons summary={summary.value} />
        </>
      )}
    </section>
  );
}

function Figures({ summary }: { summary: ReportSummary }) {
  const funnel = useMemo(() => funnelTable(summary), [summary]);
  const offices = useMemo(() => officesTable(summary), [summary]);
  const staff = useMemo(() => staffTable(summary), [summary]);
  const funnelChart = useMemo<ChartConfiguration>(() => ({
    type: 'bar',
    data: { labels: funnel.rows.map((r) => r[0]!), datasets: [{ label: 'Patients', data: funnel.rows.map((r) => Number(r[1])), backgroundColor: stageColors }] },
    options: { indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
  }), [funnel]);
  const officesChart = useMemo<ChartConfiguration>(() => ({
    type: 'bar',
    data: {
      labels: summary.byLocation.map(officeLabel),
      datasets: (['eligible', 'attempted', 'reached', 'scheduled', 'attended'] as const).map((k, i) => ({ label: k[0]!.toUpperCase() + k.slice(1), data: summary.byLocation.map((l) => l[k]), backgroundColor: stageColors[i] })),
    },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  }), [summary]);
  const staffChart = useMemo<ChartConfiguration>(() => ({
    type: 'bar',
    data: {
      labels: summary.byStaff.map((m) => m.name),
      datasets: [
        { label: 'Touches', data: summary.byStaff.map((m) => m.touches), backgroundColor: colors.slate },
        { label: 'Patients touched', data: summary.byStaff.map((m) => m.patientsTouched), backgroundColor: colors.blue },
        { label: 'Patients scheduled', data: summary.byStaff.map((m) => m.patientsScheduled), backgroundColor: colors.green },
      ],
    },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  }), [summary]);
  return (
    <>
      <ChartCard id="funnel" title="The funnel" table={funnel} chart={funnelChart} fileName={`recare-funnel-${summary.period.from}.csv`}>
        <p className="muted small">Patients due in the period, and of them those attempted, reached, scheduled after a touch and seen.</p>
      </ChartCard>
      <ChartCard id="offices" title="Offices side by side" table={offices} chart={summary.byLocation.length > 0 ? officesChart : null} fileName={`recare-offices-${summary.period.from}.csv`}>
        <p className="muted small">Each office's patients through the funnel, with their outcomes.</p>
      </ChartCard>
      <ChartCard id="staff" title="Staff side by side" table={staff} chart={summary.byStaff.length > 0 ? staffChart : null} fileName={`recare-staff-${summary.period.from}.csv`}>
        <p className="muted small">
          Ordered by name, not ranked. Volume and outcomes belong together: calls alone say nothing about the care behind them, and a hard list
          takes more calls per booking.
        </p>
      </ChartCard>
    </>
  );
}

function WeeklyTrends({ weeks }: { weeks: { from: string; to: string; summary: ReportSummary }[] }) {
  const table = useMemo(() => weeklyTable(weeks), [weeks]);
  const chart = useMemo<ChartConfiguration>(() => ({
    type: 'line',
    data: {
      labels: weeks.map((w) => w.from),
      datasets: (['attempted', 'reached', 'scheduled', 'attended'] as const).map((k, i) => ({
        label: k[0]!.toUpperCase() + k.slice(1), data: weeks.map((w) => w.summary[k]), borderColor: stageColors[i + 1], backgroundColor: stageColors[i + 1],
      })),
    },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  }), [weeks]);
  return (
    <ChartCard id="weekly" title="Weekly trends" table={table} chart={chart} fileName={`recare-weekly-${weeks[0]?.from ?? 'none'}.csv`}>
      <p className="muted small">The funnel week by week, each week counted on its own (weeks start on the period's first day; the last may be shorter).</p>
    </ChartCard>
  );
}

function OptOuts({ summary }: { summary: ReportSummary }) {
  const table = useMemo(() => optOutTable(summary), [summary]);
  const chart = useMemo<ChartConfiguration>(() => {
    const labels = table.rows.map((r) => r[0]!);
    const rates = [...summary.byLocation.map((l) => l.optOutRate), summary.optOutRate].map((r) => (r === null ? null : r * 100));
    return {
      type: 'bar',
      data: {
        labels,
        datasets: [
          { type: 'bar', label: 'Opt-out rate (%)', data: rates, backgroundColor: rates.map((r) => (r === null ? colors.slate : r > optOutBands.alarming * 100 ? colors.red : r >= optOutBands.healthy * 100 ? colors.amber : colors.green)) },
          { type: 'line', label: 'Healthy under 1.5%', data: labels.map(() => optOutBands.healthy * 100), borderColor: colors.green, borderDash: [6, 4], pointRadius: 0 },
          { type: 'line', label: 'Alarming above 3%', data: labels.map(() => optOutBands.alarming * 100), borderColor: colors.red, borderDash: [2, 3], pointRadius: 0 },
        ],
      },
      options: { scales: { y: { beginAtZero: true, suggestedMax: 4, title: { display: true, text: '% of attempted patients' } } } },
    } as ChartConfiguration;
  }, [summary, table]);
  return (
    <ChartCard id="opt-outs" title="Opt-out rate against its bands" table={table} chart={chart} fileName={`recare-opt-outs-${summary.period.from}.csv`}>
      <p className="muted small">Patients who opted out ÷ patients attempted. Healthy under 1.5%; above 3% is alarming: look at how often and how patients are contacted.</p>
    </ChartCard>
  );
}

function Lift({ summary, programName }: { summary: ReportSummary; programName: (key: string) => string }) {
  const rows = summary.lift ?? [];
  const table = useMemo(() => liftTable(summary, programName), [summary, programName]);
  const chart = useMemo<ChartConfiguration>(() => ({
    type: 'bar',
    data: {
      labels: rows.map((l) => programName(l.program)),
      datasets: [
        { type: 'bar', label: '95% CI of the difference (percentage points)', data: rows.map((l) => (l.scheduledShare.ci95 ? [l.scheduledShare.ci95.low * 100, l.scheduledShare.ci95.high * 100] : null)) as unknown as number[], backgroundColor: 'rgba(29, 78, 216, .35)' },
        { type: 'line', label: 'Difference (outreach − holdout)', data: rows.map((l) => (l.scheduledShare.difference === null ? null : l.scheduledShare.difference * 100)), showLine: false, pointRadius: 6, borderColor: colors.blue, backgroundColor: colors.blue },
      ],
    },
    options: { scales: { y: { title: { display: true, text: 'Scheduled share: outreach − holdout (points)' } } } },
  } as ChartConfiguration), [rows, programName]);
  if (rows.length === 0) {
    return (
      <section className="card report-card" aria-labelledby="lift-title" data-figure="lift">
        <h2 id="lift-title">What outreach added</h2>
        <p data-testid="lift-empty">
          No holdout configured: turn on a holdout on the <a href="/settings" onClick={follow('/settings')}>Policy page</a> to measure what outreach adds.
        </p>
      </section>
    );
  }
  return (
    <ChartCard id="lift" title="What outreach added" table={table} chart={chart} fileName={`recare-lift-${summary.period.from}.csv`}>
      <p className="muted small">
        Per program, the share of patients scheduled with outreach against the randomly held-out patients without it, the difference and its 95%
        confidence interval. The self-credited figure (every patient scheduled after a touch) is shown beside it, labelled as such: it is not what outreach added.
      </p>
      <ul className="lift-sentences">{rows.map((l) => <li key={l.program}><strong>{programName(l.program)}:</strong> {l.sentence}</li>)}</ul>
    </ChartCard>
  );
}

function DataProblems({ problems, truncated, limit, dateOf }: { problems: DataProblem[]; truncated: boolean; limit: number; dateOf: (p: DataProblem) => string }) {
  const table = useMemo(() => dataProblemsTable(problems, dateOf), [problems]);
  return (
    <ChartCard id="data-problems" title="Data problems to fix" table={table} chart={null} fileName="recare-data-problems.csv" links={problems.map((p) => patientPath(p.patientId))}>
      <p className="muted small">
        Numbers marked wrong or invalid and emails that hard-bounced in the period, latest first. Open the patient to correct the contact details.
        {truncated ? ` Only the latest ${limit} are listed.` : ''}
      </p>
      {problems.length === 0 && <p>No data problems in this period.</p>}
    </ChartCard>
  );
}

function Barriers({ summary }: { summary: ReportSummary }) {
  const table = useMemo(() => barriersTable(summary), [summary]);
  const chart = useMemo<ChartConfiguration>(() => ({
    type: 'bar',
    data: { labels: table.rows.map((r) => r[0]!), datasets: [{ label: 'Times recorded', data: table.rows.map((r) => Number(r[1])), backgroundColor: colors.amber }] },
    options: { indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
  }), [table]);
  return (
    <ChartCard id="barriers" title="Declines and barriers" table={table} chart={chart} fileName={`recare-barriers-${summary.period.from}.csv`}>
      <p className="muted small">
        Why patients did not book: the outcomes recorded in the period, by staff or in the practice system's contact log. The reasons
        patients gave are in the next chart.
      </p>
    </ChartCard>
  );
}

function Reasons({ summary }: { summary: ReportSummary }) {
  const table = useMemo(() => reasonsTable(summary), [summary]);
  const chart = useMemo<ChartConfiguration>(() => {
    const outcomeColors = [colors.amber, colors.violet, colors.red];
    return {
      type: 'bar',
      data: {
        labels: table.rows.map((r) => r[0]!),
        datasets: reasonOutcomeColumns.map((k, i) => ({ label: table.columns[i + 1]!, data: summary.reasons.map((r) => r.byOutcome[k]), backgroundColor: outcomeColors[i] })),
      },
      options: { indexAxis: 'y', scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } } },
    };
  }, [summary, table]);
  return (
    <ChartCard id="reasons" title="Decline and barrier reasons" table={table} chart={chart} fileName={`recare-reasons-${summary.period.from}.csv`}>
      <p className="muted small">
        The reason staff picked when a patient declined, was not ready or opted out, counted per touch in the period. "Not given" is a touch
        with no reason: none was picked, or it came from the practice system's contact log.
      </p>
    </ChartCard>
  );
}

/**
 * One figure of the Reports page: a heading, a chart (chart.js on a canvas), the same figures as an
 * accessible table behind a disclosure, and a CSV download of exactly that table. The chart is a
 * picture of the table: screen readers are pointed to the table, which has every number.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartConfiguration,
} from 'chart.js';
import { downloadCsv, type FigureTable } from '../csv';
import { follow } from './AppHeader';

// Only what the report's bar and line charts use, so the bundle carries no other chart types.
Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

export function ChartCard({ id, title, children, table, chart, fileName, links }: {
  /** A slug: the section's data-figure, the table's test id and the CSV's name. */
  id: string;
  title: string;
  children?: ReactNode;
  table: FigureTable;
  chart: ChartConfiguration | null;
  fileName: string;
  /** Where each row's first cell links to (in the app), if anywhere. */
  links?: (string | null)[];
}) {
  return (
    <section className="card report-card" aria-labelledby={`${id}-title`} data-figure={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
      {chart && <ChartCanvas config={chart} label={`${title} (chart). The table below lists every figure.`} />}
      <details className="figure-table">
        <summary>Table: {title}</summary>
        <div className="worklist-frame">
          <table data-testid={`${id}-table`}>
            <caption className="visually-hidden">{title}</caption>
            <thead><tr>{table.columns.map((c) => <th scope="col" key={c}>{c}</th>)}</tr></thead>
            <tbody>
              {table.rows.map((row, r) => (
                <tr key={r}>{row.map((cell, i) => (i === 0 ? <th scope="row" key={i}>{links?.[r] ? <a href={links[r]} onClick={follow(links[r])}>{cell}</a> : cell}</th> : <td key={i}>{cell}</td>))}</tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      <button type="button" onClick={() => downloadCsv(table, fileName)} aria-label={`Download CSV: ${title}`}>Download CSV</button>
    </section>
  );
}

function ChartCanvas({ config, label }: { config: ChartConfiguration; label: string }) {
  const canvas = useRef<HTMLCanvasElement | null>(null);
  useEffect(() => {
    if (!canvas.current) return undefined;
    const chart = new Chart(canvas.current, { ...config, options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options } });
    return () => chart.destroy();
  }, [config]);
  return <div className="chart-box"><canvas ref={canvas} role="img" aria-label={label} /></div>;
}

/**
 * The randomized holdout on the Policy page (managers): per program, off or a share of 5–10% of newly
 * due patients held out from proactive outreach, so the Reports page can show what outreach added.
 * Shares are typed as percentages and sent as fractions; the server checks them and answers with what
 * was given and what is allowed. A change affects only items that become due afterwards.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage, type HoldoutChanges, type PolicyView } from '../api';

interface Row { on: boolean; percent: string }

const percentOf = (share: number) => String(Math.round(share * 1000) / 10);
const rowsOf = (view: PolicyView, holdout: Record<string, number>): Record<string, Row> =>
  Object.fromEntries(view.programs.map((p) => [p.key, holdout[p.key] === undefined ? { on: false, percent: '' } : { on: true, percent: percentOf(holdout[p.key]!) }]));

export function HoldoutSection({ view }: { view: PolicyView }) {
  const [holdout, setHoldout] = useState<Record<string, number>>({ ...view.holdout });
  const [rows, setRows] = useState<Record<string, Row>>(() => rowsOf(view, view.holdout));
  const [error, setError] = useState<{ message: string; paths: string[] } | null>(null);
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle');
  useEffect(() => { setHoldout({ ...view.holdout }); setRows(rowsOf(view, view.holdout)); }, [view]);
  const min = view.holdoutLimits.share.min * 100;
  const max = view.holdoutLimits.share.max * 100;

  const edit = (key: string, next: Partial<Row>) => {
    setRows((r) => ({ ...r, [key]: { ...(r[key] ?? { on: false, percent: '' }), ...next } }));
    setState('idle');
    setError(null);
  };

  async function save(event: FormEvent) {
    event.preventDefault();
    const changes: HoldoutChanges = {};
    for (const [key, row] of Object.entries(rows)) {
      // An empty or non-numeric box is sent as typed, so the server's answer quotes it.
      if (row.on) changes[key] = row.percent.trim() === '' || Number.isNaN(Number(row.percent)) ? (row.percent as unknown as number) : Number(row.percent) / 100;
      else if (holdout[key] !== undefined) changes[key] = null;
    }
    setState('saving');
    try {
      const saved = await api.savePolicy({ holdout: changes });
      setHoldout({ ...saved.holdout });
      setRows(rowsOf(view, saved.holdout));
      setState('saved');
    } catch (e) {
      setState('idle');
      setError({ message: errorMessage(e), paths: e instanceof ApiError ? e.issues.map((i) => i.path) : [] });
    }
  }

  return (
    <form className="card" aria-labelledby="holdout-title" onSubmit={(e) => void save(e)} noValidate>
      <h2 id="holdout-title">Holdout: measure what outreach adds</h2>
      <p className="muted small">
        For a program with a holdout, a random {min}–{max}% of newly due patients get no proactive outreach (no calls, texts or emails from the
        worklist or the cadence); they can still call, reply or book. The Reports page compares how often each group books. Off by default. A change
        applies to patients who become due afterwards: nobody already due changes group.
      </p>
      {error && <p className="form-error notice notice-error" role="alert" id="holdout-error">{error.message}</p>}
      <div className="field-grid">
        {view.programs.map((p) => {
          const row = rows[p.key] ?? { on: false, percent: '' };
          const invalid = error?.paths.includes(`holdout.${p.key}`) ? true : undefined;
          return (
            <fieldset key={p.key} className="field">
              <legend>{p.name}</legend>
              <label className="field-check">
                <input type="checkbox" checked={row.on} onChange={(e) => edit(p.key, { on: e.target.checked, percent: row.percent || String(min) })} />
                Hold out some patients
              </label>
              <label htmlFor={`holdout-${p.key}`}>Share held out (%)</label>
              <input id={`holdout-${p.key}`} type="number" inputMode="decimal" min={min} max={max} step={0.5} value={row.on ? row.percent : ''} disabled={!row.on}
                aria-invalid={invalid} aria-describedby={[`holdout-${p.key}-hint`, invalid ? 'holdout-error' : ''].filter(Boolean).join(' ')}
                onChange={(e) => edit(p.key, { percent: e.target.value })} />
              <p className="muted small" id={`holdout-${p.key}-hint`}>{min}% to {max}%, or off.{holdout[p.key] !== undefined ? ` Now ${percentOf(holdout[p.key]!)}%.` : ' Now off.'}</p>
            </fieldset>
          );
        })}
      </div>
      {state === 'saved' && <p role="status" className="notice notice-success">Saved. Patients who become due from now on are drawn with these shares.</p>}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={state === 'saving'}>{state === 'saving' ? 'Saving…' : 'Save holdout'}</button>
      </div>
    </form>
  );
}

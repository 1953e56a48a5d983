/**
 * The worklist's order on the Policy page (managers): the ranking policy's bands, first first, moved
 * with buttons; how recent "recent" is for each band; and how long each program's items stay fresh
 * (their active window) before they are worked as reactivation and sink to the last band. The server
 * validates the whole order on save and answers with what was wrong, what was given and what is allowed.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage, type ActiveWindow, type PolicyView, type RankingBand, type RankingChanges, type RankingPolicy } from '../api';

type DayField = 'engagedWithinDays' | 'missedWithinDays' | 'presentedWithinDays' | 'recallWithinDays';
const dayFields: { key: DayField; label: string }[] = [
  { key: 'engagedWithinDays', label: 'Engaged recently: a reply, call back or opened link within (days)' },
  { key: 'missedWithinDays', label: 'Missed or cancelled visit within (days)' },
  { key: 'presentedWithinDays', label: 'Treatment presented within (days)' },
  { key: 'recallWithinDays', label: 'Recall due within ± (days)' },
];
/** The program lists that put a case in a band, shown under the band. */
const bandPrograms: Partial<Record<RankingBand, keyof RankingPolicy>> = {
  time_bound: 'timeBoundPrograms', missed_recently: 'missedPrograms', treatment_recent: 'treatmentPrograms', recall_window: 'recallPrograms',
};

type WindowUnit = 'days' | 'months' | 'never';
interface WindowForm { unit: WindowUnit; amount: string }
interface Form {
  order: RankingBand[];
  days: Record<DayField, string>;
  windows: Record<string, WindowForm>;
}

const windowFormOf = (window: ActiveWindow | undefined): WindowForm =>
  !window ? { unit: 'never', amount: '' } : 'days' in window ? { unit: 'days', amount: String(window.days) } : { unit: 'months', amount: String(window.months) };

function formOf(ranking: RankingPolicy, programKeys: string[]): Form {
  return {
    order: [...ranking.order],
    days: Object.fromEntries(dayFields.map(({ key }) => [key, String(ranking[key])])) as Record<DayField, string>,
    windows: Object.fromEntries(programKeys.map((key) => [key, windowFormOf(ranking.activeWindows[key])])),
  };
}

/** A number as typed; an empty box is sent as it is, so the server's answer names what was given. */
const numberOf = (text: string): number => (text.trim() === '' ? (text as unknown as number) : Number(text));

const describeWindow = (window: ActiveWindow | undefined) =>
  !window ? 'never goes stale' : 'days' in window ? `${window.days} day${window.days === 1 ? '' : 's'}` : `${window.months} month${window.months === 1 ? '' : 's'}`;

export function WorklistOrderSection({ view }: { view: PolicyView }) {
  const [ranking, setRanking] = useState<RankingPolicy>(view.ranking);
  useEffect(() => { setRanking(view.ranking); }, [view]);
  const programName = (key: string) => view.programs.find((p) => p.key === key)?.name ?? key.replace(/_/g, ' ');
  // Every program but the one that works stale items; a window stored for a program no longer listed is kept.
  const programKeys = [...new Set([...view.programs.map((p) => p.key), ...Object.keys(ranking.activeWindows)])].filter((key) => key !== ranking.reactivationProgram);
  const [form, setForm] = useState<Form>(() => formOf(ranking, programKeys));
  const [error, setError] = useState<{ message: string; paths: string[] } | null>(null);
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [announcement, setAnnouncement] = useState('');
  const moveButtons = useRef(new Map<string, HTMLButtonElement | null>());
  const [focusAfterMove, setFocusAfterMove] = useState<string | null>(null);
  // programKeys follows ranking and view.
  useEffect(() => { setForm(formOf(ranking, programKeys)); }, [ranking, view]);
  useEffect(() => {
    if (focusAfterMove) moveButtons.current.get(focusAfterMove)?.focus();
    setFocusAfterMove(null);
  }, [focusAfterMove]);

  const labelOf = (band: RankingBand) => view.rankingBands.find((b) => b.key === band)?.label ?? band;
  const edited = () => { setState('idle'); setError(null); };

  function move(index: number, by: -1 | 1) {
    const order = [...form.order];
    const band = order[index]!;
    const target = index + by;
    order.splice(index, 1);
    order.splice(target, 0, band);
    setForm((f) => ({ ...f, order }));
    edited();
    setAnnouncement(`${labelOf(band)} moved to ${target + 1} of ${order.length}.`);
    // Keep the focus on the same button unless the band reached the end it moved to.
    // "Past its active window" stays last (stale work never ranks above fresh work), so a band moving down stops above it.
    const atEnd = by === -1 ? target === 0 : target === order.length - 2;
    setFocusAfterMove(`${band}:${atEnd ? (by === -1 ? 'down' : 'up') : by === -1 ? 'up' : 'down'}`);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    // Each window shown is sent (null: never stale); the reactivation program's own window, not edited here, is kept as stored.
    const activeWindows: Record<string, ActiveWindow | null> = {};
    for (const [key, w] of Object.entries(form.windows)) {
      activeWindows[key] = w.unit === 'days' ? { days: numberOf(w.amount) } : w.unit === 'months' ? { months: numberOf(w.amount) } : null;
    }
    const changes: RankingChanges = { order: form.order, activeWindows };
    for (const { key } of dayFields) changes[key] = numberOf(form.days[key]);
    setError(null);
    setState('saving');
    try {
      const saved = await api.savePolicy({ ranking: changes });
      setRanking(saved.ranking);
      setState('saved');
    } catch (e) {
      setState('idle');
      setError({ message: errorMessage(e), paths: e instanceof ApiError ? e.issues.map((i) => i.path) : [] });
    }
  }

  const invalid = (path: string) => (error?.paths.some((p) => p === path || p.startsWith(`${path}.`)) ? true : undefined);
  const describedBy = (hintId: string, path: string) => [hintId, invalid(path) ? 'worklist-order-error' : ''].filter(Boolean).join(' ');
  const limits = view.rankingLimits;

  return (
    <form className="card worklist-order" aria-labelledby="worklist-order-title" onSubmit={(e) => void save(e)} noValidate>
      <h2 id="worklist-order-title">Worklist order</h2>
      <p className="muted small">
        The worklist puts every case in the first band below that fits it, then orders cases within a band by urgency, value and how the patient has
        answered before. The "why" of each row names its band. A change applies to the next worklist anyone opens.
      </p>
      {error && <p className="form-error notice notice-error" role="alert" id="worklist-order-error">{error.message}</p>}
      <fieldset>
        <legend>Bands, first first</legend>
        <ol className="band-order">
          {form.order.map((band, i) => {
            const words = view.rankingBands.find((b) => b.key === band);
            const listKey = bandPrograms[band];
            const programs = listKey ? (ranking[listKey] as string[]) : [];
            return (
              <li key={band} data-band={band}>
                <span className="band-number" aria-hidden="true">{i + 1}</span>
                <div className="band-words">
                  <strong>{words?.label ?? band}</strong>
                  <span className="muted small">{words?.description}{programs.length > 0 && ` Programs: ${programs.map(programName).join(', ')}.`}</span>
                </div>
                <div className="band-moves">
                  <button type="button" ref={(el) => { moveButtons.current.set(`${band}:up`, el); }} disabled={i === 0 || band === 'past_window'}
                    aria-label={`Move up: ${words?.label ?? band}`} onClick={() => move(i, -1)}>Move up</button>
                  <button type="button" ref={(el) => { moveButtons.current.set(`${band}:down`, el); }} disabled={i >= form.order.length - 2}
                    aria-label={`Move down: ${words?.label ?? band}`} onClick={() => move(i, 1)}>Move down</button>
                </div>
              </li>
            );
          })}
        </ol>
        <p className="visually-hidden" role="status" aria-live="polite">{announcement}</p>
      </fieldset>
      <fieldset>
        <legend>How recent is recent</legend>
        <div className="field-grid">
          {dayFields.map(({ key, label }) => (
            <div className="field" key={key}>
              <label htmlFor={`ranking-${key}`}>{label}</label>
              <input id={`ranking-${key}`} type="number" inputMode="numeric" min={limits.days.min} max={limits.days.max} step={1} value={form.days[key]}
                aria-invalid={invalid(`ranking.${key}`)} aria-describedby={describedBy(`ranking-${key}-hint`, `ranking.${key}`)}
                onChange={(e) => { const value = e.target.value; setForm((f) => ({ ...f, days: { ...f.days, [key]: value } })); edited(); }} />
              <p className="muted small" id={`ranking-${key}-hint`}>{limits.days.min} to {limits.days.max}. Default {view.rankingDefaults[key]}.</p>
            </div>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>Active windows</legend>
        <p className="muted small">
          How long after it came due an item stays fresh. Past its window it is worked as reactivation (the softer script, at most 3 touches over 6
          weeks, then the weekly review) and ranks in "{labelOf('past_window')}".
        </p>
        <div className="field-grid">
          {programKeys.map((key) => {
            const w = form.windows[key] ?? { unit: 'never', amount: '' };
            const path = `ranking.activeWindows.${key}`;
            const setWindow = (next: Partial<WindowForm>) => { setForm((f) => ({ ...f, windows: { ...f.windows, [key]: { ...w, ...next } } })); edited(); };
            return (
              <div className="field" key={key}>
                <label htmlFor={`window-${key}`}>{programName(key)}</label>
                <div className="window-inputs">
                  <input id={`window-${key}`} type="number" inputMode="numeric" min={1} max={w.unit === 'months' ? limits.activeWindow.months.max : limits.activeWindow.days.max} step={1}
                    value={w.unit === 'never' ? '' : w.amount} disabled={w.unit === 'never'} aria-invalid={invalid(path)} aria-describedby={describedBy(`window-${key}-hint`, path)}
                    onChange={(e) => setWindow({ amount: e.target.value })} />
                  <select aria-label={`${programName(key)}: days, months or never stale`} value={w.unit}
                    onChange={(e) => setWindow({ unit: e.target.value as WindowUnit, amount: w.amount || (e.target.value === 'months' ? '12' : '90') })}>
                    <option value="days">days</option>
                    <option value="months">months</option>
                    <option value="never">never stale</option>
                  </select>
                </div>
                <p className="muted small" id={`window-${key}-hint`}>
                  {limits.activeWindow.days.min}–{limits.activeWindow.days.max} days or {limits.activeWindow.months.min}–{limits.activeWindow.months.max} months.
                  Default {describeWindow(view.rankingDefaults.activeWindows[key])}.
                </p>
              </div>
            );
          })}
        </div>
      </fieldset>
      {state === 'saved' && <p role="status" className="notice notice-success">Saved. The worklist uses the new order now.</p>}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={state === 'saving'}>{state === 'saving' ? 'Saving…' : 'Save worklist order'}</button>
        <button type="button" onClick={() => { setForm(formOf(view.rankingDefaults, programKeys)); edited(); setAnnouncement('The default order and windows are filled in; save to use them.'); }}>
          Fill in the defaults
        </button>
      </div>
    </form>
  );
}

/**
 * The ranked rows: who, why, how overdue, what next, and whether they can be called now; j/k move, Enter opens.
 * Each row is one target (click, tap, or Enter on the focused row opens the case); its checkbox, links and
 * buttons keep their own behaviour. Cells wrap rather than widen the table, so every column fits from 768 px up.
 */
import { Fragment, useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type MouseEvent as ReactMouseEvent } from 'react';
import { api, errorMessage, type WorklistRow } from '../api';
import { navigate, patientPath } from '../router';
import { clockTime, dayAndTime, daysOverdue } from '../time';
import { useWorkspace } from '../workspace-context';
import { follow } from './AppHeader';
import { CallableBadge } from './CallableBadge';
import { isTyping } from './WorklistPage';

/** Row checkboxes for bulk assignment (coordinators and managers only). */
export interface RowSelection {
  ids: ReadonlySet<number>;
  toggle(caseId: number): void;
  setAll(on: boolean): void;
}

/** `readOnly`: a preview of a coming list, where nothing can be claimed yet. */
export function WorklistTable({ rows, onClaimed, selection, readOnly = false }: { rows: WorklistRow[]; onClaimed: () => void; selection?: RowSelection; readOnly?: boolean }) {
  const { zoneOf } = useWorkspace();
  const [selected, setSelected] = useState(0);
  const [expanded, setExpanded] = useState<number | null>(null);
  const rowElements = useRef<(HTMLTableRowElement | null)[]>([]);
  const showLanguage = rows.some((r) => r.language);
  const showLastAttempt = rows.some((r) => r.lastAttempt !== undefined);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target) || event.metaKey || event.ctrlKey || event.altKey) return;
      if (event.key === 'j' || event.key === 'k') {
        event.preventDefault();
        setSelected((i) => {
          const next = Math.max(0, Math.min(rows.length - 1, i + (event.key === 'j' ? 1 : -1)));
          rowElements.current[next]?.focus();
          return next;
        });
      } else if (event.key === 'Enter' && !(event.target instanceof Element && event.target.closest(interactive + ', tr[data-patient]'))) {
        const row = rows[selected];
        if (row) navigate(patientPath(row.patientId));
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [rows, selected]);

  return (
    <div className="worklist-frame">
      <table className="worklist" data-testid="worklist">
        <caption className="visually-hidden">Cases to work, by band: most likely to book first</caption>
        <thead>
          <tr>
            {selection && (
              <th scope="col">
                <input type="checkbox" aria-label="Select every case shown" checked={rows.length > 0 && rows.every((r) => selection.ids.has(r.caseId))}
                  onChange={(e) => selection.setAll(e.target.checked)} />
              </th>
            )}
            <th scope="col">#</th>
            <th scope="col">Patient</th>
            <th scope="col">Reasons</th>
            <th scope="col">Overdue</th>
            {showLastAttempt && <th scope="col">Last attempt</th>}
            <th scope="col">Next step</th>
            <th scope="col">Contact</th>
            <th scope="col"><span className="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => {
            const zone = zoneOf(row.location);
            const earliest = row.reasons.map((r) => r.dueDate).sort()[0];
            const overdue = earliest ? daysOverdue(earliest, zone) : 0;
            return (
              <Fragment key={row.caseId}>
                <tr className={i === selected ? 'selected' : undefined} aria-selected={i === selected} data-patient={row.patientId} tabIndex={0}
                  ref={(el) => { rowElements.current[i] = el; }} onFocus={() => setSelected(i)}
                  onClick={(e) => openFromRow(e, row.patientId)} onKeyDown={(e) => openFromRowKey(e, row.patientId)}>
                  {selection && (
                    // A near miss of the small box must not open the case.
                    <td className="row-check" onClick={(e) => e.stopPropagation()}>
                      <input type="checkbox" aria-label={`Select ${row.patientName}`} checked={selection.ids.has(row.caseId)} onChange={() => selection.toggle(row.caseId)} />
                    </td>
                  )}
                  <td className="rank">{row.rank}<span className="band-tag" title={`Band ${row.band.rank}: ${row.band.reason}`}>band {row.band.rank}</span></td>
                  <td>
                    <a href={patientPath(row.patientId)} onClick={follow(patientPath(row.patientId))} onFocus={() => setSelected(i)} className="patient-link">
                      {row.patientName}
                    </a>
                    <div className="muted small">{row.patientId}{row.location ? ` · ${row.location}` : ''}{showLanguage && row.language ? ` · ${languageName(row.language)}` : ''}</div>
                  </td>
                  <td>
                    <ul className="reason-list">{row.reasons.map((r) => <li key={r.program}>{r.programName} <span className="muted small reason-due"><span className="separator">· </span>due {r.dueDate}</span></li>)}</ul>
                  </td>
                  <td className={overdue > 0 ? 'overdue' : undefined}>{overdue > 0 ? `${overdue} d` : 'due'}</td>
                  {showLastAttempt && <td>{row.lastAttempt ? `${row.lastAttempt.outcome ?? '—'} · ${dayAndTime(row.lastAttempt.at, zone)}` : 'none yet'}</td>}
                  <td>{row.nextStep}{row.owner.kind === 'queue' && <span className="muted small"> · {row.owner.queue} queue</span>}{row.owner.kind === 'user' && <span className="muted small"> · assigned</span>}</td>
                  <td><CallableBadge contactableNow={row.contactableNow} nextContactAt={row.nextContactAt} reason={row.gate} zone={zone} /></td>
                  <td className="actions">
                    <div className="row-actions">
                      <button type="button" aria-expanded={expanded === row.caseId} aria-controls={`why-${row.caseId}`} onClick={(e) => { e.stopPropagation(); setExpanded(expanded === row.caseId ? null : row.caseId); }}>Why</button>
                      {!readOnly && <ClaimButton row={row} zone={zone} onClaimed={onClaimed} />}
                    </div>
                  </td>
                </tr>
                {expanded === row.caseId && (
                  <tr className="why-row" id={`why-${row.caseId}`}>
                    <td colSpan={selection ? 2 : 1} />
                    <td colSpan={showLastAttempt ? 7 : 6}>
                      <p><strong>Why #{row.rank}:</strong> band {row.band.rank}, {row.band.reason}.</p>
                      {withinBand(row) && <p>Within the band: {withinBand(row)}</p>}
                      <ul>{row.reasons.map((r) => <li key={r.program}>{r.programName}: {r.evidence}</li>)}</ul>
                      {row.gate && <p className="muted">Contact gate: {row.gate}</p>}
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The why after its band (it starts "band N: reason; "), or the whole why if it says the band otherwise. */
function withinBand(row: WorklistRow): string {
  const prefix = `band ${row.band.rank}: ${row.band.reason}`;
  return row.why.startsWith(prefix) ? row.why.slice(prefix.length).replace(/^; /, '') : row.why;
}

/** What keeps its own behaviour inside a row: the row does not open the case for these. */
const interactive = 'a, button, input, select, textarea, label';

function openFromRow(event: ReactMouseEvent<HTMLTableRowElement>, patientId: string) {
  if (event.target instanceof Element && event.target.closest(interactive)) return;
  // Selecting text (to copy a name or an id) is not a request to open the case.
  if ((window.getSelection()?.toString() ?? '') !== '') return;
  navigate(patientPath(patientId));
}

function openFromRowKey(event: ReactKeyboardEvent<HTMLTableRowElement>, patientId: string) {
  if (event.key !== 'Enter' || event.target !== event.currentTarget || event.metaKey || event.ctrlKey || event.altKey) return;
  event.preventDefault();
  navigate(patientPath(patientId));
}

function ClaimButton({ row, zone, onClaimed }: { row: WorklistRow; zone: string; onClaimed: () => void }) {
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'busy' } | { kind: 'claimed'; until: string } | { kind: 'error'; message: string }>({ kind: 'idle' });
  if (state.kind === 'claimed') return <span className="badge badge-info">Yours until {clockTime(new Date(state.until), zone)}</span>;
  return (
    <>
      <button type="button" disabled={state.kind === 'busy'} onClick={(event) => {
        event.stopPropagation();
        setState({ kind: 'busy' });
        api.claim(row.caseId).then((r) => { setState({ kind: 'claimed', until: r.lapsesAt }); }, (e: unknown) => { setState({ kind: 'error', message: errorMessage(e) }); onClaimed(); });
      }}>Claim</button>
      {state.kind === 'error' && <span className="form-error small" role="alert">{state.message}</span>}
    </>
  );
}

const languages: Record<string, string> = { en: 'English', es: 'Spanish', vi: 'Vietnamese', zh: 'Chinese', fr: 'French', pt: 'Portuguese' };
export const languageName = (code: string) => languages[code.toLowerCase().slice(0, 2)] ?? code;

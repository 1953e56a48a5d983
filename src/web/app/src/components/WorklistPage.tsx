/**
 * The worklist (home): segment tabs with counts, search, an "as of" look-ahead, and the ranked rows.
 * With nothing to work now (after hours, a weekend, a holiday), it says what is next and offers that
 * list as a read-only preview (no claims or assignments until the time comes).
 * Keyboard: j/k move, Enter opens, / searches. The search runs on the server (name or phone, over the
 * whole list, not only the rows loaded), a moment after typing stops; it is sent in a POST body
 * (api.worklist), never in a URL, and never put in the page's address.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { api, errorMessage, type AssignableUser, type Worklist } from '../api';
import { dayAndTime, fromLocalInput } from '../time';
import { can, useWorkspace } from '../workspace-context';
import { SegmentTabs, segmentDefs, type SegmentKey } from './SegmentTabs';
import { EmptyState, ErrorNotice, Loading, useAsync } from './status';
import { WorklistTable, type RowSelection } from './WorklistTable';

const listSize = 200;
const searchDelayMs = 300;

/** What the server accepts as a search (worklist-search.ts): 2 letters of a name or id, or 4 digits of a phone. */
export function searchHint(text: string): string | null {
  const q = text.trim();
  if (q === '') return null;
  if (/\p{L}/u.test(q)) return q.replace(/[^\p{L}\p{N}]/gu, '').length >= 2 ? null : 'Type at least 2 letters of a name.';
  return q.replace(/\D/g, '').length >= 4 ? null : 'Type at least 4 digits of a phone number.';
}

export function WorklistPage() {
  const { location, zoneOf, setListOrder, workspace, user } = useWorkspace();
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [segment, setSegment] = useState<SegmentKey>(() => (sessionStorage.getItem('recare.segment') as SegmentKey | null) ?? 'all');
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [asOfLocal, setAsOfLocal] = useState('');
  const [preview, setPreview] = useState<string | null>(null);
  const [clientCounts, setClientCounts] = useState<Record<string, number> | null>(null);
  const searchBox = useRef<HTMLInputElement>(null);
  const def = segmentDefs.find((s) => s.key === segment) ?? segmentDefs[0]!;
  const zone = zoneOf(location ?? workspace.locations[0]?.id ?? null);
  const at = asOfLocal ? fromLocalInput(asOfLocal, zone) : null;

  useEffect(() => {
    const wanted = searchHint(search) === null ? search.trim() : '';
    const timer = window.setTimeout(() => setQuery(wanted), searchDelayMs);
    return () => window.clearTimeout(timer);
  }, [search]);

  const [list, reload] = useAsync<Worklist>(() => api.worklist({ location, segment: def.api, limit: listSize, at: preview ? null : at, preview, q: query || null }), `${location}|${def.key}|${at}|${preview}|${query}`);

  useEffect(() => {
    if (list.state !== 'ready' || def.api !== null || list.value.search !== null) return;
    const programs = (program: string) => list.value.rows.filter((r) => r.reasons.some((x) => x.program === program)).length;
    setClientCounts({ confirmation: programs('confirmation'), post_op: programs('post_op') });
  }, [list, def.api]);

  const rows = useMemo(() => {
    if (list.state !== 'ready') return [];
    return list.value.rows.filter((r) => !def.program || r.reasons.some((x) => x.program === def.program));
  }, [list, def.program]);
  const hint = searchHint(search);
  const searching = search.trim() !== '' && hint === null && (query !== search.trim() || list.state === 'loading');
  const searched = list.state === 'ready' ? list.value.search : null;

  useEffect(() => { setListOrder(rows.map((r) => r.patientId)); }, [rows, setListOrder]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || isTyping(event.target)) return;
      event.preventDefault();
      searchBox.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const choose = (key: SegmentKey) => {
    setSegment(key);
    sessionStorage.setItem('recare.segment', key);
  };

  return (
    <section aria-labelledby="worklist-title">
      <div className="page-title">
        <h1 id="worklist-title">Worklist</h1>
        <p className="muted">{location ? `${workspace.locations.find((l) => l.id === location)?.name ?? location}` : 'All my offices'} · ranked by band, most likely to book first. Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> opens, <kbd>/</kbd> searches.</p>
      </div>
      <SegmentTabs active={segment} counts={list.state === 'ready' ? list.value.counts : null} clientCounts={clientCounts} onChoose={choose} />
      <div className="toolbar">
        <div className="field">
          <label htmlFor="search">Search by name, id or phone</label>
          <input id="search" ref={searchBox} type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Press / to search" autoComplete="off"
            aria-describedby="search-status" />
          <span id="search-status" className="small muted search-status" role="status" aria-live="polite">
            {hint ?? (searching ? 'Searching…' : searched ? `${searched.kind === 'phone' ? 'Phone' : 'Name'} search: ${rows.length} found` : '')}
          </span>
        </div>
        <div className="field">
          <label htmlFor="as-of">List as of (office time, {zone})</label>
          <input id="as-of" type="datetime-local" value={asOfLocal} onChange={(e) => setAsOfLocal(e.target.value)} />
        </div>
        {(asOfLocal || preview) && <button type="button" onClick={() => { setAsOfLocal(''); setPreview(null); }}>Back to now</button>}
        <button type="button" onClick={reload}>Refresh</button>
      </div>
      {preview && (
        <p className="preview-banner" role="status" data-testid="preview-banner">
          <strong>Preview</strong> of the list as of {dayAndTime(preview, zone)}: read-only — claiming and outcomes open when the time comes.
        </p>
      )}
      {list.state === 'loading' && <Loading what="the worklist" />}
      {list.state === 'error' && <ErrorNotice error={list.error} onRetry={reload} />}
      {list.state === 'ready' && rows.length === 0 && (
        <EmptyState title={searched ? 'No case matches this search' : `Nothing to work in ${def.label}`}>
          <p>{searched ? `Nobody on today's list in ${def.label} matches "${searched.q}". Check the spelling or the number, try All, or clear the search box to see the whole list.` : 'Every case here is done or not due yet. Try another segment or office, or look ahead with "List as of".'}</p>
          {!searched && list.value.next && (
            <p data-testid="next-work">
              <strong>{list.value.next.sentence}.</strong>{' '}
              <button type="button" className="primary" onClick={() => setPreview(list.value.next?.at ?? null)}>Show tomorrow's list</button>
            </p>
          )}
        </EmptyState>
      )}
      {list.state === 'ready' && rows.length > 0 && (
        <>
          {can.assign(user) && !preview && <AssignBar caseIds={[...selected].filter((id) => rows.some((r) => r.caseId === id))} onAssigned={() => { setSelected(new Set()); reload(); }} />}
          <WorklistTable rows={rows} onClaimed={reload} readOnly={preview !== null} selection={can.assign(user) && !preview ? selectionOf(selected, setSelected, rows.map((r) => r.caseId)) : undefined} />
          <p className="muted small">{rows.length} shown{list.value.rows.length >= listSize ? ` of the ${listSize} highest-ranked; narrow with a segment, office or search to see others` : ''}. Search looks through today's whole list by name, patient id or phone.</p>
        </>
      )}
    </section>
  );
}

function selectionOf(ids: ReadonlySet<number>, set: (ids: ReadonlySet<number>) => void, shown: number[]): RowSelection {
  return {
    ids,
    toggle: (caseId) => {
      const next = new Set(ids);
      if (next.has(caseId)) next.delete(caseId);
      else next.add(caseId);
      set(next);
    },
    setAll: (on) => set(on ? new Set(shown) : new Set()),
  };
}

/** "Assign to…": the chosen cases go to one colleague who works at their office. */
function AssignBar({ caseIds, onAssigned }: { caseIds: number[]; onAssigned: () => void }) {
  const { setFlash } = useWorkspace();
  const [users] = useAsync<AssignableUser[]>(async () => (await api.assignableUsers()).users, 'assignable');
  const [userId, setUserId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const assign = () => {
    setBusy(true);
    setError(null);
    api.assignCases(caseIds, Number(userId)).then(
      (r) => { setBusy(false); setFlash({ tone: 'success', text: `${r.assigned.length} case${r.assigned.length === 1 ? '' : 's'} assigned to ${r.displayName}.` }); onAssigned(); },
      (e: unknown) => { setBusy(false); setError(errorMessage(e)); },
    );
  };
  return (
    <div className="toolbar assign-bar" data-testid="assign-bar">
      <span>{caseIds.length} selected</span>
      <div className="field">
        <label htmlFor="assign-to">Assign to…</label>
        <select id="assign-to" value={userId} onChange={(e) => setUserId(e.target.value)} disabled={users.state !== 'ready'}>
          <option value="">{users.state === 'loading' ? 'Loading colleagues…' : 'Choose a colleague'}</option>
          {users.state === 'ready' && users.value.map((u) => <option key={u.id} value={u.id}>{u.displayName} ({u.allLocations ? 'all offices' : u.locations.join(', ')})</option>)}
        </select>
      </div>
      <button type="button" className="primary" disabled={busy || caseIds.length === 0 || userId === ''} onClick={assign}>Assign {caseIds.length || ''}</button>
      {users.state === 'error' && <span className="form-error small" role="alert">{errorMessage(users.error)}</span>}
      {error && <span className="form-error small" role="alert">{error}</span>}
    </div>
  );
}

export function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

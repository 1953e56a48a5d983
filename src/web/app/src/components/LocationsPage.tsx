/**
 * Locations (administrators change; managers look): each office's name, address, phone, time zone,
 * working hours per weekday with the remote call team's extended hours, closures, and the caller ID
 * and sender identity the channels use. Saving new hours moves the office's planned work that now
 * falls outside them, and says how many cases moved.
 */
import { useState, type FormEvent } from 'react';
import { api, errorMessage, type LocationSettings, type LocationSettingsChange, type OfficeHours } from '../api';
import { can, useWorkspace } from '../workspace-context';
import { EmptyState, ErrorNotice, Loading, useAsync } from './status';

const weekdays = [
  ['mon', 'Monday'], ['tue', 'Tuesday'], ['wed', 'Wednesday'], ['thu', 'Thursday'], ['fri', 'Friday'], ['sat', 'Saturday'], ['sun', 'Sunday'],
] as const;
type WeekdayKey = (typeof weekdays)[number][0];

const usZones = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu', 'America/Puerto_Rico'];

const fieldLabels: Record<string, string> = {
  name: 'name', address1: 'street address', city: 'city', state: 'state', zip: 'ZIP', phone: 'phone', timeZone: 'time zone', hours: 'hours and closures',
  callerId: 'caller ID', senderName: 'sender name', senderEmail: 'sender email',
};

export function LocationsPage() {
  const { user } = useWorkspace();
  const allowed = can.viewLocations(user);
  const manage = can.manageLocations(user);
  const [list, reload] = useAsync(() => (allowed ? api.locations() : Promise.resolve(null)), `locations|${allowed}`);
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  if (!allowed) return <EmptyState title="Locations are for managers and administrators"><p>Ask your administrator to change an office's hours.</p></EmptyState>;
  return (
    <section aria-labelledby="locations-title">
      <div className="page-title">
        <h1 id="locations-title">Locations</h1>
        <p className="muted">{manage
          ? 'Each office\'s address, hours, closures, and the caller ID and sender identity the channels use. Calls are planned inside these hours; the contact gate still decides per patient.'
          : 'Each office\'s address, hours and closures. Only an administrator changes offices.'}</p>
      </div>
      {notice && <p className={`notice notice-${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'} data-testid="locations-notice">{notice.text}</p>}
      {list.state === 'loading' && <Loading what="the offices" />}
      {list.state === 'error' && <ErrorNotice error={list.error} onRetry={reload} />}
      {list.state === 'ready' && list.value && list.value.locations.map((l) => (
        <LocationForm key={`${l.id}|${l.updatedAt}`} location={l} manage={manage}
          onSaved={(text) => { setNotice({ tone: 'success', text }); reload(); }}
          onFailed={(error) => setNotice({ tone: 'error', text: errorMessage(error) })} />
      ))}
    </section>
  );
}

/** The form keeps text as typed; empty optional fields are sent as null. */
interface Draft {
  name: string; address1: string; city: string; state: string; zip: string; phone: string; timeZone: string;
  hours: OfficeHours; callerId: string; senderName: string; senderEmail: string;
}

const draftOf = (l: LocationSettings): Draft => ({
  name: l.name, address1: l.address1 ?? '', city: l.city ?? '', state: l.state ?? '', zip: l.zip ?? '', phone: l.phone ?? '', timeZone: l.timeZone,
  hours: l.hours, callerId: l.callerId ?? '', senderName: l.senderName ?? '', senderEmail: l.senderEmail ?? '',
});

const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

function changeOf(draft: Draft): LocationSettingsChange {
  return {
    name: draft.name, address1: orNull(draft.address1), city: orNull(draft.city), state: orNull(draft.state), zip: orNull(draft.zip), phone: orNull(draft.phone),
    timeZone: draft.timeZone, hours: draft.hours, callerId: orNull(draft.callerId), senderName: orNull(draft.senderName), senderEmail: orNull(draft.senderEmail),
  };
}

function LocationForm({ location, manage, onSaved, onFailed }: {
  location: LocationSettings; manage: boolean; onSaved: (text: string) => void; onFailed: (error: unknown) => void;
}) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(location));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = `loc-${location.id}`;
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const setDay = (key: WeekdayKey, day: OfficeHours['week'][WeekdayKey]) => set('hours', { ...draft.hours, week: { ...draft.hours.week, [key]: day } });
  const errorId = `${id}-error`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await api.updateLocation(location.id, changeOf(draft));
      const what = result.changed.length ? result.changed.map((f) => fieldLabels[f] ?? f).join(', ') : 'nothing changed';
      const moved = result.moved.length ? ` ${result.moved.length} planned case${result.moved.length === 1 ? '' : 's'} moved into the new hours.` : '';
      onSaved(`Saved ${result.location.name}: ${what}.${moved}`);
    } catch (e) {
      setError(errorMessage(e));
      onFailed(e);
    } finally {
      setBusy(false);
    }
  }

  const text = (key: 'name' | 'address1' | 'city' | 'state' | 'zip' | 'phone' | 'callerId' | 'senderName' | 'senderEmail', label: string, extra: { type?: string; hint?: string; size?: 'narrow' } = {}) => (
    <div className={`field${extra.size === 'narrow' ? ' field-narrow' : ''}`}>
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input id={`${id}-${key}`} type={extra.type ?? 'text'} autoComplete="off" value={draft[key]} onChange={(e) => set(key, e.target.value)}
        aria-describedby={extra.hint ? `${id}-${key}-hint` : undefined} />
      {extra.hint && <span id={`${id}-${key}-hint`} className="small muted">{extra.hint}</span>}
    </div>
  );

  return (
    <form className="card location-card" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} data-location={location.externalId} noValidate
      aria-describedby={error ? errorId : undefined}>
      <h2 id={`${id}-title`}>{location.name} ({location.externalId})</h2>
      <fieldset disabled={!manage || busy} className="location-fields">
        <legend className="visually-hidden">Settings of {location.name}</legend>
        <div className="form-row">
          {text('name', 'Name')}
          {text('phone', 'Phone', { type: 'tel', hint: 'E.164, e.g. +18132740100' })}
          <div className="field">
            <label htmlFor={`${id}-timeZone`}>Time zone</label>
            <select id={`${id}-timeZone`} value={draft.timeZone} onChange={(e) => set('timeZone', e.target.value)}>
              {[...new Set([draft.timeZone, ...usZones])].map((z) => <option key={z} value={z}>{z}</option>)}
            </select>
          </div>
        </div>
        <div className="form-row">
          {text('address1', 'Street address')}
          {text('city', 'City')}
          {text('state', 'State', { size: 'narrow' })}
          {text('zip', 'ZIP', { size: 'narrow' })}
        </div>

        <HoursTable id={id} hours={draft.hours} onDay={setDay} />

        <Closures id={id} hours={draft.hours} onChange={(hours) => set('hours', hours)} manage={manage} />

        <h3>What patients see</h3>
        <div className="form-row">
          {text('callerId', 'Caller ID', { type: 'tel', hint: 'The number staff calls show, E.164' })}
          {text('senderName', 'Sender name', { hint: 'Emails go out under this name (else the office name)' })}
          {text('senderEmail', 'Sender email', { type: 'email', hint: 'Replies to emails go here' })}
        </div>
      </fieldset>
      {manage && (
        <div className="row-buttons">
          <button type="submit" className="primary" disabled={busy}>{busy ? 'Saving…' : `Save ${location.externalId}`}</button>
          <button type="button" disabled={busy} onClick={() => { setDraft(draftOf(location)); setError(null); }}>Undo changes</button>
        </div>
      )}
      {error && <p id={errorId} className="notice notice-error" role="alert">{error}</p>}
    </form>
  );
}

function HoursTable({ id, hours, onDay }: { id: string; hours: OfficeHours; onDay: (key: WeekdayKey, day: OfficeHours['week'][WeekdayKey]) => void }) {
  return (
    <div className="hours-block">
      <h3 id={`${id}-hours-title`}>Working hours</h3>
      <p className="small muted" id={`${id}-hours-hint`}>Extended hours let a remote call team work on after closing; calls to each patient still follow their state's calling hours.</p>
      <table className="hours-table" aria-labelledby={`${id}-hours-title`} aria-describedby={`${id}-hours-hint`}>
        <thead>
          <tr><th scope="col">Day</th><th scope="col">Open</th><th scope="col">Opens</th><th scope="col">Closes</th><th scope="col">Remote team until</th></tr>
        </thead>
        <tbody>
          {weekdays.map(([key, name]) => {
            const day = hours.week[key];
            return (
              <tr key={key} data-weekday={key}>
                <th scope="row">{name}</th>
                <td>
                  <div className="field-check">
                    <input id={`${id}-${key}-open`} type="checkbox" checked={day !== null}
                      onChange={(e) => onDay(key, e.target.checked ? { opensAt: '08:00', closesAt: '17:00', extendedUntil: null } : null)} />
                    <label htmlFor={`${id}-${key}-open`}><span className="visually-hidden">Open on {name}</span><span aria-hidden="true">{day ? 'Open' : 'Closed'}</span></label>
                  </div>
                </td>
                <td>
                  {day && <><label className="visually-hidden" htmlFor={`${id}-${key}-opens`}>{name} opens</label>
                    <input id={`${id}-${key}-opens`} type="time" value={day.opensAt} onChange={(e) => onDay(key, { ...day, opensAt: e.target.value })} /></>}
                </td>
                <td>
                  {day && <><label className="visually-hidden" htmlFor={`${id}-${key}-closes`}>{name} closes</label>
                    <input id={`${id}-${key}-closes`} type="time" value={day.closesAt} onChange={(e) => onDay(key, { ...day, closesAt: e.target.value })} /></>}
                </td>
                <td>
                  {day && <><label className="visually-hidden" htmlFor={`${id}-${key}-extended`}>{name} remote team until</label>
                    <input id={`${id}-${key}-extended`} type="time" value={day.extendedUntil ?? ''}
                      onChange={(e) => onDay(key, { ...day, extendedUntil: e.target.value === '' ? null : e.target.value })} /></>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Closures({ id, hours, onChange, manage }: { id: string; hours: OfficeHours; onChange: (hours: OfficeHours) => void; manage: boolean }) {
  const closures = hours.closures;
  const setClosure = (i: number, closure: OfficeHours['closures'][number]) => onChange({ ...hours, closures: closures.map((c, j) => (j === i ? closure : c)) });
  return (
    <div className="closures-block">
      <h3>Closures</h3>
      <div className="field-check">
        <input id={`${id}-state-holidays`} type="checkbox" checked={hours.observeStateHolidays} onChange={(e) => onChange({ ...hours, observeStateHolidays: e.target.checked })} />
        <label htmlFor={`${id}-state-holidays`}>The state's public holidays close this office</label>
      </div>
      {closures.length === 0 && <p className="small muted">No other closed dates.</p>}
      {closures.map((c, i) => (
        <div className="form-row closure-row" key={i}>
          <div className="field field-narrow">
            <label htmlFor={`${id}-closure-${i}-date`}>Closed on</label>
            <input id={`${id}-closure-${i}-date`} type="date" value={c.date} onChange={(e) => setClosure(i, { ...c, date: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-closure-${i}-name`}>Name (optional)</label>
            <input id={`${id}-closure-${i}-name`} type="text" value={c.name ?? ''} onChange={(e) => setClosure(i, { ...c, name: e.target.value === '' ? null : e.target.value })} />
          </div>
          {manage && <button type="button" className="closure-remove" onClick={() => onChange({ ...hours, closures: closures.filter((_, j) => j !== i) })}
            aria-label={`Remove the closure on ${c.date || 'no date yet'}`}>Remove</button>}
        </div>
      ))}
      {manage && <button type="button" onClick={() => onChange({ ...hours, closures: [...closures, { date: '', name: null }] })}>Add a closure</button>}
    </div>
  );
}

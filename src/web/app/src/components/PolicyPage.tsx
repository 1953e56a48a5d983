/**
 * Policy settings (managers): the practice's calling-window additions, frequency caps, snooze length,
 * SMS cutoff and holiday-calendar reviews. The server validates every change against the law and
 * answers each problem by field; they are shown under the field they concern. The worklist's order
 * (bands and active windows) is its own section and its own save (WorklistOrderSection).
 */
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, errorMessage, type PolicyChanges, type PolicyView } from '../api';
import { can, useWorkspace } from '../workspace-context';
import { EmptyState, ErrorNotice, Loading, useAsync } from './status';
import { HoldoutSection } from './HoldoutSection';
import { WorklistOrderSection } from './WorklistOrderSection';

interface Form {
  maxAutomatedTouchesPerLocalDay: string;
  maxAutomatedTouchesPerRolling7Days: string;
  maxTouchesPerProgramPer7Days: string;
  snoozeDays: string;
  smsHandoffCutoffMinutes: string;
  adoptUnverifiedLeads: boolean;
  applyPracticeStateRules: boolean;
  requireConsentForStaffTouches: boolean;
  emailWindow: 'federal' | 'none';
  unreviewedHolidayCalendars: 'block' | 'apply_listed_dates';
  holidayCalendarReviews: string;
}
type Field = keyof Form;
const fields: Field[] = [
  'maxAutomatedTouchesPerLocalDay', 'maxAutomatedTouchesPerRolling7Days', 'maxTouchesPerProgramPer7Days', 'snoozeDays', 'smsHandoffCutoffMinutes',
  'adoptUnverifiedLeads', 'applyPracticeStateRules', 'requireConsentForStaffTouches', 'emailWindow', 'unreviewedHolidayCalendars', 'holidayCalendarReviews',
];
const numberFields: Field[] = ['maxAutomatedTouchesPerLocalDay', 'maxAutomatedTouchesPerRolling7Days', 'maxTouchesPerProgramPer7Days', 'snoozeDays', 'smsHandoffCutoffMinutes'];

function formOf(view: PolicyView): Form {
  const p = view.policy;
  return {
    maxAutomatedTouchesPerLocalDay: String(p.maxAutomatedTouchesPerLocalDay), maxAutomatedTouchesPerRolling7Days: String(p.maxAutomatedTouchesPerRolling7Days),
    maxTouchesPerProgramPer7Days: String(p.maxTouchesPerProgramPer7Days), snoozeDays: String(view.snoozeDays), smsHandoffCutoffMinutes: String(p.smsHandoffCutoffMinutes),
    adoptUnverifiedLeads: p.adoptUnverifiedLeads, applyPracticeStateRules: p.applyPracticeStateRules, requireConsentForStaffTouches: p.requireConsentForStaffTouches,
    emailWindow: p.emailWindow, unreviewedHolidayCalendars: p.unreviewedHolidayCalendars,
    holidayCalendarReviews: Object.entries(p.holidayCalendarReviews).map(([id, years]) => `${id}: ${years.join(', ')}`).join('\n'),
  };
}

/** "US-FED: 2026, 2027" per line → { "US-FED": [2026, 2027] }, or the line that is not understood. */
function parseReviews(text: string): { ok: true; value: Record<string, number[]> } | { ok: false; message: string } {
  const value: Record<string, number[]> = {};
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line) continue;
    const match = /^([^:]+):\s*(.*)$/.exec(line);
    const years = match?.[2]?.split(/[\s,]+/).filter(Boolean).map(Number) ?? [];
    if (!match || years.length === 0 || years.some((y) => !Number.isInteger(y))) {
      return { ok: false, message: `Line ${i + 1} ("${line}") is not "CALENDAR: year, year", e.g. "US-FED: 2026, 2027".` };
    }
    value[match[1]!.trim()] = years;
  }
  return { ok: true, value };
}

export function PolicyPage() {
  const { user } = useWorkspace();
  const allowed = can.managePolicy(user);
  const [view, reload] = useAsync(() => (allowed ? api.policy() : Promise.resolve(null)), `policy|${allowed}`);
  if (!allowed) return <EmptyState title="Policy settings are for managers"><p>Ask a practice manager to change calling windows, caps, the snooze length or the worklist order.</p></EmptyState>;
  return (
    <section aria-labelledby="policy-title">
      <div className="page-title">
        <h1 id="policy-title">Policy settings</h1>
        <p className="muted">The practice's contact policy, on top of the law. Recare refuses anything less protective than the law; every worklist, case screen and message follows the saved policy at once.</p>
      </div>
      {view.state === 'loading' && <Loading what="the policy" />}
      {view.state === 'error' && <ErrorNotice error={view.error} onRetry={reload} />}
      {view.state === 'ready' && view.value && <PolicyForm view={view.value} onSaved={reload} />}
      {view.state === 'ready' && view.value && <WorklistOrderSection view={view.value} />}
      {view.state === 'ready' && view.value && <HoldoutSection view={view.value} />}
    </section>
  );
}

function PolicyForm({ view, onSaved }: { view: PolicyView; onSaved: () => void }) {
  const [form, setForm] = useState<Form>(() => formOf(view));
  const [errors, setErrors] = useState<Partial<Record<Field | '(form)', string[]>>>({});
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle');
  useEffect(() => { setForm(formOf(view)); }, [view]);
  const set = <K extends Field>(key: K, value: Form[K]) => { setForm((f) => ({ ...f, [key]: value })); setState('idle'); };

  async function save(event: FormEvent) {
    event.preventDefault();
    const reviews = parseReviews(form.holidayCalendarReviews);
    if (!reviews.ok) return setErrors({ holidayCalendarReviews: [reviews.message] });
    const changes: PolicyChanges = {
      maxAutomatedTouchesPerLocalDay: Number(form.maxAutomatedTouchesPerLocalDay), maxAutomatedTouchesPerRolling7Days: Number(form.maxAutomatedTouchesPerRolling7Days),
      maxTouchesPerProgramPer7Days: Number(form.maxTouchesPerProgramPer7Days), snoozeDays: Number(form.snoozeDays), smsHandoffCutoffMinutes: Number(form.smsHandoffCutoffMinutes),
      adoptUnverifiedLeads: form.adoptUnverifiedLeads, applyPracticeStateRules: form.applyPracticeStateRules, requireConsentForStaffTouches: form.requireConsentForStaffTouches,
      emailWindow: form.emailWindow, unreviewedHolidayCalendars: form.unreviewedHolidayCalendars, holidayCalendarReviews: reviews.value,
    };
    for (const key of numberFields) if (form[key] === '') (changes as Record<string, unknown>)[key] = form[key];
    setErrors({});
    setState('saving');
    try {
      await api.savePolicy(changes);
      setState('saved');
      onSaved();
    } catch (e) {
      setState('idle');
      if (!(e instanceof ApiError) || e.issues.length === 0) return setErrors({ '(form)': [errorMessage(e)] });
      const next: Partial<Record<Field | '(form)', string[]>> = {};
      for (const issue of e.issues) {
        const first = issue.path.split('.')[0] as Field;
        const field: Field | '(form)' = fields.includes(first) ? first : issue.path in reviews.value ? 'holidayCalendarReviews' : '(form)';
        next[field] = [...(next[field] ?? []), issue.message];
      }
      setErrors(next);
    }
  }

  const errorsOf = (key: Field) => errors[key] && <ul className="form-error" id={`${key}-error`} role="alert">{errors[key]!.map((m) => <li key={m}>{m}</li>)}</ul>;
  const described = (key: Field, hint?: boolean) => [hint ? `${key}-hint` : '', errors[key] ? `${key}-error` : ''].filter(Boolean).join(' ') || undefined;
  const numberField = (key: Field, label: string, hint: ReactNode) => (
    <div className="field">
      <label htmlFor={key}>{label}</label>
      <input id={key} type="number" min={0} step={1} inputMode="numeric" value={form[key] as string} aria-invalid={errors[key] ? true : undefined}
        aria-describedby={described(key, true)} onChange={(e) => set(key, e.target.value as never)} />
      <p className="muted small" id={`${key}-hint`}>{hint}</p>
      {errorsOf(key)}
    </div>
  );
  const checkbox = (key: Field, label: string) => (
    <div className="field field-check">
      <input id={key} type="checkbox" checked={form[key] as boolean} aria-describedby={described(key)} onChange={(e) => set(key, e.target.checked as never)} />
      <label htmlFor={key}>{label}</label>
      {errorsOf(key)}
    </div>
  );

  return (
    <form className="card policy-form" onSubmit={(e) => void save(e)} noValidate>
      {errors['(form)'] && <ul className="form-error" role="alert">{errors['(form)'].map((m) => <li key={m}>{m}</li>)}</ul>}
      <fieldset>
        <legend>Calling windows beyond the law</legend>
        {checkbox('adoptUnverifiedLeads', 'Also keep the stricter windows of states whose rules are not yet verified (KY, IL, MI, MN, NM, NV, WV)')}
        {checkbox('applyPracticeStateRules', "Apply the office's state rules as well as the patient's")}
        {checkbox('requireConsentForStaffTouches', 'Staff calls need a consent record too (strict mode)')}
        <div className="field">
          <label htmlFor="emailWindow">Email sending hours</label>
          <select id="emailWindow" value={form.emailWindow} aria-describedby={described('emailWindow')} onChange={(e) => set('emailWindow', e.target.value as Form['emailWindow'])}>
            <option value="federal">08:00–21:00 patient time (like calls)</option>
            <option value="none">Any time</option>
          </select>
          {errorsOf('emailWindow')}
        </div>
      </fieldset>
      <fieldset>
        <legend>Caps and timing</legend>
        {numberField('maxAutomatedTouchesPerLocalDay', 'Automated messages per patient per day', `At most ${view.limits.maxAutomatedTouchesPerLocalDay} (the law). Default ${view.defaults.maxAutomatedTouchesPerLocalDay}.`)}
        {numberField('maxAutomatedTouchesPerRolling7Days', 'Automated messages per patient per 7 days', `At most ${view.limits.maxAutomatedTouchesPerRolling7Days} (the law). Default ${view.defaults.maxAutomatedTouchesPerRolling7Days}.`)}
        {numberField('maxTouchesPerProgramPer7Days', 'Messages per recall program per patient per 7 days', `0 to 21. Default ${view.defaults.maxTouchesPerProgramPer7Days}; confirmations and post-op checks are exempt.`)}
        {numberField('snoozeDays', 'Snooze length after "Not ready — call later" (days)', `${view.limits.snoozeDays.min} to ${view.limits.snoozeDays.max}. Default ${view.defaults.snoozeDays}.`)}
        {numberField('smsHandoffCutoffMinutes', 'Stop sending texts this many minutes before a window closes', `0 to 180. Default ${view.defaults.smsHandoffCutoffMinutes}.`)}
      </fieldset>
      <fieldset>
        <legend>Holiday calendars</legend>
        <div className="field">
          <label htmlFor="unreviewedHolidayCalendars">When a holiday calendar has not been reviewed for the year</label>
          <select id="unreviewedHolidayCalendars" value={form.unreviewedHolidayCalendars} aria-describedby={described('unreviewedHolidayCalendars')}
            onChange={(e) => set('unreviewedHolidayCalendars', e.target.value as Form['unreviewedHolidayCalendars'])}>
            <option value="block">Do not send automated messages (fail closed)</option>
            <option value="apply_listed_dates">Apply the listed holidays anyway</option>
          </select>
          {errorsOf('unreviewedHolidayCalendars')}
        </div>
        <div className="field">
          <label htmlFor="holidayCalendarReviews">Calendars reviewed (one per line, "CALENDAR: year, year")</label>
          <textarea id="holidayCalendarReviews" rows={4} className="code" value={form.holidayCalendarReviews} spellCheck={false} aria-invalid={errors.holidayCalendarReviews ? true : undefined}
            aria-describedby={described('holidayCalendarReviews', true)} onChange={(e) => set('holidayCalendarReviews', e.target.value)} />
          <p className="muted small" id="holidayCalendarReviews-hint">Calendars: {view.holidayCalendars.join(', ')}.</p>
          {errorsOf('holidayCalendarReviews')}
        </div>
      </fieldset>
      {state === 'saved' && <p role="status" className="notice notice-success">Saved. Every list and check uses the new policy now.</p>}
      <button type="submit" className="primary" disabled={state === 'saving'}>{state === 'saving' ? 'Saving…' : 'Save policy'}</button>
    </form>
  );
}

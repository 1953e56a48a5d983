/**
 * Managers edit the message templates (SMS, email, voicemail script, letter; English and Spanish).
 * While typing, the server's template linter checks the text and renders it for a sample patient
 * (with the SMS segment count), so a problem shows under the field before anyone presses Save; the
 * server checks again on save and stores nothing when the linter objects.
 */
import { useEffect, useMemo, useState } from 'react';
import { api, ApiError, errorMessage, type MessageTemplate, type TemplateFinding, type TemplateList, type TemplatePreview } from '../api';
import { can, useWorkspace } from '../workspace-context';
import { EmptyState, ErrorNotice, Loading, useAsync } from './status';

const channelNames: Record<string, string> = { sms: 'Text (SMS)', email: 'Email', voicemail: 'Voicemail script', letter: 'Letter' };
const languageNames: Record<string, string> = { en: 'English', es: 'Español' };
const checkDelayMs = 400;
const idOf = (t: { key: string; language: string }) => `${t.key}/${t.language}`;

export function TemplatesPage() {
  const { user } = useWorkspace();
  const [list, reload] = useAsync<TemplateList>(() => api.templates(), 'templates');
  const [channel, setChannel] = useState('all');
  const [chosen, setChosen] = useState<string | null>(null);
  if (!can.manageTemplates(user)) return <EmptyState title="Templates are for managers"><p>Ask a practice manager to change what texts, emails, voicemails and letters say.</p></EmptyState>;
  const shown = list.state === 'ready' ? list.value.templates.filter((t) => channel === 'all' || t.channel === channel) : [];
  const current = list.state === 'ready' ? list.value.templates.find((t) => idOf(t) === chosen) : undefined;
  return (
    <section aria-labelledby="templates-title">
      <div className="page-title">
        <h1 id="templates-title">Templates</h1>
        <p className="muted">What Recare's texts, emails, voicemail scripts and letters say, per program and language. Texts, voicemails and email subjects can be seen by anyone near the phone: they may name the practice, give a callback number and remind, nothing about procedures, diagnoses or money.</p>
      </div>
      {list.state === 'loading' && <Loading what="templates" />}
      {list.state === 'error' && <ErrorNotice error={list.error} onRetry={reload} />}
      {list.state === 'ready' && (
        <div className="templates-layout">
          <div>
            <div className="field">
              <label htmlFor="template-channel">Show</label>
              <select id="template-channel" value={channel} onChange={(e) => setChannel(e.target.value)}>
                <option value="all">Every channel</option>
                {Object.entries(channelNames).map(([value, name]) => <option key={value} value={value}>{name}</option>)}
              </select>
            </div>
            <table className="template-list" data-testid="template-list">
              <thead><tr><th scope="col">Template</th><th scope="col">Used by</th><th scope="col"><span className="visually-hidden">Edit</span></th></tr></thead>
              <tbody>
                {shown.map((t) => (
                  <tr key={idOf(t)} data-template={idOf(t)} className={idOf(t) === chosen ? 'selected' : undefined}>
                    <td>
                      <strong>{t.key}</strong>
                      <div className="small muted">{channelNames[t.channel]} · {languageNames[t.language]}{t.isDefault ? '' : ' · edited'}</div>
                    </td>
                    <td className="small">{t.usedBy.length > 0 ? t.usedBy.map((u) => u.name).join(', ') : <span className="muted">no program</span>}</td>
                    <td><button type="button" onClick={() => setChosen(idOf(t))} aria-label={`Edit ${t.key} (${languageNames[t.language]})`}>Edit</button></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {current ? <TemplateEditor key={idOf(current)} template={current} variables={list.value.variables} onSaved={reload} />
            : <EmptyState title="Choose a template to edit"><p>Pick one from the list; the preview shows it for a sample patient.</p></EmptyState>}
        </div>
      )}
    </section>
  );
}

function TemplateEditor({ template, variables, onSaved }: { template: MessageTemplate; variables: TemplateList['variables']; onSaved: () => void }) {
  const [subject, setSubject] = useState(template.subject);
  const [body, setBody] = useState(template.body);
  const [recording, setRecording] = useState(template.recordingUrl ?? '');
  const [preview, setPreview] = useState<TemplatePreview | null>(null);
  const [checking, setChecking] = useState(false);
  const [refused, setRefused] = useState<{ message: string; findings: TemplateFinding[] } | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const surfaces = template.channel === 'email' ? ['email_subject', 'email_body'] : [template.channel];
  const allowed = useMemo(() => variables.filter((v) => surfaces.some((s) => v.allowedIn.includes(s))), [variables, template.channel]);

  useEffect(() => {
    setChecking(true);
    const timer = window.setTimeout(() => {
      api.previewTemplate({ key: template.key, language: template.language, subject, body }).then(
        (p) => { setPreview(p); setChecking(false); },
        (e: unknown) => { setPreview(null); setChecking(false); setRefused({ message: errorMessage(e), findings: [] }); },
      );
    }, checkDelayMs);
    return () => window.clearTimeout(timer);
  }, [template.key, template.language, subject, body]);

  const findings = preview?.findings ?? [];
  const changed = subject !== template.subject || body !== template.body || recording.trim() !== (template.recordingUrl ?? '');

  async function save() {
    setSaving(true);
    setRefused(null);
    setSaved(false);
    try {
      await api.saveTemplate({
        key: template.key, language: template.language, subject, body, expectedUpdatedAt: template.updatedAt,
        ...(template.channel === 'voicemail' ? { recordingUrl: recording.trim() === '' ? null : recording.trim() } : {}),
      });
      setSaved(true);
      onSaved();
    } catch (e) {
      const issues = e instanceof ApiError ? e.issues : [];
      setRefused({
        message: errorMessage(e),
        findings: issues.filter((i) => i.rule).map((i) => ({ part: i.path as 'subject' | 'body', rule: i.rule ?? '', excerpt: String(i.value ?? ''), message: i.message, allowedVariables: [] })),
      });
    } finally {
      setSaving(false);
    }
  }

  const partFindings = (part: 'subject' | 'body') => [...findings, ...(refused?.findings ?? [])].filter((f, i, all) => f.part === part && all.findIndex((g) => g.part === f.part && g.rule === f.rule && g.excerpt === f.excerpt) === i);
  return (
    <div className="card template-editor" aria-labelledby="template-editor-title">
      <h2 id="template-editor-title">{template.key} <span className="muted small">{channelNames[template.channel]} · {languageNames[template.language]}</span></h2>
      <p className="small muted">
        {template.usedBy.length > 0 ? `Sent by: ${template.usedBy.map((u) => u.name).join(', ')}.` : 'No program uses it yet.'}
        {' '}Last saved {template.updatedBy ? `by ${template.updatedBy}` : '(the default text)'}.
      </p>
      {template.channel === 'email' && (
        <>
          <label htmlFor="template-subject">Subject</label>
          <input id="template-subject" type="text" value={subject ?? ''} onChange={(e) => setSubject(e.target.value)} aria-describedby="template-subject-findings" className="wide" />
          <Findings id="template-subject-findings" findings={partFindings('subject')} />
        </>
      )}
      <label htmlFor="template-body">{template.channel === 'voicemail' ? 'What to say on the voicemail' : 'Message'}</label>
      <textarea id="template-body" rows={template.channel === 'sms' || template.channel === 'voicemail' ? 5 : 12} value={body} onChange={(e) => setBody(e.target.value)} aria-describedby="template-body-findings template-variables" />
      <Findings id="template-body-findings" findings={partFindings('body')} />
      <p id="template-variables" className="small muted">Variables allowed here: {allowed.map((v) => <code key={v.name} title={v.description}>{`{{${v.name}}}`} </code>)}</p>
      {template.channel === 'voicemail' && (
        <>
          <label htmlFor="template-recording">Recording (optional)</label>
          <input id="template-recording" type="url" className="wide" value={recording} onChange={(e) => setRecording(e.target.value)} placeholder="https://…/voicemail.mp3" aria-describedby="template-recording-help" />
          <p id="template-recording-help" className="small muted">
            An https address of an MP3 or WAV file that says the text above; Recare's calls play it instead of reading the text aloud. Empty: the text is read aloud in the patient's language.
          </p>
        </>
      )}

      <div className="template-preview" data-testid="template-preview">
        <h3 className="subhead">Preview <span className="muted small">{preview ? `for ${preview.sample.patient} at ${preview.sample.office}` : ''}</span></h3>
        <p role="status" aria-live="polite" className="small muted">
          {checking ? 'Checking…' : preview ? `${findings.length === 0 ? 'No problems found' : `${findings.length} problem${findings.length === 1 ? '' : 's'} to fix before saving`}${preview.sms ? ` · ${preview.sms.segments} SMS segment${preview.sms.segments === 1 ? '' : 's'} (${preview.sms.encoding}, ${preview.sms.characters} characters)${preview.sms.nonGsmCharacters.length > 0 ? `; ${preview.sms.nonGsmCharacters.join(' ')} force the shorter UCS-2 segments` : ''}` : ''}` : ''}
        </p>
        {preview && (
          <div className="rendered">
            {preview.rendered.subject !== null && <p><strong>{preview.rendered.subject}</strong></p>}
            <p className="pre">{preview.rendered.body}</p>
            {preview.missing.length > 0 && <p className="small form-error">No value for {preview.missing.map((m) => `{{${m}}}`).join(', ')}.</p>}
          </div>
        )}
      </div>

      {refused && <p className="form-error" role="alert">{refused.message}</p>}
      {saved && !changed && <p className="notice notice-success" role="status">Saved. Texts, emails, letters and the case screen's voicemail script use it from now on.</p>}
      <div className="row-buttons">
        <button type="button" className="primary" onClick={() => void save()} disabled={saving || !changed || checking || findings.length > 0}>Save template</button>
        <button type="button" onClick={() => { setSubject(template.subject); setBody(template.body); setRecording(template.recordingUrl ?? ''); setRefused(null); }} disabled={!changed}>Discard changes</button>
        {findings.length > 0 && <span className="small muted">Fix the problems above to save.</span>}
      </div>
    </div>
  );
}

function Findings({ id, findings }: { id: string; findings: TemplateFinding[] }) {
  return (
    <ul id={id} className="findings" data-testid={id} aria-live="polite">
      {findings.map((f) => (
        <li key={`${f.rule}|${f.excerpt}`} className="form-error"><span className="badge badge-stop">{f.rule.replaceAll('_', ' ')}</span> <q>{f.excerpt}</q>: {f.message}</li>
      ))}
    </ul>
  );
}

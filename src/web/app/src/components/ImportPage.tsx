/** Import a CSV (kind + preset) or FHIR file: progress while it uploads, then the summary and every rejected row with its reason. */
import { useState, type FormEvent } from 'react';
import { api, errorMessage, type ImportProblem, type ImportSummary } from '../api';

const kinds = ['patients', 'appointments', 'procedures', 'recalls', 'contacts', 'locations', 'providers', 'schedules'];
const presets = [{ value: '', label: 'Recare columns (no preset)' }, { value: 'open-dental', label: 'Open Dental' }, { value: 'dentrix', label: 'Dentrix' }, { value: 'athenahealth', label: 'athenahealth' }];

export function ImportPage() {
  const [format, setFormat] = useState<'csv' | 'fhir'>('csv');
  const [kind, setKind] = useState('patients');
  const [preset, setPreset] = useState('');
  const [dryRun, setDryRun] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [problems, setProblems] = useState<ImportProblem[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) return setError('Choose a file to import first.');
    setError(null);
    setSummary(null);
    setProblems(null);
    setProgress(0);
    try {
      const contentType = format === 'csv' ? 'text/csv' : file.name.endsWith('.ndjson') ? 'application/x-ndjson' : 'application/fhir+json';
      const result = await api.upload(api.importPath({ format, kind, preset, dryRun, file: file.name }), file, contentType, setProgress);
      setSummary(result);
      setProblems(result.problemCount > result.problems.length ? (await api.importRun(result.importRunId)).problems : result.problems);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setProgress(null);
    }
  }

  return (
    <section aria-labelledby="import-title">
      <div className="page-title">
        <h1 id="import-title">Import</h1>
        <p className="muted">Bring in patients, appointments, procedures and contacts from the practice system. Good rows are saved; every bad row is listed with its reason.</p>
      </div>
      <form className="card import-form" onSubmit={(e) => void submit(e)}>
        <fieldset>
          <legend>File type</legend>
          <label className="inline"><input type="radio" name="format" checked={format === 'csv'} onChange={() => setFormat('csv')} /> CSV</label>
          <label className="inline"><input type="radio" name="format" checked={format === 'fhir'} onChange={() => setFormat('fhir')} /> FHIR R4 (Bundle JSON or NDJSON)</label>
        </fieldset>
        {format === 'csv' && (
          <div className="form-row">
            <div className="field">
              <label htmlFor="import-kind">What the file holds</label>
              <select id="import-kind" value={kind} onChange={(e) => setKind(e.target.value)}>{kinds.map((k) => <option key={k} value={k}>{k}</option>)}</select>
            </div>
            <div className="field">
              <label htmlFor="import-preset">Exported from</label>
              <select id="import-preset" value={preset} onChange={(e) => setPreset(e.target.value)}>{presets.map((p) => <option key={p.value} value={p.value}>{p.label}</option>)}</select>
            </div>
          </div>
        )}
        <div className="field">
          <label htmlFor="import-file">File</label>
          <input id="import-file" type="file" accept={format === 'csv' ? '.csv,text/csv' : '.json,.ndjson,application/json'} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </div>
        <label className="inline"><input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} /> Dry run: check the file, save nothing</label>
        <div><button type="submit" className="primary" disabled={progress !== null}>Import</button></div>
        {progress !== null && (
          <div className="progress">
            <label htmlFor="import-progress">{progress < 1 ? 'Uploading…' : 'Checking and saving rows…'}</label>
            <progress id="import-progress" max={1} value={progress < 1 ? progress : undefined} />
          </div>
        )}
        {error && <p className="form-error" role="alert">{error}</p>}
      </form>
      {summary && <ImportResult summary={summary} problems={problems ?? []} />}
    </section>
  );
}

function ImportResult({ summary, problems }: { summary: ImportSummary; problems: ImportProblem[] }) {
  const c = summary.counts;
  return (
    <section className="card" aria-labelledby="import-result-title" data-testid="import-result">
      <h2 id="import-result-title">Import #{summary.importRunId}: {summary.status === 'completed' ? (summary.dryRun ? 'checked (dry run, nothing saved)' : 'done') : 'failed'}</h2>
      <dl className="figures">
        <div><dt>Read</dt><dd>{c.read}</dd></div>
        <div><dt>Added</dt><dd>{c.inserted}</dd></div>
        <div><dt>Updated</dt><dd>{c.updated}</dd></div>
        <div><dt>Unchanged</dt><dd>{c.unchanged}</dd></div>
        <div><dt>Rejected</dt><dd>{c.rejected}</dd></div>
      </dl>
      {summary.duplicateCount > 0 && <p>{summary.duplicateCount} likely duplicate patient{summary.duplicateCount === 1 ? '' : 's'} found; they were not merged.</p>}
      {problems.length === 0 ? <p>Every row was accepted.</p> : (
        <>
          <div className="card-title-row">
            <h3>Problems ({summary.problemCount}: {summary.errorCount} rejected rows, {summary.warningCount} warnings)</h3>
            <a className="button" href={api.rejectedRowsUrl(summary.importRunId)} download>Download rejected rows (CSV)</a>
          </div>
          <table className="problems" data-testid="import-problems">
            <thead><tr><th scope="col">Line</th><th scope="col">Column</th><th scope="col">Value</th><th scope="col">Reason</th><th scope="col">Severity</th></tr></thead>
            <tbody>
              {problems.map((p, i) => (
                <tr key={i} className={p.severity === 'error' ? 'problem-error' : undefined}>
                  <td>{p.line ?? '—'}</td><td>{p.column ?? '—'}</td><td><code>{p.value ?? ''}</code></td><td>{p.message}</td><td>{p.severity === 'error' ? 'rejected' : 'warning'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

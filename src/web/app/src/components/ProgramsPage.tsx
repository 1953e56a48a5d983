/** Managers edit recall programs as data (JSON per program); the server validates and every problem is listed. */
import { useState } from 'react';
import { api, ApiError, errorMessage, type Program } from '../api';
import { can, useWorkspace } from '../workspace-context';
import { EmptyState, ErrorNotice, Loading, useAsync } from './status';

const editable = (p: Program): Program => {
  const { id: _id, updatedAt: _updatedAt, ...rest } = p;
  return rest as Program;
};

export function ProgramsPage() {
  const { user } = useWorkspace();
  const [list, reload] = useAsync(async () => {
    const answer = await api.programs();
    return Array.isArray(answer) ? answer : answer.programs;
  }, 'programs');
  if (!can.managePrograms(user)) return <EmptyState title="Programs are for managers"><p>Ask a practice manager to change recall programs or scripts.</p></EmptyState>;
  return (
    <section aria-labelledby="programs-title">
      <div className="page-title">
        <h1 id="programs-title">Programs &amp; scripts</h1>
        <p className="muted">Each recall program is data: who it applies to, when outreach starts, its cadence, script and templates. Edit one and save; Recare checks it first. Call scripts are listed on each case screen; the texts, emails, voicemail scripts and letters a program names in templateKeys are edited on the Templates page.</p>
      </div>
      {list.state === 'loading' && <Loading what="programs" />}
      {list.state === 'error' && <ErrorNotice error={list.error} onRetry={reload} />}
      {list.state === 'ready' && list.value.map((program) => <ProgramEditor key={program.key} program={program} onSaved={reload} />)}
    </section>
  );
}

function ProgramEditor({ program, onSaved }: { program: Program; onSaved: () => void }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState(() => JSON.stringify(editable(program), null, 2));
  const [problems, setProblems] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  async function save() {
    setProblems([]);
    setSaved(false);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      return setProblems([`This is not valid JSON: ${errorMessage(e)}`]);
    }
    try {
      await api.saveProgram(parsed as Program);
      setSaved(true);
      onSaved();
    } catch (e) {
      setProblems(e instanceof ApiError && e.issues.length > 0 ? e.issues.map((i) => `${i.path}: ${i.message}`) : [errorMessage(e)]);
    }
  }
  const id = `program-${program.key}`;
  return (
    <div className="card program">
      <div className="card-title-row">
        <h2>{program.name} <span className="muted small">{program.key}{program.enabled === false ? ' · disabled' : ''}</span></h2>
        <button type="button" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>{open ? 'Close' : 'Edit'}</button>
      </div>
      {open && (
        <div id={id}>
          <label htmlFor={`${id}-json`}>Program definition (JSON)</label>
          <textarea id={`${id}-json`} className="code" rows={16} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
          {problems.length > 0 && <ul className="form-error" role="alert">{problems.map((p) => <li key={p}>{p}</li>)}</ul>}
          {saved && <p role="status" className="notice notice-success">Saved. The next plan uses it.</p>}
          <button type="button" className="primary" onClick={() => void save()}>Save {program.name}</button>
        </div>
      )}
    </div>
  );
}

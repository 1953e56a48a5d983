/** Why the patient is on the list: each open reason with its evidence, and the engine's verdict. */
import type { Explanation } from '../api';

export function ReasonsList({ explanation }: { explanation: Explanation }) {
  const open = explanation.items.filter((i) => i.status === 'open');
  const other = explanation.items.filter((i) => i.status === 'suppressed' || i.status === 'closed');
  return (
    <section className="card" aria-labelledby="reasons-title">
      <h2 id="reasons-title">Open reasons</h2>
      <p className="muted small">{explanation.verdict.message}</p>
      {open.length === 0 ? <p>Nothing is open for this patient now.</p> : (
        <ul className="reasons">
          {open.map((item) => (
            <li key={item.program}><strong>{item.programName}</strong>{item.dueDate && <span className="muted"> · due {item.dueDate}</span>}<div className="evidence">{item.evidence}</div></li>
          ))}
        </ul>
      )}
      {other.length > 0 && (
        <details>
          <summary>Not worked now ({other.length})</summary>
          <ul>{other.map((item) => <li key={item.program}>{item.programName}: {item.why}</li>)}</ul>
        </details>
      )}
    </section>
  );
}

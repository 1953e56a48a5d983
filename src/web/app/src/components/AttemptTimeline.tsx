/** Every earlier touch, newest first: when, how, by whom, what came of it (an undone outcome is shown struck through: it counts nowhere). */
import type { PatientCard } from '../api';
import { dayAndTime } from '../time';

export function AttemptTimeline({ attempts, zone }: { attempts: PatientCard['attempts']; zone: string }) {
  return (
    <section className="card" aria-labelledby="attempts-title">
      <h2 id="attempts-title">Attempt history</h2>
      {attempts.length === 0 ? <p className="muted">No attempts yet: this is the first contact.</p> : (
        <ol className="timeline">
          {attempts.map((a) => (
            <li key={a.id} className={a.undoneAt ? 'undone' : undefined}>
              <time dateTime={a.at}>{dayAndTime(a.at, zone)}</time>
              <span> · {a.direction === 'in' ? 'inbound ' : ''}{a.channel} by {a.by}</span>
              {a.outcome && (a.undoneAt ? <> · <del>{a.outcome}</del> <span className="badge badge-info">undone</span></> : <strong> · {a.outcome}</strong>)}
              {a.callbackAt && <span> · callback {dayAndTime(a.callbackAt, zone)}</span>}
              {a.note && <div className="note">“{a.note}”</div>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

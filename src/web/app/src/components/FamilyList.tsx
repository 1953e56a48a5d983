/** Household members who are also due (information only: each is worked in their own case). */
import type { PatientCard } from '../api';
import { patientPath } from '../router';
import { follow } from './AppHeader';

export function FamilyList({ family }: { family: PatientCard['family'] }) {
  if (family.length === 0) return null;
  return (
    <section className="card" aria-labelledby="family-title">
      <h2 id="family-title">Family members also due</h2>
      <p className="muted small">For information: mention them only after the identity check, and record each in their own case.</p>
      <ul>
        {family.map((f) => (
          <li key={f.caseId}><a href={patientPath(f.patientId)} onClick={follow(patientPath(f.patientId))}>{f.name}</a> <span className="muted small">{f.programs.join(', ').replace(/_/g, ' ')} · {f.state}</span></li>
        ))}
      </ul>
    </section>
  );
}

import type { ImportProblem } from '../../problem.js';
import type { ProcedureRecord, ProcedureStatus } from '../../records.js';
import { describeCodings, pickCode } from '../code-systems.js';
import { draft, entryProblem, originOf, type MapResult, type PendingReference } from '../draft.js';
import type { FhirEntry } from '../fhir-entry.js';
import type { ProcedureR4 } from '../fhir-types.js';
import { mayBePractitioner } from '../references.js';

/** R4 EventStatus → ours. `preparation` is treatment about to be done: planned. not-done, stopped and entered-in-error are not procedures that happened. */
const statuses: Record<string, ProcedureStatus> = { completed: 'completed', preparation: 'planned', 'in-progress': 'completed' };

export function mapProcedure(entry: FhirEntry): MapResult {
  const procedure = entry.resource as ProcedureR4;
  const problems: ImportProblem[] = [];
  const status = statuses[procedure.status ?? ''];
  if (status === undefined) {
    problems.push(entryProblem(entry, 'status', procedure.status ?? null, 'is not a done or planned procedure (completed, in-progress, preparation are imported); skipped', 'warning'));
    return { drafts: [], problems };
  }
  const code = pickCode(procedure.code);
  if (code === null) {
    problems.push(entryProblem(entry, 'code', describeCodings(procedure.code), 'has no CDT, SNOMED CT, CPT or ICD-10-PCS coding; the procedure was not imported', 'warning'));
    return { drafts: [], problems };
  }
  // The date as written in the source's own offset; procedures are dated, not timed, in Recare.
  const performed = procedure.performedDateTime ?? procedure.performedPeriod?.start ?? '';
  const date = /^\d{4}-\d{2}-\d{2}/.exec(performed)?.[0];
  if (date === undefined || !procedure.subject) {
    const field = procedure.subject ? 'performed[x]' : 'subject';
    problems.push(entryProblem(entry, field, performed || null, field === 'subject' ? 'is missing; a procedure needs its patient' : 'is missing or not a date; a procedure needs its date (use performedDateTime or performedPeriod.start)', 'error'));
    return { drafts: [], problems };
  }
  const record: ProcedureRecord = {
    externalId: procedure.id ?? null, patientExternalId: '', codeSystem: code.system, code: code.code, description: code.display,
    status, date, feeCents: null, providerExternalId: null, locationExternalId: null, appointmentExternalId: null, origin: originOf(entry),
  };
  const references: PendingReference<ProcedureRecord>[] = [
    { reference: procedure.subject, type: 'Patient', required: true, column: 'subject', set: (r, id) => { r.patientExternalId = id; } },
  ];
  if (procedure.encounter) references.push({ reference: procedure.encounter, type: 'Encounter', required: false, column: 'encounter', set: (r, id) => { r.appointmentExternalId = `Encounter/${id}`; } });
  const performer = procedure.performer?.map((p) => p.actor).find(mayBePractitioner);
  if (performer) references.push({ reference: performer, type: 'Practitioner', required: false, column: 'performer.actor', set: (r, id) => { r.providerExternalId = id; } });
  if (procedure.location) references.push({ reference: procedure.location, type: 'Location', required: false, column: 'location', set: (r, id) => { r.locationExternalId = id; } });
  return { drafts: [draft('procedures', record, entry, references)], problems };
}

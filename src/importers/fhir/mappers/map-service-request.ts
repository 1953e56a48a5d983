import type { ImportProblem } from '../../problem.js';
import type { ProcedureRecord, RecallRecord } from '../../records.js';
import { conceptText, describeCodings, pickCode } from '../code-systems.js';
import { draft, entryProblem, originOf, type MapResult } from '../draft.js';
import type { FhirEntry } from '../fhir-entry.js';
import type { ServiceRequestR4 } from '../fhir-types.js';
import { firstDate } from './map-care-plan.js';

const open = new Set(['draft', 'active', 'on-hold']);

/**
 * An open ServiceRequest is care that was ordered but has not happened. With an occurrence date it
 * is a due date (a recall: "prophylaxis due 2025-06-01"); without one it is presented treatment
 * waiting to be scheduled, i.e. a planned procedure, dated when it was authored.
 */
export function mapServiceRequest(entry: FhirEntry): MapResult {
  const request = entry.resource as ServiceRequestR4;
  const problems: ImportProblem[] = [];
  if (!open.has(request.status ?? '')) return { drafts: [], problems };
  if (!request.subject) {
    problems.push(entryProblem(entry, 'subject', null, 'is missing; the request was not imported', 'error'));
    return { drafts: [], problems };
  }
  const subject = request.subject;
  const due = firstDate(request.occurrenceDateTime, request.occurrencePeriod?.start, request.occurrenceTiming);
  if (due !== null) {
    const recallType = conceptText(request.code);
    if (recallType === null) {
      problems.push(entryProblem(entry, 'code', null, 'is missing; a due date needs to say what is due', 'error'));
      return { drafts: [], problems };
    }
    const recall: RecallRecord = { patientExternalId: '', recallType, dueDate: due, interval: null, disabled: false, previousDate: null, scheduledDate: null, origin: originOf(entry) };
    return { drafts: [draft('recalls', recall, entry, [{ reference: subject, type: 'Patient', required: true, column: 'subject', set: (r, id) => { r.patientExternalId = id; } }])], problems };
  }
  const code = pickCode(request.code);
  const authored = /^\d{4}-\d{2}-\d{2}/.exec(request.authoredOn ?? '')?.[0];
  if (code === null || authored === undefined) {
    problems.push(entryProblem(entry, code === null ? 'code' : 'authoredOn', code === null ? describeCodings(request.code) : request.authoredOn ?? null,
      code === null ? 'has no CDT, SNOMED CT or CPT coding; the request was not imported' : 'is missing; a request without an occurrence or authored date cannot be dated; not imported', 'warning'));
    return { drafts: [], problems };
  }
  const planned: ProcedureRecord = {
    externalId: request.id ? `ServiceRequest/${request.id}` : null, patientExternalId: '', codeSystem: code.system, code: code.code,
    description: code.display, status: 'planned', date: authored, feeCents: null, providerExternalId: null, locationExternalId: null,
    appointmentExternalId: null, origin: originOf(entry),
  };
  return { drafts: [draft('procedures', planned, entry, [{ reference: subject, type: 'Patient', required: true, column: 'subject', set: (r, id) => { r.patientExternalId = id; } }])], problems };
}

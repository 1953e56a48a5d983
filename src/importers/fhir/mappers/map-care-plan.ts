import type { ImportProblem } from '../../problem.js';
import type { RecallRecord } from '../../records.js';
import { conceptText } from '../code-systems.js';
import { draft, entryProblem, originOf, type AnyDraft, type MapResult } from '../draft.js';
import type { FhirEntry } from '../fhir-entry.js';
import type { CarePlanR4, Timing } from '../fhir-types.js';

const openPlan = new Set(['draft', 'active', 'on-hold']);
const openActivity = new Set(['not-started', 'scheduled', 'in-progress', 'on-hold', 'unknown']);

/**
 * FHIR has no recall resource; a care plan activity with a scheduled date is the closest thing to
 * "due for X on D" (docs/pms-formats.md §0). Each open, dated, coded activity of an open plan
 * becomes a recall; undated activities are goals, not due dates, and are left out.
 */
export function mapCarePlan(entry: FhirEntry): MapResult {
  const plan = entry.resource as CarePlanR4;
  const problems: ImportProblem[] = [];
  if (!openPlan.has(plan.status ?? '') || !plan.subject) return { drafts: [], problems };
  const drafts: AnyDraft[] = [];
  (plan.activity ?? []).forEach((activity, index) => {
    const detail = activity.detail;
    if (!detail || (detail.status && !openActivity.has(detail.status))) return;
    const due = firstDate(detail.scheduledPeriod?.start, detail.scheduledTiming, detail.scheduledString);
    const recallType = conceptText(detail.code) ?? detail.description ?? null;
    if (due === null || recallType === null || !plan.subject) return;
    const record: RecallRecord = {
      patientExternalId: '', recallType, dueDate: due, interval: null, disabled: false, previousDate: null, scheduledDate: null,
      origin: { ...originOf(entry), path: `${originOf(entry).path} activity[${index}]` },
    };
    drafts.push(draft('recalls', record, entry, [
      { reference: plan.subject, type: 'Patient', required: true, column: 'subject', set: (r, id) => { r.patientExternalId = id; } },
    ]));
  });
  if (drafts.length === 0 && (plan.activity ?? []).length > 0 && plan.status === 'active') {
    problems.push(entryProblem(entry, 'activity', null, 'has no open activity with a scheduled date and a code, so it gives no due date; nothing imported', 'warning'));
  }
  return { drafts, problems };
}

export function firstDate(...candidates: (string | Timing | undefined)[]): string | null {
  for (const candidate of candidates) {
    const text = typeof candidate === 'string' ? candidate : candidate?.event?.[0] ?? candidate?.repeat?.boundsPeriod?.start;
    const date = /^\d{4}-\d{2}-\d{2}/.exec(text ?? '')?.[0];
    if (date) return date;
  }
  return null;
}

/**
 * The row the planner writes for a patient's case: the merged plan with its lead program's first
 * touch, its priority and the fields the worklist reads, or nothing when the stored row already says
 * all of that.
 */
import { nextStep } from '../cadence/next-step.js';
import { localDateIn } from '../cadence/zoned-time.js';
import { defaultRankingPolicy } from '../policy/ranking-policy.js';
import type { AttemptChannel, Purpose } from '../compliance/types.js';
import { basePriority } from './base-priority.js';
import { heldOutNextStep } from './held-out-step.js';
import type { CaseFields } from './case-record.js';
import type { CasePlan } from './merge-into-case.js';
import type { PlanningContext } from './planning-context.js';
import { workingLead } from './ranking-band.js';
import type { StoredCase } from './stored-case.js';

/** The fields the planner sets on a case it inserts or updates. */
export type CaseWrite = Pick<CaseFields,
  'patientId' | 'locationId' | 'state' | 'ownerUserId' | 'ownerQueue' | 'nextStep' | 'nextChannel' | 'nextActionAt' | 'priority' | 'priorityWhy' | 'cadenceStep'
  | 'closedReason' | 'closedAt' | 'openedAt' | 'reasonAnchors' | 'programKeys' | 'leadProgramKey' | 'dueOn' | 'outreachStartsAt' | 'outreachEndsAt'
> & {
  /** null: insert. */
  id: number | null;
  /** The updated_at the planner read; an update applies only while it still matches. */
  expectedUpdatedAt: Date | null;
  /** A new lead program's cadence starts: the stored first attempt and the run of unanswered attempts are cleared. */
  restartsCadence: boolean;
};

const sameTime = (a: Date | null, b: Date | null) => (a === null || b === null ? a === b : a.getTime() === b.getTime());
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The row to write for a patient's case, or null when nothing changed. */
export function caseWrite(plan: CasePlan, current: StoredCase | null, locationId: number | null, context: Omit<PlanningContext, 'enabled' | 'settings'>, now: Date,
  openChannels: (touch: { purpose: Purpose; programKey: string }) => readonly AttemptChannel[],
): CaseWrite | null {
  const planned = plan.case;
  if (planned === null) return null;
  if (planned.state === 'closed' && plan.action === 'none') return null;
  const zone = context.zoneOf(locationId);
  const open = plan.openItems;
  // Held-out items never drive outreach; on a case with nothing else they still name its program (its script, if the patient calls).
  const heldOutOnly = plan.outreachItems.length === 0 && open.length > 0;
  // The most urgent fresh item leads; when every item is past its active window, the reactivation program works the case.
  const working = workingLead(heldOutOnly ? open : plan.outreachItems, localDateIn(now, zone), context.ranking ?? defaultRankingPolicy, (key) => context.programByKey.get(key)?.program.enabled === true);
  const lead = working?.item ?? null;
  const leadProgramKey = working?.programKey ?? null;
  const leadProgram = leadProgramKey ? context.programByKey.get(leadProgramKey)?.program : undefined;
  let { nextStep: stepLabel, nextActionAt } = planned;
  let nextChannel = current && plan.action !== 'open' && plan.action !== 'reopen' ? current.nextChannel : null;
  let cadenceStep = planned.cadenceStep;
  // A new lead program (work that went stale is worked as reactivation; a fresh reason outranks it
  // again) starts that program's cadence from its first touch: its step count, its time span and its
  // run of unanswered attempts all start again. A callback or a person's step (a reply to answer)
  // stays until a person moves it; the next touch after it is the new program's.
  const sameCase = plan.action === 'update' || plan.action === 'none';
  const restartsCadence = sameCase && current !== null && current.state !== 'closed' && current.leadProgramKey !== null
    && leadProgramKey !== null && current.leadProgramKey !== leadProgramKey;
  const personStep = stepLabel === 'callback' || nextChannel === null;
  const plansTouches = planned.state === 'open' || planned.state === 'waiting' || planned.state === 'snoozed';
  if (restartsCadence) {
    cadenceStep = 0;
    if (!personStep && plansTouches) stepLabel = null;
  }
  // A fresh, reopened or woken case starts its lead program's cadence: the first touch, at the next office
  // hour (a waiting or snoozed case keeps its later time).
  if ((planned.state === 'open' || restartsCadence) && plansTouches && stepLabel === null && lead && leadProgram && !heldOutOnly) {
    const usable = openChannels({ purpose: leadProgram.purpose, programKey: leadProgram.key });
    const step = nextStep({
      cadence: leadProgram.cadence, stepsDone: cadenceStep, lastAttemptAt: null, outreachStartsAt: lead.outreachStartsAt,
      outreachEndsAt: lead.outreachEndsAt, consentedChannels: usable, now, calendar: context.calendarOf(locationId),
    });
    if (step.kind === 'attempt') {
      stepLabel = step.label;
      // The step the cadence chose: the ones before it use channels the gate refuses.
      cadenceStep = step.stepIndex;
      nextChannel = step.channel;
      nextActionAt = nextActionAt && nextActionAt > step.at ? nextActionAt : step.at;
    } else if (usable.length === 0) {
      // No channel the gate would allow (opted out everywhere, no consent, no valid number or address): a
      // person reviews the contact details rather than the planner naming a touch the gate will refuse.
      stepLabel = 'review contact details';
      nextChannel = null;
    } else {
      stepLabel = 'call';
      nextChannel = usable.includes('voice') ? 'voice' : usable[0] ?? null;
    }
  }
  // Held out: no planned touch, now or later; a person's step stays until a person moves it.
  if (heldOutOnly) ({ nextStep: stepLabel, nextChannel, nextActionAt } = heldOutNextStep({ nextStep: stepLabel, nextChannel, nextActionAt }, planned.state));
  const dueOn = open.map((i) => i.dueOn).sort()[0] ?? null;
  const { priority, why } = basePriority(open, planned.nextStep === 'callback' ? planned.nextActionAt : null, zone, now, context);
  const write: CaseWrite = {
    id: planned.id, expectedUpdatedAt: current && planned.id === current.id ? current.updatedAt : null, restartsCadence, patientId: planned.patientId, locationId,
    state: planned.state, ownerUserId: planned.ownerUserId, ownerQueue: planned.ownerQueue, nextStep: stepLabel, nextChannel: planned.state === 'closed' ? null : nextChannel,
    nextActionAt, priority, priorityWhy: why, cadenceStep, closedReason: planned.closedReason, closedAt: planned.closedAt,
    openedAt: planned.openedAt, reasonAnchors: planned.reasonAnchors, programKeys: [...new Set(open.map((i) => i.programKey))],
    leadProgramKey: planned.state === 'closed' ? current?.leadProgramKey ?? null : leadProgramKey, dueOn: planned.state === 'closed' ? current?.dueOn ?? null : dueOn,
    outreachStartsAt: lead?.outreachStartsAt ?? current?.outreachStartsAt ?? null, outreachEndsAt: lead ? lead.outreachEndsAt : current?.outreachEndsAt ?? null,
  };
  if (plan.action !== 'none' || current === null || planned.id === null) return write;
  const unchanged = current.state === write.state && sameTime(current.nextActionAt, write.nextActionAt) && current.nextStep === write.nextStep
    && current.priority === Math.round(write.priority) && current.priorityWhy === write.priorityWhy && sameList(current.reasonAnchors, write.reasonAnchors)
    && sameList(current.programKeys, write.programKeys) && current.leadProgramKey === write.leadProgramKey && current.dueOn === write.dueOn
    && current.locationId === write.locationId && sameTime(current.outreachStartsAt, write.outreachStartsAt) && sameTime(current.outreachEndsAt, write.outreachEndsAt)
    && current.nextChannel === write.nextChannel;
  return unchanged ? null : write;
}

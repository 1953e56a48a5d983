/**
 * "Why is this patient on the list, or not?" item by item: every program's answer for the patient
 * now (due with its evidence, suppressed and by what, closed by an outcome, or nothing due), the
 * case as stored (state, next step, owner, queue, claim), whether the randomized holdout keeps an item
 * from outreach (and since when), whether the gate lets staff reach them now,
 * and one verdict sentence. Read-only; evaluates with the same pure engine the planner uses, so a
 * difference between "now" and the stored case is itself explained (not planned yet).
 */
import { DateTime } from 'luxon';
import { inScope, type LocationScope } from '../domain/access/index.js';
import { heldOutSentence, isActionable, outcomeCloseReasons } from '../domain/cases/index.js';
import { contactabilityOf } from '../domain/compliance/index.js';
import { AppError } from '../domain/errors.js';
import { callbackOwner, outcomes } from '../domain/outcomes/index.js';
import { evaluatePatient, patientExclusion } from '../domain/recall/index.js';
import { findPatientId } from '../db/queries/gate-facts.js';
import { loadGateFactsFor } from '../db/queries/gate-facts-bulk.js';
import { loadPlanFacts } from '../db/queries/plan-facts.js';
import type { Deps } from './deps.js';
import { loadEngineContext } from './shared/engine-context.js';

export interface ExplainRequest {
  patient: string;
  at?: Date;
  /** The viewer's scope (HTTP); a patient outside it is "not found". */
  scope?: LocationScope;
  /** The viewer (for callbacks someone else owns); null: anyone. */
  viewerUserId?: number | null;
}

export interface ExplainedItem {
  program: string;
  programName: string;
  status: 'open' | 'suppressed' | 'closed' | 'nothing_due';
  dueDate: string | null;
  window: string | null;
  evidence: string | null;
  why: string;
}

export type VerdictCode =
  | 'on_worklist' | 'excluded' | 'nothing_due' | 'suppressed' | 'closed_by_outcome' | 'not_planned' | 'scheduled' | 'waiting' | 'snoozed'
  | 'in_queue' | 'owned_by_someone_else' | 'claimed' | 'held_out';

export interface Explanation {
  patientId: string;
  recareId: number;
  status: string;
  location: string | null;
  at: string;
  onWorklist: boolean;
  verdict: { code: VerdictCode; message: string };
  items: ExplainedItem[];
  case: {
    id: number; state: string; nextStep: string | null; nextActionAt: string | null; ownerUserId: number | null; ownerQueue: string | null;
    claimedBy: number | null; closedReason: string | null; reasons: string[];
  } | null;
  contact: { contactableNow: boolean; nextContactAt: string | null; explanation: string } | null;
}

const labelOfReason = (reason: string) => outcomes.find((o) => o.key === reason)?.label ?? reason.replace(/_/g, ' ');

export async function explainPatient(deps: Pick<Deps, 'store' | 'clock'>, request: ExplainRequest): Promise<Explanation> {
  const { db } = deps.store;
  const at = request.at ?? deps.clock.now();
  // Resolved among the viewer's patients only: another office's patient (even one sharing the id) is not found.
  const patientId = await findPatientId(db, request.patient, request.scope);
  const context = await loadEngineContext(deps);
  const facts = patientId === undefined ? undefined : await loadPlanFacts(db, { kind: 'ids', ids: [patientId] }, { now: at, completedDetailSince: null, appointmentTypes: [] });
  const patient = facts?.patients[0];
  const history = patient ? facts?.histories.get(patient.id) : undefined;
  if (!facts || !patient || !history || (request.scope && !inScope(request.scope, patient.locationId))) {
    throw new AppError('not_found', `No patient has the id ${JSON.stringify(request.patient)}${request.scope ? ' in your offices' : ''}. Use the practice-management system's patient id (e.g. D0000042) or Recare's numeric id.`);
  }
  const zone = context.zoneOf(patient.locationId);
  const local = (d: Date) => DateTime.fromJSDate(d, { zone }).toFormat('ccc yyyy-MM-dd HH:mm');
  const evaluated = evaluatePatient(history, context.enabled, at, {
    timeZone: zone, ...(context.settings.reactivationMonths !== undefined ? { reactivationMonths: context.settings.reactivationMonths } : {}),
  });
  const stored = facts.dueItems.get(patient.id) ?? [];
  const closedByOutcome = new Map(stored.filter((s) => s.status === 'closed' && s.closedReason !== null && outcomeCloseReasons.has(s.closedReason)).map((s) => [s.anchor, s]));
  const storedCase = facts.cases.get(patient.id) ?? null;
  // Items the randomized holdout keeps from proactive outreach, with the local date they were drawn.
  const heldOut = new Map(stored.filter((s) => s.outreachGroup === 'holdout' && s.outreachGroupAt).map((s) => [s.anchor, DateTime.fromJSDate(s.outreachGroupAt as Date, { zone }).toISODate() as string]));
  const nameOf = (key: string) => context.programByKey.get(key)?.program.name ?? key;

  const items: ExplainedItem[] = evaluated.map((item) => {
    const base = { program: item.programKey, programName: nameOf(item.programKey), dueDate: item.dueOn, window: `${item.windowStart} → ${item.windowEnd ?? 'open-ended'}`, evidence: item.evidence };
    const closed = closedByOutcome.get(item.anchor);
    if (closed) return { ...base, status: 'closed', why: `closed by the outcome "${labelOfReason(closed.closedReason ?? '')}"; comes back only when something new happens` };
    if (item.status === 'suppressed') return { ...base, status: 'suppressed', why: item.suppression?.message ?? 'suppressed' };
    const since = heldOut.get(item.anchor);
    if (since !== undefined) return { ...base, status: 'open', why: `due: ${item.evidence}; ${heldOutSentence(base.programName, since)}` };
    return { ...base, status: 'open', why: `due: ${item.evidence}` };
  });
  for (const program of context.enabled) {
    if (!evaluated.some((i) => i.programKey === program.key)) {
      items.push({ program: program.key, programName: program.name, status: 'nothing_due', dueDate: null, window: null, evidence: null, why: 'nothing due now (no trigger in the history, or its outreach window is not open)' });
    }
  }

  const open = items.filter((i) => i.status === 'open');
  let contact: Explanation['contact'] = null;
  const verdict = ((): Explanation['verdict'] => {
    const exclusion = patientExclusion(history.patient);
    if (exclusion) return { code: 'excluded', message: `Not on the worklist: ${exclusion.message}; every reason is kept but never worked.` };
    if (open.length === 0) {
      const closed = items.filter((i) => i.status === 'closed');
      const suppressed = items.filter((i) => i.status === 'suppressed');
      if (closed.length > 0) return { code: 'closed_by_outcome', message: `Not on the worklist: ${closed.map((c) => `${c.programName} was ${c.why}`).join('; ')}.` };
      if (suppressed.length > 0) return { code: 'suppressed', message: `Not on the worklist: ${suppressed.map((s) => `${s.programName} is ${s.why}`).join('; ')}.` };
      return { code: 'nothing_due', message: 'Not on the worklist: nothing is due now under any program.' };
    }
    const openAnchors = evaluated.filter((i) => i.status === 'open' && !closedByOutcome.has(i.anchor)).map((i) => i.anchor).sort();
    if (!storedCase || storedCase.state === 'closed' || [...storedCase.reasonAnchors].sort().join() !== openAnchors.join()) {
      return { code: 'not_planned', message: `Not on the worklist yet: ${open.map((o) => o.programName).join(', ')} ${open.length === 1 ? 'is' : 'are'} due, but the case has not been planned since the data changed; run \`recare plan\`.` };
    }
    if (storedCase.state === 'scheduled') return { code: 'scheduled', message: 'Not on the worklist: staff booked a visit; the case closes when the appointment arrives with the next import.' };
    if (storedCase.ownerQueue !== null) return { code: 'in_queue', message: `On the ${storedCase.ownerQueue} queue's list, not the front desk's: ${storedCase.nextStep ?? 'escalated'}.` };
    const openHeldOut = evaluated.filter((i) => i.status === 'open' && !closedByOutcome.has(i.anchor) && heldOut.has(i.anchor));
    if (!isActionable(storedCase, at) && openHeldOut.length === openAnchors.length) {
      const which = openHeldOut.map((i) => heldOutSentence(nameOf(i.programKey), heldOut.get(i.anchor) as string)).join('; ');
      return { code: 'held_out', message: `Not on the worklist: ${which}. Nobody calls or messages the patient for it; a call, reply or booking from the patient still lands on the case.` };
    }
    if (!isActionable(storedCase, at)) {
      const when = storedCase.nextActionAt ? local(storedCase.nextActionAt) : 'no time set';
      if (storedCase.state === 'snoozed') return { code: 'snoozed', message: `Not on the worklist: snoozed (Not ready — call later) until ${when}.` };
      return { code: 'waiting', message: `Not on the worklist yet: next step "${storedCase.nextStep ?? 'call'}" on ${when}.` };
    }
    if (storedCase.ownerUserId !== null && storedCase.ownerUserId !== (request.viewerUserId ?? null)) {
      const who = callbackOwner({ ownerUserId: storedCase.ownerUserId, nextActionAt: storedCase.nextActionAt }, at, context.settings.callbackHandoffHours);
      if (who.owner.kind === 'user') return { code: 'owned_by_someone_else', message: `On user ${storedCase.ownerUserId}'s worklist only: ${who.why}.` };
    }
    const lapsed = at.getTime() - context.settings.claimMinutes * 60_000;
    if (storedCase.claimedBy !== null && storedCase.claimedBy !== (request.viewerUserId ?? null) && storedCase.claimedAt !== null && storedCase.claimedAt.getTime() > lapsed) {
      return { code: 'claimed', message: `Off other worklists: claimed by user ${storedCase.claimedBy} since ${local(storedCase.claimedAt)}.` };
    }
    return { code: 'on_worklist', message: `On the worklist: ${open.map((o) => `${o.programName} (${o.evidence})`).join('; ')}.` };
  })();

  if (verdict.code === 'on_worklist' || verdict.code === 'owned_by_someone_else' || verdict.code === 'claimed' || verdict.code === 'waiting' || verdict.code === 'not_planned') {
    const gateFacts = (await loadGateFactsFor(db, [patient.id], at)).get(patient.id);
    const lead = storedCase?.leadProgramKey ? context.programByKey.get(storedCase.leadProgramKey)?.program : context.programByKey.get(open[0]?.program ?? '')?.program;
    if (gateFacts) {
      const c = contactabilityOf(gateFacts, context.contactPolicy, { purpose: lead?.purpose ?? 'recall_due', programKey: lead?.key ?? null, suggested: storedCase?.nextChannel ?? null }, at);
      contact = { contactableNow: c.contactableNow, nextContactAt: c.nextContactAt?.toISOString() ?? null, explanation: c.explanation };
      if (verdict.code === 'on_worklist' && !c.contactableNow) {
        verdict.message += ` Listed, but the gate blocks every channel now: ${c.explanation}${c.nextContactAt ? ` Next possible: ${local(c.nextContactAt)}.` : ''}`;
      }
    }
  }

  return {
    patientId: patient.externalId, recareId: patient.id, status: history.patient.status,
    location: patient.locationId !== null ? context.locations.get(patient.locationId)?.externalId ?? null : null,
    at: at.toISOString(), onWorklist: verdict.code === 'on_worklist', verdict, items,
    case: storedCase && {
      id: storedCase.id, state: storedCase.state, nextStep: storedCase.nextStep, nextActionAt: storedCase.nextActionAt?.toISOString() ?? null,
      ownerUserId: storedCase.ownerUserId, ownerQueue: storedCase.ownerQueue, claimedBy: storedCase.claimedBy, closedReason: storedCase.closedReason,
      reasons: storedCase.reasonAnchors,
    },
    contact,
  };
}

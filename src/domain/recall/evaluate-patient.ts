/**
 * Evaluates one patient's history against the programs into due items. Pure: `now`, the location's
 * zone and the programs arrive as arguments. Steps, in order:
 *   1. trigger hits per program (trigger-hits.ts);
 *   2. an imported PMS due date replaces the computed one of the same program; a recall disabled
 *      in the PMS suppresses the program;
 *   3. superseding (perio maintenance replaces hygiene; reactivation replaces routine recalls);
 *   4. only hits whose outreach window contains `now` become items;
 *   5. suppression by appointments (any future one, or one that carries the planned code);
 *   6. patient exclusions (deceased, archived, inactive, do-not-contact) suppress everything.
 * Suppressed items are returned too, with the reason, so a store can close rows and `explain` can
 * say why a patient is not on the list.
 */
import { isValidTimeZone, localDateIn, startOfLocalDate } from '../cadence/zoned-time.js';
import { AppError } from '../errors.js';
import { addToDate, addToInstant, type CalendarDuration } from './calendar-duration.js';
import type { DueItem, Suppression } from './due-item.js';
import type { AppointmentFact, ImportedRecallFact, PatientHistory } from './patient-history.js';
import { patientExclusion } from './patient-exclusion.js';
import type { RecallProgram } from './program.js';
import { dollars } from './money.js';
import { triggerHits, type HitContext, type TriggerHit } from './trigger-hits.js';

export interface EvaluateOptions {
  /** IANA zone of the patient's location: local dates ("today", visit days) are counted there. */
  timeZone: string;
  /** Practice override of the reactivation window, 12–36 months (default: the program's 18). */
  reactivationMonths?: number;
}

interface Placed {
  hit: TriggerHit;
  program: RecallProgram;
  dueOn: string;
  windowStart: string;
  windowEnd: string | null;
  outreachStartsAt: Date;
  outreachEndsAt: Date | null;
  suppression: Suppression | null;
}

const startOfLocalDay = startOfLocalDate;
const localDate = localDateIn;

function importedFor(program: RecallProgram, imported: readonly ImportedRecallFact[]): ImportedRecallFact[] {
  if (program.trigger.kind !== 'interval') return [];
  const types = program.trigger.importedRecallTypes.map((t) => t.trim().toLowerCase());
  return imported.filter((r) => types.includes(r.recallType.trim().toLowerCase()));
}

/** Step 2: the PMS's own due date wins; the computed evidence stays in the sentence for staff. */
function applyImported(program: RecallProgram, hits: TriggerHit[], imported: readonly ImportedRecallFact[]): { hits: TriggerHit[]; disabled: ImportedRecallFact | null } {
  const matching = importedFor(program, imported);
  const disabled = matching.find((r) => r.disabled) ?? null;
  const latest = matching.filter((r) => !r.disabled).sort((a, b) => (a.dueOn < b.dueOn ? 1 : -1))[0];
  if (!latest) return { hits, disabled };
  const computed = hits[0];
  const computedText = computed && 'on' in computed.due ? `; computed: ${computed.evidence} = ${computed.due.on}` : '';
  return {
    disabled,
    hits: [{
      programKey: program.key, anchor: `${program.key}@pms-${latest.dueOn}`, source: 'imported',
      eventOn: computed?.eventOn ?? latest.dueOn, due: { on: latest.dueOn },
      evidence: `due ${latest.dueOn} per the practice system's "${latest.recallType}" recall (imported${computedText})`,
      feeCents: null, codes: computed?.codes ?? [], appointmentId: null, plannedProcedures: [],
    }],
  };
}

function place(hit: TriggerHit, program: RecallProgram, zone: string): Placed {
  const { start, end } = program.outreach;
  if ('at' in hit.due) {
    const outreachStartsAt = addToInstant(hit.due.at, start, zone);
    const outreachEndsAt = end ? addToInstant(hit.due.at, end, zone) : null;
    return {
      hit, program, dueOn: localDate(hit.due.at, zone), windowStart: localDate(outreachStartsAt, zone),
      windowEnd: outreachEndsAt ? localDate(outreachEndsAt, zone) : null, outreachStartsAt, outreachEndsAt, suppression: null,
    };
  }
  const windowStart = addToDate(hit.due.on, start);
  const windowEnd = end ? addToDate(hit.due.on, end) : null;
  return {
    hit, program, dueOn: hit.due.on, windowStart, windowEnd,
    outreachStartsAt: startOfLocalDay(windowStart, zone),
    // The end date is inclusive: outreach runs through the whole local day.
    outreachEndsAt: windowEnd ? startOfLocalDay(addToDate(windowEnd, { days: 1 }), zone) : null,
    suppression: null,
  };
}

function isActive(p: Placed, now: Date): boolean {
  return p.outreachStartsAt <= now && (p.outreachEndsAt === null || now < p.outreachEndsAt);
}

/** Step 3: does `by` replace `other`? When it is active, or, for interval programs, when its event is later. */
function supersedes(by: Placed, other: Placed, now: Date): boolean {
  if (!by.program.supersedes.includes(other.program.key)) return false;
  if (isActive(by, now)) return by.hit.eventOn >= other.hit.eventOn;
  return by.program.trigger.kind === 'interval' && by.hit.eventOn > other.hit.eventOn;
}

function describeAppointment(a: AppointmentFact, zone: string): string {
  return `the ${a.status} appointment on ${localDate(a.startsAt, zone)} (#${a.id})`;
}

/** Step 5. */
function appointmentSuppression(p: Placed, future: AppointmentFact[], zone: string): { suppression: Suppression | null; hit: TriggerHit } {
  const first = future[0];
  if (p.program.suppressedBy === 'any_future_appointment' && first) {
    return { hit: p.hit, suppression: { code: 'future_appointment', message: `covered by ${describeAppointment(first, zone)}` } };
  }
  if (p.program.suppressedBy === 'appointment_with_code' && p.hit.plannedProcedures.length > 0) {
    const coveredBy = (code: string, appointmentId: number | null) => future.find((a) => a.id === appointmentId
      || a.procedureCodes.some((c) => c.trim().toUpperCase() === code.trim().toUpperCase()));
    const open = p.hit.plannedProcedures.filter((proc) => !coveredBy(proc.code, proc.appointmentId));
    if (open.length === 0) {
      const by = coveredBy(p.hit.plannedProcedures[0]?.code ?? '', p.hit.plannedProcedures[0]?.appointmentId ?? null);
      return { hit: p.hit, suppression: { code: 'appointment_carries_procedure', message: `every planned procedure is on ${by ? describeAppointment(by, zone) : 'a scheduled appointment'}` } };
    }
    const fee = open.reduce((sum, proc) => sum + (proc.feeCents ?? 0), 0);
    const scheduled = p.hit.plannedProcedures.filter((proc) => !open.includes(proc)).map((proc) => proc.code);
    const evidence = `planned ${open.map((o) => o.code).join(', ')} presented on ${p.hit.eventOn}`
      + (scheduled.length > 0 ? `; ${scheduled.join(', ')} already on a scheduled appointment` : '');
    return { suppression: null, hit: { ...p.hit, plannedProcedures: open, codes: open.map((o) => o.code), feeCents: fee, evidence } };
  }
  return { hit: p.hit, suppression: null };
}

function withFee(evidence: string, feeCents: number | null): string {
  return feeCents && feeCents > 0 ? `${evidence} (${dollars(feeCents)} planned)` : evidence;
}

export interface Evaluation {
  items: DueItem[];
  /**
   * The earliest instant after `now` at which the same history could evaluate differently: an
   * outreach window opening or closing, an appointment's start passing, a future-dated procedure's
   * day arriving, a planned procedure ageing out of its program's window. null: never, by time
   * alone. Until then a planner may keep the stored result; a data change re-plans anyway.
   */
  stableUntil: Date | null;
}

export function evaluatePatient(history: PatientHistory, programs: readonly RecallProgram[], now: Date, options: EvaluateOptions): DueItem[] {
  return evaluatePatientWithHorizon(history, programs, now, options).items;
}

export function evaluatePatientWithHorizon(history: PatientHistory, programs: readonly RecallProgram[], now: Date, options: EvaluateOptions): Evaluation {
  const zone = options.timeZone;
  if (!isValidTimeZone(zone)) {
    throw new AppError('invalid_input', `time zone "${zone}" is not an IANA zone; use e.g. "America/New_York"`);
  }
  const months = options.reactivationMonths;
  if (months !== undefined && (!Number.isInteger(months) || months < 12 || months > 36)) {
    throw new AppError('invalid_input', `reactivationMonths ${String(months)} is out of range; allowed: a whole number of months from 12 to 36`);
  }
  const ctx: HitContext = { now, today: localDate(now, zone), timeZone: zone };
  const imported = history.importedRecalls ?? [];

  const placed: Placed[] = [];
  for (const program of programs.filter((p) => p.enabled)) {
    const { hits, disabled } = applyImported(program, triggerHits(program, history, ctx, months ?? null), imported);
    for (const hit of hits) {
      const p = place(hit, program, zone);
      if (disabled) p.suppression = { code: 'disabled_in_pms', message: `the "${disabled.recallType}" recall is disabled in the practice system` };
      placed.push(p);
    }
  }

  for (const p of placed) {
    if (p.suppression) continue;
    const by = placed.find((q) => q !== p && supersedes(q, p, now));
    if (by) p.suppression = { code: 'superseded', message: `replaced by ${by.program.name} (${by.hit.evidence})` };
  }

  const future = history.appointments
    .filter((a) => (a.status === 'scheduled' || a.status === 'confirmed') && a.startsAt > now)
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id - b.id);
  const exclusion = patientExclusion(history.patient);

  const items = placed.filter((p) => isActive(p, now)).map((p): DueItem => {
    const byAppointment = p.suppression ? { hit: p.hit, suppression: p.suppression } : appointmentSuppression(p, future, zone);
    const suppression = exclusion ?? byAppointment.suppression;
    const hit = byAppointment.hit;
    return {
      patientId: history.patient.id, programKey: p.program.key, anchor: hit.anchor, source: hit.source,
      dueOn: p.dueOn, windowStart: p.windowStart, windowEnd: p.windowEnd, outreachStartsAt: p.outreachStartsAt, outreachEndsAt: p.outreachEndsAt,
      evidence: withFee(hit.evidence, hit.feeCents), status: suppression ? 'suppressed' : 'open', suppression,
      purpose: p.program.purpose, urgency: p.program.urgency, feeCents: hit.feeCents, codes: hit.codes, appointmentId: hit.appointmentId,
    };
  }).sort((a, b) => b.urgency - a.urgency || (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.anchor.localeCompare(b.anchor)));
  return { items, stableUntil: stableUntil(placed, history, programs, ctx) };
}

const presentedWithinCache = new WeakMap<readonly RecallProgram[], CalendarDuration[]>();

/** The planned-treatment windows of a program list (memoized per list: the planner passes the same one for every patient). */
function presentedWithinOf(programs: readonly RecallProgram[]): CalendarDuration[] {
  let windows = presentedWithinCache.get(programs);
  if (windows === undefined) {
    windows = programs.flatMap((p) => (p.enabled && p.trigger.kind === 'planned_treatment' && p.trigger.presentedWithin ? [p.trigger.presentedWithin] : []));
    presentedWithinCache.set(programs, windows);
  }
  return windows;
}

/**
 * Every place above that reads the clock, turned into the next instant its answer can flip:
 * `isActive` (window edges, also of hits not yet active: they may supersede or open), `startsAt`
 * against now (missed visits, confirmations, future-appointment suppression, last visit), and
 * `today` against procedure days (future-dated procedures, planned treatment's presentedWithin).
 */
function stableUntil(placed: readonly Placed[], history: PatientHistory, programs: readonly RecallProgram[], ctx: HitContext): Date | null {
  let next = Number.POSITIVE_INFINITY;
  const consider = (at: Date | null) => {
    if (at !== null && at.getTime() > ctx.now.getTime() && at.getTime() < next) next = at.getTime();
  };
  for (const p of placed) {
    consider(p.outreachStartsAt);
    consider(p.outreachEndsAt);
  }
  for (const a of history.appointments) consider(a.startsAt);
  const withinWindows = presentedWithinOf(programs);
  for (const proc of history.procedures) {
    if (proc.performedOn > ctx.today) consider(startOfLocalDay(proc.performedOn, ctx.timeZone));
    else if (proc.status === 'planned') {
      // Included while performedOn ≥ today − presentedWithin: it ages out the day after performedOn + presentedWithin.
      for (const within of withinWindows) consider(startOfLocalDay(addToDate(addToDate(proc.performedOn, within), { days: 1 }), ctx.timeZone));
    }
  }
  return Number.isFinite(next) ? new Date(next) : null;
}

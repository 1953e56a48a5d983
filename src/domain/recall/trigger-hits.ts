/**
 * Trigger hits: every instance of a program's trigger in one patient's history, before windows,
 * suppression and exclusions. One function per trigger kind; each hit carries its anchor (the
 * instance's stable name) and its evidence sentence.
 */
import { localDateIn, localTimeIn } from '../cadence/zoned-time.js';
import { addToDate, describeDuration } from './calendar-duration.js';
import { appointmentTypeMatches, procedureMatches } from './code-match.js';
import type { AppointmentFact, PatientHistory, ProcedureFact } from './patient-history.js';
import type { ProgramTrigger, RecallProgram } from './program.js';

export interface TriggerHit {
  programKey: string;
  anchor: string;
  source: 'computed' | 'imported';
  /** The date of the triggering event (last cleaning, last visit); used to decide superseding. */
  eventOn: string;
  /** Date-based due date, or an exact instant (confirmations count hours before the visit). */
  due: { on: string } | { at: Date };
  evidence: string;
  feeCents: number | null;
  codes: string[];
  appointmentId: number | null;
  /** Planned procedures behind an unscheduled-treatment hit, for per-code suppression. */
  plannedProcedures: ProcedureFact[];
}

export interface HitContext {
  now: Date;
  today: string;
  timeZone: string;
}

type Of<K extends ProgramTrigger['kind']> = Extract<ProgramTrigger, { kind: K }>;

const localDate = localDateIn;
const localTime = localTimeIn;
const isLive = (a: AppointmentFact) => a.status === 'scheduled' || a.status === 'confirmed';

function hit(program: RecallProgram, fields: Omit<TriggerHit, 'programKey' | 'source' | 'feeCents' | 'codes' | 'appointmentId' | 'plannedProcedures'> & Partial<TriggerHit>): TriggerHit {
  return { programKey: program.key, source: 'computed', feeCents: null, codes: [], appointmentId: null, plannedProcedures: [], ...fields };
}

function intervalHits(program: RecallProgram, t: Of<'interval'>, history: PatientHistory, ctx: HitContext): TriggerHit[] {
  const events: { on: string; what: string }[] = [
    ...history.procedures.filter((p) => p.status === 'completed' && p.performedOn <= ctx.today && procedureMatches(program.key, t, p))
      .map((p) => ({ on: p.performedOn, what: p.code })),
    ...history.appointments.filter((a) => a.status === 'completed' && appointmentTypeMatches(t.appointmentTypes, a))
      .map((a) => ({ on: localDate(a.startsAt, ctx.timeZone), what: `"${a.type ?? ''}" visit` })),
  ];
  const last = events.sort((a, b) => (a.on < b.on ? 1 : a.on > b.on ? -1 : a.what.localeCompare(b.what)))[0];
  if (!last) return [];
  return [hit(program, {
    anchor: `${program.key}@${last.on}`, eventOn: last.on, due: { on: addToDate(last.on, t.interval) },
    evidence: `last ${last.what} on ${last.on} + ${describeDuration(t.interval)}`, codes: [last.what],
  })];
}

function plannedTreatmentHits(program: RecallProgram, t: Of<'planned_treatment'>, history: PatientHistory, ctx: HitContext): TriggerHit[] {
  const oldest = t.presentedWithin ? addToDate(ctx.today, Object.fromEntries(Object.entries(t.presentedWithin).map(([k, v]) => [k, -(v ?? 0)]))) : '0000-01-01';
  const completed = history.procedures.filter((p) => p.status === 'completed');
  // A plan is done once the same code was completed on or after the day it was presented.
  const done = (p: ProcedureFact) => completed.some((c) => c.codeSystem === p.codeSystem && c.code.toUpperCase() === p.code.toUpperCase() && c.performedOn >= p.performedOn);
  const planned = history.procedures.filter((p) => p.status === 'planned' && p.performedOn >= oldest && p.performedOn <= ctx.today
    && procedureMatches(program.key, t, p) && !done(p));
  const byDay = new Map<string, ProcedureFact[]>();
  for (const p of planned) byDay.set(p.performedOn, [...(byDay.get(p.performedOn) ?? []), p]);
  return [...byDay.entries()].map(([on, procedures]) => hit(program, {
    anchor: `${program.key}@${on}`, eventOn: on, due: { on },
    evidence: `planned ${procedures.map((p) => p.code).join(', ')} presented on ${on}`,
    plannedProcedures: procedures, codes: procedures.map((p) => p.code),
    feeCents: procedures.reduce((sum, p) => sum + (p.feeCents ?? 0), 0),
  }));
}

function missedVisitHits(program: RecallProgram, t: Of<'missed_visit'>, history: PatientHistory, ctx: HitContext): TriggerHit[] {
  const missed = history.appointments
    .filter((a) => a.startsAt <= ctx.now && (t.statuses as string[]).includes(a.status)
      && (t.appointmentTypes.length === 0 || appointmentTypeMatches(t.appointmentTypes, a)))
    .sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime() || b.id - a.id)[0];
  if (!missed) return [];
  // Rebooked or seen since: a later live or completed appointment means nothing was missed for good.
  const later = history.appointments.some((a) => a.id !== missed.id && a.startsAt > missed.startsAt && (isLive(a) || a.status === 'completed'));
  if (later) return [];
  const on = localDate(missed.startsAt, ctx.timeZone);
  const what = missed.status === 'no_show' ? 'no-show' : 'cancelled';
  return [hit(program, {
    anchor: `${program.key}@appointment-${missed.id}`, eventOn: on, due: { on }, appointmentId: missed.id,
    evidence: `${what} on ${on} (appointment #${missed.id}${missed.type ? `, ${missed.type}` : ''}) with no later appointment`,
  })];
}

function afterProcedureHits(program: RecallProgram, t: Of<'after_procedure'>, history: PatientHistory, ctx: HitContext): TriggerHit[] {
  const byDay = new Map<string, string[]>();
  const add = (on: string, what: string) => byDay.set(on, [...(byDay.get(on) ?? []), what]);
  for (const p of history.procedures) if (p.status === 'completed' && p.performedOn <= ctx.today && procedureMatches(program.key, t, p)) add(p.performedOn, p.code);
  for (const a of history.appointments) if (a.status === 'completed' && appointmentTypeMatches(t.appointmentTypes, a)) add(localDate(a.startsAt, ctx.timeZone), `"${a.type ?? ''}" visit`);
  return [...byDay.entries()].map(([on, codes]) => hit(program, {
    anchor: `${program.key}@${on}`, eventOn: on, due: { on: addToDate(on, t.after) }, codes,
    evidence: `${codes.join(', ')} completed on ${on}; ${program.name.toLowerCase()} ${describeDuration(t.after)} after`,
  }));
}

function confirmationHits(program: RecallProgram, t: Of<'confirmation'>, history: PatientHistory, ctx: HitContext): TriggerHit[] {
  return history.appointments
    .filter((a) => a.status === 'scheduled' && a.confirmedAt === null && a.startsAt > ctx.now
      && (t.appointmentTypes.length === 0 || appointmentTypeMatches(t.appointmentTypes, a)))
    .map((a) => hit(program, {
      anchor: `${program.key}@appointment-${a.id}`, eventOn: localDate(a.startsAt, ctx.timeZone), due: { at: a.startsAt }, appointmentId: a.id,
      evidence: `appointment #${a.id} on ${localDate(a.startsAt, ctx.timeZone)} at ${localTime(a.startsAt, ctx.timeZone)} is scheduled but not confirmed`,
    }));
}

/** The last day the patient was seen: a completed appointment or a completed procedure. */
export function lastVisitOn(history: PatientHistory, ctx: HitContext): string | null {
  const days = [
    ...history.appointments.filter((a) => a.status === 'completed' && a.startsAt <= ctx.now).map((a) => localDate(a.startsAt, ctx.timeZone)),
    ...history.procedures.filter((p) => p.status === 'completed' && p.performedOn <= ctx.today).map((p) => p.performedOn),
  ].sort();
  return days.at(-1) ?? null;
}

function lapsedHits(program: RecallProgram, months: number, history: PatientHistory, ctx: HitContext): TriggerHit[] {
  const last = lastVisitOn(history, ctx);
  if (last === null) return [];
  return [hit(program, {
    anchor: `${program.key}@${last}`, eventOn: last, due: { on: addToDate(last, { months }) },
    evidence: `last completed visit on ${last}; no visit for ${months} months`,
  })];
}

function referralHits(program: RecallProgram, t: Of<'referral'>, history: PatientHistory): TriggerHit[] {
  const wanted = t.specialties.map((s) => s.trim().toLowerCase());
  return (history.referrals ?? [])
    .filter((r) => r.direction === 'out' && (r.status === 'open' || r.status === 'scheduled')
      && (wanted.length === 0 || (r.specialty !== null && wanted.includes(r.specialty.trim().toLowerCase()))))
    .map((r) => hit(program, {
      anchor: `${program.key}@referral-${r.id}`, eventOn: r.referredOn, due: { on: addToDate(r.referredOn, t.notCompletedWithin) },
      evidence: `referral${r.specialty ? ` to ${r.specialty}` : ''} on ${r.referredOn} not completed within ${describeDuration(t.notCompletedWithin)}`,
    }));
}

export function triggerHits(program: RecallProgram, history: PatientHistory, ctx: HitContext, reactivationMonths: number | null): TriggerHit[] {
  const t = program.trigger;
  switch (t.kind) {
    case 'interval': return intervalHits(program, t, history, ctx);
    case 'planned_treatment': return plannedTreatmentHits(program, t, history, ctx);
    case 'missed_visit': return missedVisitHits(program, t, history, ctx);
    case 'after_procedure': return afterProcedureHits(program, t, history, ctx);
    case 'confirmation': return confirmationHits(program, t, history, ctx);
    case 'lapsed': return lapsedHits(program, reactivationMonths ?? t.lapsedAfterMonths, history, ctx);
    case 'referral': return referralHits(program, t, history);
  }
}

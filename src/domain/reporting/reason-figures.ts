/**
 * Why patients decline or put off care, for the report: the touches whose outcome takes a reason
 * (Declined, Not ready, Opted out) per reason staff gave, "not_given" without one (imported contact
 * logs and older attempts carry none), split by outcome; and every touch per outcome.
 */
import {
  barrierReasonKeys, barrierReasonLabel, outcomeKeys, reasonNotGiven, reasonOutcomes, type BarrierReasonKey, type OutcomeKey, type ReasonOutcome,
} from '../outcomes/index.js';

/** The query's rows: touches with a barrier outcome, per reason key (or "not_given") and outcome. */
export interface ReasonCount {
  reason: string;
  outcome: string;
  touches: number;
}

export type ReasonKey = BarrierReasonKey | typeof reasonNotGiven.key;

export interface ReasonFigures {
  reason: ReasonKey;
  label: string;
  /** Touches with a barrier outcome and this reason. */
  touches: number;
  byOutcome: Record<ReasonOutcome, number>;
}

const reportedReasons: readonly ReasonKey[] = [...barrierReasonKeys, reasonNotGiven.key];

/** Every reason in the vocabulary's order, "not given" last, zeros included, so charts and tables keep one shape. */
export function reasonFigures(counts: readonly ReasonCount[]): ReasonFigures[] {
  return reportedReasons.map((reason) => {
    const byOutcome = Object.fromEntries(reasonOutcomes.map((outcome) => [
      outcome, counts.filter((c) => c.reason === reason && c.outcome === outcome).reduce((sum, c) => sum + c.touches, 0),
    ])) as Record<ReasonOutcome, number>;
    return { reason, label: barrierReasonLabel(reason), touches: reasonOutcomes.reduce((sum, o) => sum + byOutcome[o], 0), byOutcome };
  });
}

/** Touches per outcome: every outcome of the vocabulary (zeros included), then any other the practice system's log used. */
export function outcomeFigures(counts: Readonly<Record<string, number>>): Record<OutcomeKey, number> & Record<string, number> {
  const known = Object.fromEntries(outcomeKeys.map((k) => [k, counts[k] ?? 0])) as Record<OutcomeKey, number>;
  return { ...known, ...Object.fromEntries(Object.entries(counts).filter(([k]) => !(outcomeKeys as readonly string[]).includes(k))) };
}

/** The reasons staff gave most often (ties in the vocabulary's order), without "not given" or reasons nobody gave. */
export function topReasons(reasons: readonly ReasonFigures[], limit: number): ReasonFigures[] {
  return reasons.filter((r) => r.reason !== reasonNotGiven.key && r.touches > 0)
    .map((r, order) => ({ r, order }))
    .sort((a, b) => b.r.touches - a.r.touches || a.order - b.order)
    .slice(0, limit)
    .map(({ r }) => r);
}

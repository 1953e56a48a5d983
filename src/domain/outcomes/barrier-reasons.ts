/**
 * Why a patient declines or puts off care: one optional category per attempt, chosen by staff from
 * this list (attempts.reason stores the key). It turns "Declined" into something a manager can act
 * on: cost and insurance call for payment options, time for evening hours, anxiety for a gentler script.
 *
 * Only outcomes that say the patient is not coming now take a reason: Declined, Not ready and Opted
 * out. Callback requested does not: the patient wants to talk at another time, which is no barrier.
 */
import { outcomeLabel, type OutcomeKey } from './outcome-vocabulary.js';

export const barrierReasons = [
  { key: 'cost', label: 'Cost' },
  { key: 'insurance', label: 'Insurance' },
  { key: 'time', label: 'Time (work or schedule)' },
  { key: 'transportation', label: 'Transportation' },
  { key: 'anxiety', label: 'Anxiety (fear of the dentist)' },
  { key: 'health', label: 'Health (medical reasons, pregnancy)' },
  { key: 'moved', label: 'Moved away' },
  { key: 'other_dentist', label: 'Sees another dentist' },
  { key: 'not_interested', label: 'Not interested' },
  { key: 'other', label: 'Other' },
] as const;

export type BarrierReasonKey = (typeof barrierReasons)[number]['key'];
export type BarrierReasonLabel = (typeof barrierReasons)[number]['label'];

export const barrierReasonKeys: readonly BarrierReasonKey[] = barrierReasons.map((r) => r.key);

/** The outcomes that take a reason, in the order the report lists them. */
export const reasonOutcomes = ['declined', 'not_ready', 'opted_out'] as const satisfies readonly OutcomeKey[];
export type ReasonOutcome = (typeof reasonOutcomes)[number];

const reasonOutcomeLabels = reasonOutcomes.map((k) => `"${outcomeLabel(k)}"`).join(', ');

/** How the report names a barrier outcome recorded without a reason. */
export const reasonNotGiven = { key: 'not_given', label: 'Not given' } as const;

export function takesReason(outcome: OutcomeKey): outcome is ReasonOutcome {
  return (reasonOutcomes as readonly OutcomeKey[]).includes(outcome);
}

export function barrierReasonLabel(key: BarrierReasonKey | typeof reasonNotGiven.key): string {
  return key === reasonNotGiven.key ? reasonNotGiven.label : barrierReasons.find((r) => r.key === key)?.label ?? key;
}

// "other dentist", "Other-dentist" and "OTHER_DENTIST" mean the same; so do a label with or without its parenthesis.
const normalize = (text: string) => text.toLowerCase().replace(/[—–\-_\s]+/g, ' ').trim();
const withoutParenthesis = (text: string) => normalize(text.replace(/\(.*\)/, ''));

const allowedText = barrierReasons.map((r) => `"${r.key}" (${r.label})`).join(', ');

export type ParsedBarrierReason = { ok: true; key: BarrierReasonKey; label: BarrierReasonLabel } | { ok: false; message: string };

/** Accepts a key or a label (any case; the label's parenthesis may be left out); anything else is answered with the allowed ones. */
export function parseBarrierReason(text: string): ParsedBarrierReason {
  const wanted = normalize(text);
  const match = barrierReasons.find((r) => normalize(r.key) === wanted || normalize(r.label) === wanted)
    ?? (wanted === '' ? undefined : barrierReasons.find((r) => withoutParenthesis(r.label) === wanted));
  if (match) return { ok: true, key: match.key, label: match.label };
  return { ok: false, message: `reason is ${JSON.stringify(text)}, which is not a decline or barrier reason; allowed: ${allowedText}.` };
}

export type ReasonCheck = { ok: true; reason: BarrierReasonKey | null } | { ok: false; message: string };

/**
 * The reason given with an outcome, checked against it: none is always fine; one must be in the list
 * and go with an outcome that takes a reason.
 */
export function checkReasonForOutcome(outcome: { key: OutcomeKey; label: string }, reason: string | null | undefined): ReasonCheck {
  const given = reason?.trim() ?? '';
  if (given === '') return { ok: true, reason: null };
  const parsed = parseBarrierReason(given);
  if (!parsed.ok) return parsed;
  if (!takesReason(outcome.key)) {
    return {
      ok: false,
      message: `A reason goes with ${reasonOutcomeLabels} only; "${outcome.label}" takes none (reason "${parsed.key}" was given).`,
    };
  }
  return { ok: true, reason: parsed.key };
}

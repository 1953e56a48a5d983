/**
 * The outcome vocabulary. Staff, automation and any future agent record exactly one of these per
 * attempt; the labels are what the UI and CLI show and accept, the keys what the attempts table
 * stores (attempts.outcome).
 */
export const outcomes = [
  { key: 'scheduled', label: 'Scheduled' },
  { key: 'left_message', label: 'Left message' },
  { key: 'no_answer', label: 'No answer' },
  { key: 'callback_requested', label: 'Callback requested' },
  { key: 'declined', label: 'Declined' },
  { key: 'wrong_number', label: 'Wrong number' },
  { key: 'needs_clinical_answer', label: 'Needs clinical question answered' },
  { key: 'needs_insurance_review', label: 'Needs authorization or insurance review' },
  { key: 'language_support_needed', label: 'Language support needed' },
  { key: 'escalated_to_clinical', label: 'Escalated to clinical team' },
  { key: 'not_ready', label: 'Not ready — call later' },
  { key: 'opted_out', label: 'Opted out' },
] as const;

export type OutcomeKey = (typeof outcomes)[number]['key'];
export type OutcomeLabel = (typeof outcomes)[number]['label'];

export const outcomeKeys: readonly OutcomeKey[] = outcomes.map((o) => o.key);

/** Attempts that did not reach the patient; four in a row close the case as unreachable. */
export const unansweredOutcomes: readonly OutcomeKey[] = ['no_answer', 'left_message'];

export function outcomeLabel(key: OutcomeKey): OutcomeLabel {
  return outcomes.find((o) => o.key === key)?.label ?? 'No answer';
}

// Typing an em dash is hard on a terminal: "Not ready - call later" and "not ready -- call later" mean the same.
const normalize = (text: string) => text.toLowerCase().replace(/[—–\-_\s]+/g, ' ').trim();

export type ParsedOutcome = { ok: true; key: OutcomeKey; label: OutcomeLabel } | { ok: false; message: string };

/** Accepts a label (any case, any dash) or a key; anything else is answered with the allowed labels. */
export function parseOutcomeLabel(text: string): ParsedOutcome {
  const wanted = normalize(text);
  const match = outcomes.find((o) => normalize(o.label) === wanted || normalize(o.key) === wanted);
  if (match) return { ok: true, key: match.key, label: match.label };
  return {
    ok: false,
    message: `"${text}" is not an outcome; use one of: ${outcomes.map((o) => `"${o.label}"`).join(', ')} (or its key, e.g. "no_answer")`,
  };
}

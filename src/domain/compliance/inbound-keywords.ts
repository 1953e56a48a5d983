/**
 * Inbound text → what it asks for (INV-09, README 5.1). Exact keywords (whole message after trimming,
 * case folding and punctuation stripping) act at once. Anything a reasonable person would read as
 * "stop texting me" — a keyword that is only the first word, a phrase, another language — also
 * suppresses automated contact at once, but is flagged for a person to confirm (FCC totality standard).
 */

export type InboundIntent = 'opt_out' | 'help' | 'opt_in' | 'possible_opt_out' | 'other';

export interface InboundKeywordResult {
  intent: InboundIntent;
  /** The keyword or phrase that matched, in its canonical form; null for 'other'. */
  matched: string | null;
  /** Stop automated contact now (true for opt_out and possible_opt_out). */
  suppressAutomatedContact: boolean;
  /** A person must read it (possible opt-outs: confirm or undo the suppression). */
  flagForStaff: boolean;
  /** The text as compared: upper case, punctuation removed, spaces collapsed. */
  normalized: string;
}

const optOutKeywords = ['STOP', 'STOPALL', 'STOP ALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT', 'OPT OUT'];
const helpKeywords = ['HELP', 'INFO'];
const optInKeywords = ['START', 'UNSTOP'];
/** YES re-opts in only when the last outbound message asked for it. */
const solicitedOptIn = ['YES'];

// Phrases and words that read as a revocation; matched as whole words inside the normalized text.
const revocationPhrases = [
  'STOP TEXTING', 'STOP CALLING', 'STOP MESSAGING', 'STOP SENDING', 'STOP CONTACTING', 'NO MORE TEXTS', 'NO MORE MESSAGES',
  'NO MORE CALLS', 'DONT TEXT', 'DO NOT TEXT', 'DONT CALL', 'DO NOT CALL', 'DONT CONTACT', 'DO NOT CONTACT', 'LEAVE ME ALONE',
  'REMOVE ME', 'TAKE ME OFF', 'UNSUBSCRIBE ME', 'OPT ME OUT', 'WRONG NUMBER', 'NOT INTERESTED', 'NO MAS', 'ALTO', 'PARAR',
  'BAJA', 'ARRET', 'REMOVE', 'TD',
];

export function normalizeInbound(text: string): string {
  return text
    .normalize('NFD').replace(/[\u0300-\u036f]/g, '') // "no más" → "no mas"
    .toUpperCase()
    .replace(/['’`]/g, '') // "don't" → "DONT"
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();
}

export function parseInboundKeyword(text: string, options: { lastOutboundAskedForYes?: boolean } = {}): InboundKeywordResult {
  const normalized = normalizeInbound(text);
  const result = (intent: InboundIntent, matched: string | null): InboundKeywordResult => ({
    intent, matched, normalized,
    suppressAutomatedContact: intent === 'opt_out' || intent === 'possible_opt_out',
    flagForStaff: intent === 'possible_opt_out',
  });
  if (optOutKeywords.includes(normalized)) return result('opt_out', normalized);
  if (helpKeywords.includes(normalized)) return result('help', normalized);
  if (optInKeywords.includes(normalized)) return result('opt_in', normalized);
  if (solicitedOptIn.includes(normalized) && options.lastOutboundAskedForYes) return result('opt_in', normalized);

  const padded = ` ${normalized} `;
  const phrase = revocationPhrases.find((p) => padded.includes(` ${p} `));
  if (phrase) return result('possible_opt_out', phrase);
  // A keyword that opens or closes a longer message ("STOP please", "Please stop") reads as a
  // revocation; one in the middle ("I'll stop by Tuesday") usually does not.
  const words = normalized.split(' ');
  const edges = [words[0], words.slice(0, 2).join(' '), words.at(-1), words.slice(-2).join(' ')];
  const edge = optOutKeywords.find((k) => edges.includes(k));
  if (edge) return result('possible_opt_out', edge);
  return result('other', null);
}

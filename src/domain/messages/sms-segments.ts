/**
 * SMS segment counting (README 5.4). GSM-7 unless any character is outside the GSM 03.38 basic set
 * or its extension table, in which case the whole message is UCS-2. Extension characters cost two
 * septets; UCS-2 counts UTF-16 code units (most emoji are two). Concatenated messages lose room to the
 * user-data header (153 / 67 per segment), and an escape pair or surrogate pair is never split.
 */

const gsmBasic = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const gsmExtension = new Set('^{}\\[~]|€\f');

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSegmentCount {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
  /** Units that fit one segment given the segment count (160/153 or 70/67). */
  unitsPerSegment: number;
  /** Characters that forced UCS-2, for a "replace these" hint. */
  nonGsmCharacters: string[];
}

export function countSmsSegments(text: string): SmsSegmentCount {
  const chars = [...text];
  const nonGsm = [...new Set(chars.filter((c) => !gsmBasic.has(c) && !gsmExtension.has(c)))];
  if (nonGsm.length === 0) {
    const costs = chars.map((c) => (gsmExtension.has(c) ? 2 : 1));
    const units = costs.reduce((a, b) => a + b, 0);
    return { encoding: 'GSM-7', units, ...pack(costs, units, 160, 153), nonGsmCharacters: [] };
  }
  const costs = chars.map((c) => c.length); // UTF-16 code units: 2 for astral characters (emoji)
  const units = costs.reduce((a, b) => a + b, 0);
  return { encoding: 'UCS-2', units, ...pack(costs, units, 70, 67), nonGsmCharacters: nonGsm };
}

function pack(costs: number[], units: number, single: number, multi: number): { segments: number; unitsPerSegment: number } {
  if (units === 0) return { segments: 0, unitsPerSegment: single };
  if (units <= single) return { segments: 1, unitsPerSegment: single };
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > multi) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return { segments, unitsPerSegment: multi };
}

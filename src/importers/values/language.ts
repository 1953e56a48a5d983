/**
 * Language as ISO 639-1 where we recognise it. Open Dental stores ISO 639-2 (`eng`, `spa`), other
 * exports spell the name; templates are keyed by the two-letter code.
 */
const known: Record<string, string> = {
  en: 'en', eng: 'en', english: 'en',
  es: 'es', spa: 'es', spanish: 'es', 'español': 'es', espanol: 'es',
  zh: 'zh', zho: 'zh', chi: 'zh', chinese: 'zh', mandarin: 'zh', cantonese: 'zh',
  vi: 'vi', vie: 'vi', vietnamese: 'vi',
  ko: 'ko', kor: 'ko', korean: 'ko',
  tl: 'tl', tgl: 'tl', tagalog: 'tl', fil: 'tl', filipino: 'tl',
  ru: 'ru', rus: 'ru', russian: 'ru',
  ar: 'ar', ara: 'ar', arabic: 'ar',
  fr: 'fr', fra: 'fr', fre: 'fr', french: 'fr',
  pt: 'pt', por: 'pt', portuguese: 'pt',
  ht: 'ht', hat: 'ht', 'haitian creole': 'ht',
  de: 'de', deu: 'de', ger: 'de', german: 'de',
};

/** Unknown spellings pass through lower-cased rather than failing: a language is never a reason to drop a patient. */
export function normalizeLanguage(raw: string): string | null {
  const text = raw.trim().toLowerCase();
  if (text === '') return null;
  const base = text.split(/[-_]/)[0] ?? text;
  return known[text] ?? known[base] ?? text;
}

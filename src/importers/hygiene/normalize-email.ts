export interface NormalizedEmail {
  /** Lower-cased and trimmed; mailbox names are case-insensitive in practice and duplicates must compare equal. */
  value: string;
  isValid: boolean;
  invalidReason: string | null;
}

/**
 * A syntax check only (one @, a dotted domain, no spaces): whether the mailbox exists is learnt from
 * bounces. The pattern is deliberately simpler than RFC 5322: PMS data errors are typos like
 * `jane@gmail` or `jane.gmail.com`, not exotic quoted local parts.
 */
const pattern = /^[^\s@"<>(),;:]+@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/;

export function normalizeEmail(raw: string): NormalizedEmail {
  const value = raw.trim().toLowerCase();
  if (!value.includes('@')) return { value, isValid: false, invalidReason: 'is not an email address (no @)' };
  if (!pattern.test(value)) return { value, isValid: false, invalidReason: 'is not a valid email address' };
  if (value.includes('..')) return { value, isValid: false, invalidReason: 'is not a valid email address (two dots in a row)' };
  return { value, isValid: true, invalidReason: null };
}

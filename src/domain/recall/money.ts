/**
 * Amounts of money in sentences staff read ("$1,234.5 planned"), exactly as
 * Number#toLocaleString('en-US') writes them. Whole cents are written by hand: toLocaleString builds
 * an Intl formatter on every call, which dominated evaluating a patient with planned treatment.
 */

const grouped = (whole: number) => String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** "$1,234.5" for 123450 cents: at most two decimals, no trailing zeros. */
export function dollars(cents: number): string {
  if (!Number.isSafeInteger(cents)) return `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 2 })}`;
  const abs = Math.abs(cents);
  const fraction = abs % 100;
  const decimals = fraction === 0 ? '' : fraction % 10 === 0 ? `.${fraction / 10}` : `.${fraction < 10 ? '0' : ''}${fraction}`;
  return `$${cents < 0 ? '-' : ''}${grouped((abs - fraction) / 100)}${decimals}`;
}

/** "$1,235" for 123450 cents: whole dollars, halves rounded away from zero (Intl's halfExpand). */
export function wholeDollars(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) return `$${(cents / 100).toLocaleString('en-US', { maximumFractionDigits: 0 })}`;
  const fraction = cents % 100;
  return `$${grouped((cents - fraction) / 100 + (fraction >= 50 ? 1 : 0))}`;
}

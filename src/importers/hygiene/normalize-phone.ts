import { parsePhoneNumberFromString, validatePhoneNumberLength, type CountryCode } from 'libphonenumber-js';

export interface NormalizedPhone {
  /** E.164 when valid; otherwise the trimmed input, so staff can still see and fix what the PMS holds. */
  value: string;
  isValid: boolean;
  invalidReason: string | null;
}

const lengthReasons: Record<string, string> = {
  TOO_SHORT: 'is too short for a phone number',
  TOO_LONG: 'is too long for a phone number',
  NOT_A_NUMBER: 'is not a phone number',
  INVALID_COUNTRY: 'has no recognisable country code',
  INVALID_LENGTH: 'has the wrong number of digits',
};

/**
 * PMS phone fields are free text ("(312) 555-0143 ext 2", "8605555555"). Twilio needs E.164, so we
 * normalise; a number that cannot be valid is kept but flagged, never dropped, because staff may
 * still recognise it and fix it in the PMS.
 */
export function normalizePhone(raw: string, defaultCountry: CountryCode = 'US'): NormalizedPhone {
  const text = raw.trim();
  const parsed = parsePhoneNumberFromString(text, defaultCountry);
  // A valid number has a possible length, so the length check (a second parse) is only needed to
  // explain an invalid one; most numbers are valid and a large file has hundreds of thousands.
  if (parsed?.isValid()) return { value: parsed.number, isValid: true, invalidReason: null };
  const lengthProblem = validatePhoneNumberLength(text, defaultCountry);
  if (lengthProblem !== undefined) {
    return { value: text, isValid: false, invalidReason: lengthReasons[lengthProblem] ?? 'is not a phone number' };
  }
  if (parsed === undefined) return { value: text, isValid: false, invalidReason: 'is not a phone number' };
  return { value: text, isValid: false, invalidReason: `is not a valid ${parsed.country ?? defaultCountry} phone number (no such area code or exchange)` };
}

/** The example in every phone message, so the office sees the expected shape. */
export const phoneExample = '+15551234567';

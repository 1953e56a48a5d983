/**
 * A staff member's own phone (their desk line or mobile), which click-to-call rings first. Accepted
 * in any common spelling and kept in E.164; anything libphonenumber does not hold to be a valid
 * number is refused with what was given and what is expected.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';

export type StaffPhoneCheck = { ok: true; e164: string } | { ok: false; message: string };

export const staffPhoneExample = '+18135550142';

export function parseStaffPhone(raw: string): StaffPhoneCheck {
  const text = raw.trim();
  if (text === '') return { ok: false, message: `The phone number is empty; give the number to ring, in E.164 form, e.g. ${staffPhoneExample}.` };
  const parsed = parsePhoneNumberFromString(text, 'US');
  if (!parsed?.isValid()) {
    return { ok: false, message: `"${text}" is not a valid phone number; give the desk or mobile number to ring, with its country code, e.g. ${staffPhoneExample}.` };
  }
  return { ok: true, e164: parsed.number };
}

import type { CountryCode } from 'libphonenumber-js';
import type { ContactPoint } from '../records.js';
import { normalizeEmail } from './normalize-email.js';
import { normalizePhone } from './normalize-phone.js';

export function phoneContactPoint(raw: string, use: ContactPoint['use'], defaultCountry: CountryCode = 'US'): ContactPoint {
  const phone = normalizePhone(raw, defaultCountry);
  return { kind: 'phone', use, value: phone.value, rawValue: raw, isValid: phone.isValid, invalidReason: phone.invalidReason };
}

export function emailContactPoint(raw: string, use: ContactPoint['use'] = 'home'): ContactPoint {
  const email = normalizeEmail(raw);
  return { kind: 'email', use, value: email.value, rawValue: raw, isValid: email.isValid, invalidReason: email.invalidReason };
}

import { describe, expect, it } from 'vitest';
import { emailContactPoint, phoneContactPoint } from '../../src/importers/hygiene/contact-point.js';
import { findDuplicatePatients, type DuplicateCandidate } from '../../src/importers/hygiene/find-duplicate-patients.js';
import { normalizeEmail } from '../../src/importers/hygiene/normalize-email.js';
import { normalizePhone } from '../../src/importers/hygiene/normalize-phone.js';

describe('normalizePhone', () => {
  it.each([
    ['(312) 555-0143', '+13125550143'],
    ['312.867.5309', '+13128675309'],
    ['1-860-555-5555', '+18605555555'],
    ['+44 20 7946 0958', '+442079460958'],
    ['3125550143 ext. 12', '+13125550143'],
  ])('normalises %s to E.164 %s', (raw, e164) => {
    expect(normalizePhone(raw)).toEqual({ value: e164, isValid: true, invalidReason: null });
  });

  it.each([
    ['555-01', 'is too short for a phone number'],
    ['31255501431234567', 'is too long for a phone number'],
    ['call me', 'is not a phone number'],
    ['555-216-5078', 'is not a valid US phone number (no such area code or exchange)'],
  ])('flags %s as invalid (%s) and keeps the text', (raw, reason) => {
    expect(normalizePhone(raw)).toEqual({ value: raw, isValid: false, invalidReason: reason });
  });

  it('reads numbers without a country code in the default country given', () => {
    expect(normalizePhone('020 7946 0958', 'GB').value).toBe('+442079460958');
  });
});

describe('normalizeEmail', () => {
  it.each([
    ['  Jane.Doe+recall@Example.COM ', true, null],
    ['jane@gmail', false, 'is not a valid email address'],
    ['jane.gmail.com', false, 'is not an email address (no @)'],
    ['jane..doe@example.com', false, 'is not a valid email address (two dots in a row)'],
    ['jane doe@example.com', false, 'is not a valid email address'],
  ])('%s → valid %s', (raw, isValid, reason) => {
    expect(normalizeEmail(raw)).toEqual({ value: raw.trim().toLowerCase(), isValid, invalidReason: reason });
  });
});

describe('findDuplicatePatients', () => {
  const patient = (externalId: string, firstName: string, lastName: string, birthDate: string | null, phone?: string): DuplicateCandidate => ({
    externalId, firstName, lastName, birthDate, contactPoints: phone ? [phoneContactPoint(phone, 'mobile'), emailContactPoint(`${externalId}@example.com`)] : [],
  });

  it('suggests merging same name and birth date, ignoring case, accents and punctuation', () => {
    const suggestions = findDuplicatePatients([
      patient('od-17', 'José', "O'Brien", '1980-01-02'),
      patient('od-90', 'jose', 'OBRIEN', '1980-01-02'),
      patient('od-91', 'Jose', 'OBrien', '1980-01-03'),
    ]);
    expect(suggestions).toEqual([{ externalIds: ['od-17', 'od-90'], reasons: ['same_name_and_birth_date'] }]);
  });

  it('suggests same phone and name when birth dates do not contradict, and names both reasons once', () => {
    const suggestions = findDuplicatePatients([
      patient('a', 'Maria', 'Alvarez', null, '(773) 555-0182'),
      patient('b', 'MARIA', 'Alvarez', '1979-11-02', '773.555.0182'),
      patient('c', 'Maria', 'Alvarez', '1979-11-02', '7735550182'),
      // Same phone and surname, different first name: family, not a duplicate.
      patient('d', 'Luis', 'Alvarez', '2012-06-15', '7735550182'),
      // Same phone and full name but a different known birth date: a Jr./Sr., not a duplicate.
      patient('e', 'Maria', 'Alvarez', '1950-03-03', '7735550182'),
    ]);
    expect(suggestions).toEqual([
      { externalIds: ['a', 'b'], reasons: ['same_phone_and_name'] },
      { externalIds: ['a', 'c'], reasons: ['same_phone_and_name'] },
      { externalIds: ['a', 'e'], reasons: ['same_phone_and_name'] },
      { externalIds: ['b', 'c'], reasons: ['same_name_and_birth_date', 'same_phone_and_name'] },
    ]);
  });

  it('never matches on invalid phone numbers (a shared placeholder like 555-555-5555 is not evidence)', () => {
    expect(findDuplicatePatients([patient('x', 'Sam', 'Lee', null, '555-555-5555'), patient('y', 'Sam', 'Lee', null, '555-555-5555')])).toEqual([]);
  });
});

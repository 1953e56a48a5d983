import { describe, expect, it } from 'vitest';
import { allowedVariables, lintTemplate } from '../../../src/domain/messages/index.js';

describe('template linter (INV-11)', () => {
  // README section 2.1 examples and the section 6.2 "Allowed" column.
  it.each([
    ['sms', 'Reminder: appointment at Bright Smiles Dental Tue 3/4 10:00. Reply C to confirm.'],
    ['sms', "You're due for your checkup at Bright Smiles Dental. Call 555-0100 to schedule."],
    ['sms', "We haven't seen you since 2023 — it's time for a visit."],
    ['sms', "You're unsubscribed from Bright Smiles Dental texts. No more messages will be sent."],
    ['sms', 'Hi {{patient_first_name}}, {{practice_name}} reminds you of your visit on {{appointment_date}} at {{appointment_time}}. Reply STOP to opt out.'],
    ['voicemail', "This is Dr. Lee's office calling with a message. Please call us back at {{practice_phone}}. Thank you."],
    ['voicemail', '{{practice_name}}: your appointment with {{provider_name}} is on {{appointment_date}}. Call {{practice_phone}} to confirm.'],
    ['email_subject', 'A message from {{practice_name}}'],
    ['email_subject', 'Your visit on {{appointment_date}}'],
    ['email_body', 'Hi {{patient_first_name}}, please sign in to {{portal_link}} to see details.'],
  ] as const)('accepts %s: %s', (surface, text) => {
    expect(lintTemplate(surface, text)).toEqual({ ok: true, problems: [] });
  });

  // README section 6.2 "Forbidden" column, section 2.1 promotion, and the dental FHIR fixtures' displays.
  it.each([
    ['voicemail', 'Hi, this is the office calling about your root canal tomorrow.', 'clinical_term'],
    ['sms', 'Your periodontal maintenance is due. Call us.', 'clinical_term'],
    ['sms', 'Reminder: extraction on Tue 3/4 at 10:00.', 'clinical_term'],
    ['sms', 'Your crown is ready for seating.', 'clinical_term'],
    ['voicemail', 'We have your biopsy results. Please call back.', 'clinical_term'],
    ['sms', 'Time to schedule your SRP visit.', 'clinical_term'],
    ['email_subject', 'Periodontal & Implant Surgery Center: your visit', 'clinical_term'],
    ['sms', 'Periodontal abscess follow-up due', 'clinical_term'], // Condition "PeriodontalAbscess"
    ['sms', 'Caries treatment scheduled', 'clinical_term'], // Condition "Caries"
    ['voicemail', 'About your orthodontics consult', 'clinical_term'],
    ['sms', '20% off whitening this month', 'clinical_term'],
    ['sms', 'Reminder: D2740 scheduled Tuesday', 'clinical_code'],
    ['email_subject', 'Follow-up for K04.7', 'clinical_code'],
    ['sms', 'Tooth #8 check on Friday', 'clinical_code'],
    ['sms', 'You have a balance of $125.50. Call us.', 'money_amount'],
    ['voicemail', 'Your payment of 80 dollars failed.', 'money_amount'],
    ['email_subject', 'Your account is past due', 'financial_term'],
    ['sms', 'We need your insurance details', 'financial_term'],
  ] as const)('rejects %s: %s (%s)', (surface, text, code) => {
    const r = lintTemplate(surface, text);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.code)).toContain(code);
    expect(r.problems[0]!.message).toMatch(/INV-11|may not|not a template variable/);
  });

  it.each([
    ['sms', '{{procedure_name}} on {{appointment_date}}', 'variable_not_allowed', 'clinical'],
    ['voicemail', 'Hi {{patient_first_name}}', 'variable_not_allowed', 'identity'],
    ['email_subject', 'Balance: {{balance}}', 'variable_not_allowed', 'financial'],
    ['sms', 'Hello {{first_name}}', 'unknown_variable', 'not a template variable'],
    ['sms', 'Hello {{practice_name}', 'malformed_placeholder', 'unbalanced'],
  ] as const)('variables: %s %j → %s', (surface, text, code, fragment) => {
    const r = lintTemplate(surface, text);
    expect(r.problems.map((p) => p.code)).toContain(code);
    expect(r.problems.find((p) => p.code === code)!.message).toContain(fragment);
  });

  it('email bodies and letters may name the visit in detail only through allow-listed variables; clinical variables stay out', () => {
    expect(lintTemplate('letter', 'Dear {{patient_first_name}}, {{diagnosis}}').problems.map((p) => p.code)).toEqual(['variable_not_allowed']);
    expect(lintTemplate('letter', 'Dear {{patient_first_name}}, your crown appointment is on {{appointment_date}}.').ok).toBe(true);
    expect(allowedVariables('voicemail')).toEqual(['practice_name', 'practice_phone', 'practice_address', 'opt_out_instructions', 'portal_link', 'appointment_date', 'appointment_time', 'provider_name']);
  });
});

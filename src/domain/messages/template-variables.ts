/**
 * Template variables and their privacy levels. Discreet surfaces (voicemail, SMS, email subject,
 * lock-screen preview) can be seen by anyone near the phone, so they may only use variables that
 * reveal nothing clinical or financial (README 6.2, INV-11). Email bodies behind the portal and
 * letters in an envelope may use a little more, never clinical or financial detail.
 */

export type PrivacyLevel =
  | 'public' // practice identity and contact details
  | 'schedule' // appointment date and time, provider name
  | 'identity' // the patient's first name
  | 'clinical' // procedures, diagnoses, codes, results
  | 'financial' // balances, amounts, insurance
  | 'link'; // the patient's own page: private by design (nothing in it), but only where it can be tapped

export type TemplateSurface = 'voicemail' | 'sms' | 'email_subject' | 'email_body' | 'letter' | 'voice_script';

export interface TemplateVariable {
  name: string;
  privacy: PrivacyLevel;
  description: string;
}

export const templateVariables: readonly TemplateVariable[] = [
  { name: 'practice_name', privacy: 'public', description: 'the practice display name (use the discreet name when configured)' },
  { name: 'practice_phone', privacy: 'public', description: 'callback number' },
  { name: 'practice_address', privacy: 'public', description: 'practice street address' },
  { name: 'opt_out_instructions', privacy: 'public', description: '"Reply STOP to opt out" or the voice equivalent' },
  { name: 'portal_link', privacy: 'public', description: 'link to the secure patient portal' },
  { name: 'appointment_date', privacy: 'schedule', description: 'date of the appointment' },
  { name: 'appointment_time', privacy: 'schedule', description: 'time of the appointment' },
  { name: 'provider_name', privacy: 'schedule', description: 'provider display name, when configured' },
  { name: 'patient_first_name', privacy: 'identity', description: 'the patient\'s first name (off in voicemail by default)' },
  { name: 'procedure_name', privacy: 'clinical', description: 'procedure or treatment name' },
  { name: 'procedure_code', privacy: 'clinical', description: 'CDT/CPT code' },
  { name: 'diagnosis', privacy: 'clinical', description: 'condition or diagnosis' },
  { name: 'balance', privacy: 'financial', description: 'amount owed' },
  { name: 'insurance_name', privacy: 'financial', description: 'insurance carrier' },
  { name: 'booking_link', privacy: 'link', description: "the patient's own booking page (a fresh single-use link per message; nothing private in it)" },
];

const allowedLevels: Record<TemplateSurface, PrivacyLevel[]> = {
  voicemail: ['public', 'schedule'],
  voice_script: ['public', 'schedule', 'identity'],
  sms: ['public', 'schedule', 'identity', 'link'],
  email_subject: ['public', 'schedule'],
  email_body: ['public', 'schedule', 'identity', 'link'],
  letter: ['public', 'schedule', 'identity'],
};

export function findTemplateVariable(name: string): TemplateVariable | undefined {
  return templateVariables.find((v) => v.name === name);
}

/** The allow-list: variable names a template for this surface may use. */
export function allowedVariables(surface: TemplateSurface): string[] {
  return templateVariables.filter((v) => allowedLevels[surface].includes(v.privacy)).map((v) => v.name);
}

/**
 * The values a message to a real patient is rendered with: the practice's public face, the patient's
 * first name, the opt-out words, and the appointment when the message is about one. Only allow-listed
 * variables (template-variables.ts) exist here, so a template cannot reach anything else.
 */
import { DateTime } from 'luxon';
import type { TemplateLanguage } from './message-template.js';
import { displayPhone, optOutInstructions } from './sample-patient.js';

export interface MessageValuesInput {
  language: TemplateLanguage;
  practice: { name: string; phone: string | null; address: string | null; timeZone: string };
  firstName: string | null;
  appointmentStart: Date | null;
  providerName: string | null;
  portalLink: string | null;
  /** A fresh link to the patient's own booking page, minted only for a template that uses {{booking_link}}. */
  bookingLink?: string | null;
}

export function messageValues(input: MessageValuesInput): Record<string, string> {
  const values: Record<string, string> = {
    practice_name: input.practice.name,
    practice_phone: displayPhone(input.practice.phone),
    opt_out_instructions: optOutInstructions[input.language],
  };
  if (input.practice.address) values.practice_address = input.practice.address;
  if (input.firstName) values.patient_first_name = input.firstName;
  if (input.portalLink) values.portal_link = input.portalLink;
  if (input.bookingLink) values.booking_link = input.bookingLink;
  if (input.providerName) values.provider_name = input.providerName;
  if (input.appointmentStart) {
    const visit = DateTime.fromJSDate(input.appointmentStart, { zone: input.practice.timeZone }).setLocale(input.language);
    values.appointment_date = visit.toFormat(input.language === 'es' ? "cccc d 'de' LLLL" : 'cccc, LLLL d');
    values.appointment_time = visit.toFormat(input.language === 'es' ? 'H:mm' : 'h:mm a');
  }
  return values;
}

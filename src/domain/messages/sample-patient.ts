/**
 * The fictitious patient a template preview is rendered for: never a real record (a preview must
 * not show anyone's details), with the practice's own name, number and address, and an appointment
 * a week after `now` at 10:30 in the office's time zone.
 */
import { DateTime } from 'luxon';
import type { TemplateLanguage } from './message-template.js';

export interface SamplePractice {
  name: string;
  /** E.164, e.g. +18132740100; shown as a US number when it is one. */
  phone: string | null;
  address: string | null;
  timeZone: string;
}

export interface SamplePatient {
  firstName: string;
  lastName: string;
  language: TemplateLanguage;
}

const samplePatients: Record<TemplateLanguage, SamplePatient> = {
  en: { firstName: 'Jordan', lastName: 'Sample', language: 'en' },
  es: { firstName: 'Lucía', lastName: 'Ejemplo', language: 'es' },
};

/** The opt-out words every text carries (compliance README: "Reply STOP" in every message). */
export const optOutInstructions: Record<TemplateLanguage, string> = {
  en: 'Reply STOP to opt out.',
  es: 'Responda STOP para no recibir más mensajes.',
};

export function displayPhone(e164: string | null): string {
  if (!e164) return '(555) 010-0000';
  const us = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return us ? `(${us[1]}) ${us[2]}-${us[3]}` : e164;
}

export function sampleTemplateValues(language: TemplateLanguage, practice: SamplePractice, now: Date): { patient: SamplePatient; values: Record<string, string> } {
  const patient = samplePatients[language];
  const visit = DateTime.fromJSDate(now, { zone: practice.timeZone }).plus({ days: 7 }).set({ hour: 10, minute: 30, second: 0, millisecond: 0 }).setLocale(language);
  return {
    patient,
    values: {
      practice_name: practice.name,
      practice_phone: displayPhone(practice.phone),
      practice_address: practice.address ?? '100 Main Street',
      opt_out_instructions: optOutInstructions[language],
      portal_link: 'https://portal.example.com',
      appointment_date: visit.toFormat(language === 'es' ? "cccc d 'de' LLLL" : 'cccc, LLLL d'),
      appointment_time: visit.toFormat(language === 'es' ? 'H:mm' : 'h:mm a'),
      provider_name: 'Dr. Rivera',
      patient_first_name: patient.firstName,
      booking_link: 'https://recare.example.com/b/SAMPLE-LINK-0000000000000000000000000000',
    },
  };
}

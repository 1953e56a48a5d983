/**
 * A due item: one reason for one patient to come back, with its evidence. Mirrors the due_items
 * table (camelCase); `anchor` names the trigger instance so that re-evaluating the same facts
 * upserts the same row instead of adding one.
 */
import type { Purpose } from '../compliance/types.js';

/** Why an item is on file but not worked. The first four are patient exclusions. */
export const suppressionCodes = [
  'deceased', 'archived', 'inactive', 'do_not_contact',
  'future_appointment', 'appointment_carries_procedure', 'superseded', 'disabled_in_pms',
] as const;
export type SuppressionCode = (typeof suppressionCodes)[number];

export interface Suppression {
  code: SuppressionCode;
  /** Human-readable, e.g. "covered by the appointment on 2026-05-04 (#812)". */
  message: string;
}

export interface DueItem {
  patientId: number;
  programKey: string;
  /** Unique per patient + program + trigger instance, e.g. "hygiene@2026-03-02". */
  anchor: string;
  source: 'computed' | 'imported';
  /** Local calendar dates in the location's zone. */
  dueOn: string;
  windowStart: string;
  windowEnd: string | null;
  /** The exact instants of the window (confirmations are counted in hours). */
  outreachStartsAt: Date;
  outreachEndsAt: Date | null;
  /** e.g. "last D1110 on 2026-03-02 + 6 months". */
  evidence: string;
  status: 'open' | 'suppressed';
  suppression: Suppression | null;
  purpose: Purpose;
  urgency: number;
  /** Planned fee of unscheduled treatment (cents), null otherwise; weighs priority. */
  feeCents: number | null;
  /** Codes this item is about (planned treatment, post-op), for suppression and scripts. */
  codes: string[];
  /** The appointment it concerns (missed visit, confirmation), if any. */
  appointmentId: number | null;
}

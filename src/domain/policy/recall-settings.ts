/**
 * The engine's settings a practice may change (organization.policy.recall), with the range each may
 * take. One schema: the stored policy's reader, the policy editor and the outcome rules all check
 * against these bounds, so a value out of range is reported, not silently clamped.
 */
import { z } from 'zod';

export interface RecallSettings {
  /** Months without a visit after which a patient is due for reactivation. */
  reactivationMonths?: number;
  /** Days a soft decline ("Not ready — call later") snoozes a case. */
  softDeclineSnoozeDays?: number;
  /** Unanswered attempts in a row that close a case as unreachable. */
  unreachableAfterAttempts?: number;
  /** How long a claim keeps others off a case. */
  claimMinutes: number;
  /** How long a callback stays with the person who took it once it is due. */
  callbackHandoffHours: number;
}

export interface WholeNumberRange {
  min: number;
  max: number;
}

export const recallSettingBounds = {
  reactivationMonths: { min: 12, max: 36 },
  softDeclineSnoozeDays: { min: 30, max: 60 },
  unreachableAfterAttempts: { min: 1, max: 12 },
  claimMinutes: { min: 1, max: 480 },
  callbackHandoffHours: { min: 1, max: 48 },
} as const satisfies Record<keyof RecallSettings, WholeNumberRange>;

/** The snooze length's allowed range, in days. */
export const snoozeDaysRange: WholeNumberRange = recallSettingBounds.softDeclineSnoozeDays;

export const defaultRecallSettings: RecallSettings = { claimMinutes: 30, callbackHandoffHours: 2 };

export const rangeMessage = (range: WholeNumberRange) => `must be a whole number from ${range.min} to ${range.max}`;

export const wholeNumberIn = (range: WholeNumberRange) => z.number().int().min(range.min).max(range.max);

export const snoozeDaysSchema = wholeNumberIn(snoozeDaysRange);

/** organization.policy.recall; keys it does not know are ignored. */
export const recallSettingsSchema = z.object({
  reactivationMonths: wholeNumberIn(recallSettingBounds.reactivationMonths).optional(),
  softDeclineSnoozeDays: snoozeDaysSchema.optional(),
  unreachableAfterAttempts: wholeNumberIn(recallSettingBounds.unreachableAfterAttempts).optional(),
  claimMinutes: wholeNumberIn(recallSettingBounds.claimMinutes).default(defaultRecallSettings.claimMinutes),
  callbackHandoffHours: wholeNumberIn(recallSettingBounds.callbackHandoffHours).default(defaultRecallSettings.callbackHandoffHours),
});

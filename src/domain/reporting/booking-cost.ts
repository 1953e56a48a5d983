/**
 * Cost per booked visit: (staff calls × minutes per call × hourly cost + touches per channel × that
 * channel's unit cost) ÷ scheduled patients, in whole cents. Null when the practice has not set an
 * hourly staff cost (no made-up figure) or when nobody was scheduled.
 */
import type { CostChannel, ReportingPolicy } from '../policy/reporting-policy.js';

export interface TouchVolume {
  staffCalls: number;
  touchesByChannel: Record<CostChannel, number>;
}

/** What the period's outreach cost, in cents (unrounded); null without an hourly staff cost. */
export function outreachCostCents(volume: TouchVolume, policy: Pick<ReportingPolicy, 'staffMinutesPerCall' | 'hourlyStaffCostCents' | 'unitCostCents'>): number | null {
  if (policy.hourlyStaffCostCents === null) return null;
  const staff = volume.staffCalls * policy.staffMinutesPerCall * (policy.hourlyStaffCostCents / 60);
  const messages = (Object.keys(volume.touchesByChannel) as CostChannel[]).reduce((sum, c) => sum + volume.touchesByChannel[c] * policy.unitCostCents[c], 0);
  return staff + messages;
}

export function costPerBookedVisitCents(volume: TouchVolume, scheduled: number, policy: Pick<ReportingPolicy, 'staffMinutesPerCall' | 'hourlyStaffCostCents' | 'unitCostCents'>): number | null {
  const cost = outreachCostCents(volume, policy);
  return cost === null || scheduled === 0 ? null : Math.round(cost / scheduled);
}

/** A case as stored: the planner's and the outcome rules' view of a cases row, with its attached reasons. */
import type { CaseRecord } from './case-record.js';

export interface StoredCase extends CaseRecord {
  id: number;
  locationId: number | null;
  claimedBy: number | null;
  claimedAt: Date | null;
  leadProgramKey: string | null;
  programKeys: string[];
  dueOn: string | null;
  priority: number;
  priorityWhy: string | null;
  nextChannel: 'voice' | 'sms' | 'email' | null;
  unansweredAttempts: number;
  firstAttemptAt: Date | null;
  outreachStartsAt: Date | null;
  outreachEndsAt: Date | null;
  snoozedUntil: Date | null;
  updatedAt: Date;
}

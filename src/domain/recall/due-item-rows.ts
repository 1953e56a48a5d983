/** A due item as stored (due_items), and as the planner writes it. */
import type { OutreachGroup } from '../cases/outreach-group.js';

export interface StoredDueItem {
  id: number;
  patientId: number;
  programId: number;
  programKey: string | null;
  caseId: number | null;
  anchor: string;
  source: 'computed' | 'imported';
  dueOn: string;
  windowStart: string;
  windowEnd: string | null;
  evidence: string;
  status: 'open' | 'closed' | 'suppressed';
  closedReason: string | null;
  suppressionCode: string | null;
  feeCents: number | null;
  outreachStartsAt: Date | null;
  outreachEndsAt: Date | null;
  /** The randomized holdout's group, drawn when the item was first recorded (null: its program held out nobody then). */
  outreachGroup?: OutreachGroup | null;
  outreachGroupAt?: Date | null;
}

export interface DueItemWrite {
  patientId: number;
  programId: number;
  programKey: string;
  caseId: number | null;
  source: 'computed' | 'imported';
  anchor: string;
  dueOn: string;
  windowStart: string;
  windowEnd: string | null;
  evidence: string;
  status: 'open' | 'suppressed';
  suppressionCode: string | null;
  feeCents: number | null;
  outreachStartsAt: Date;
  outreachEndsAt: Date | null;
  /**
   * The group drawn for an item not stored yet (null or missing: its program holds out nobody). The
   * store writes it only when it inserts the row: an existing item keeps its group.
   */
  outreachGroup?: OutreachGroup | null;
}

/** A due item as stored (due_items), and as the planner writes it. */

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
}

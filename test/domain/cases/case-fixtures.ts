import type { CaseRecord } from '../../../src/domain/cases/index.js';
import type { DueItem } from '../../../src/domain/recall/index.js';

export function item(programKey: string, over: Partial<DueItem> = {}): DueItem {
  return {
    patientId: 7, programKey, anchor: `${programKey}@2026-03-02`, source: 'computed', dueOn: '2026-09-02', windowStart: '2026-08-19', windowEnd: null,
    outreachStartsAt: new Date('2026-08-19T04:00:00Z'), outreachEndsAt: null, evidence: `${programKey} evidence`, status: 'open', suppression: null,
    purpose: 'recall_due', urgency: 40, feeCents: null, codes: [], appointmentId: null, ...over,
  };
}

export function caseRecord(over: Partial<CaseRecord> = {}): CaseRecord {
  return {
    id: 1, patientId: 7, state: 'open', ownerUserId: null, ownerQueue: null, nextStep: null, nextActionAt: new Date('2026-09-01T12:00:00Z'),
    cadenceStep: 0, closedReason: null, openedAt: new Date('2026-09-01T12:00:00Z'), closedAt: null, reasonAnchors: [], ...over,
  };
}

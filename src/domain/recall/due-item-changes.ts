/**
 * What a patient's evaluation changes in their stored due items: the items to write (new or changed,
 * open ones attached to `caseId`), and the stored open or suppressed items no program produces any
 * more, to close. Items closed by an outcome are left as they are.
 */
import type { DueItem } from './due-item.js';
import type { DueItemWrite, StoredDueItem } from './due-item-rows.js';

export interface DueItemChanges {
  writes: DueItemWrite[];
  /** Ids of stored items to close as no longer due. */
  closeIds: number[];
}

const sameTime = (a: Date | null, b: Date | null) => (a === null || b === null ? a === b : a.getTime() === b.getTime());

export function dueItemChanges(
  items: readonly DueItem[], stored: readonly StoredDueItem[], outcomeClosed: ReadonlySet<string>, caseId: number | null,
  programByKey: ReadonlyMap<string, { id: number }>,
): DueItemChanges {
  const out: DueItemChanges = { writes: [], closeIds: [] };
  const existing = new Map(stored.map((s) => [`${s.programId}|${s.anchor}`, s]));
  const seen = new Set<string>();
  for (const item of items) {
    const program = programByKey.get(item.programKey);
    if (!program) continue;
    const key = `${program.id}|${item.anchor}`;
    seen.add(key);
    if (outcomeClosed.has(item.anchor)) continue;
    const write: DueItemWrite = {
      patientId: item.patientId, programId: program.id, programKey: item.programKey, caseId: null, source: item.source, anchor: item.anchor, dueOn: item.dueOn,
      windowStart: item.windowStart, windowEnd: item.windowEnd, evidence: item.evidence, status: item.status,
      suppressionCode: item.suppression?.code ?? null, feeCents: item.feeCents, outreachStartsAt: item.outreachStartsAt, outreachEndsAt: item.outreachEndsAt,
    };
    const before = existing.get(key);
    // Unchanged rows are not written again (a second full plan over the same data writes almost nothing).
    if (before && before.status === write.status && before.evidence === write.evidence && before.dueOn === write.dueOn && before.windowStart === write.windowStart
      && before.windowEnd === write.windowEnd && before.suppressionCode === write.suppressionCode && before.feeCents === write.feeCents && before.source === write.source
      && sameTime(before.outreachStartsAt, write.outreachStartsAt) && sameTime(before.outreachEndsAt, write.outreachEndsAt) && before.programKey === write.programKey
      && (write.status === 'suppressed' ? before.caseId === null : caseId !== null && before.caseId === caseId)) continue;
    out.writes.push(write);
  }
  for (const s of stored) {
    if ((s.status === 'open' || s.status === 'suppressed') && !seen.has(`${s.programId}|${s.anchor}`)) out.closeIds.push(s.id);
  }
  return out;
}

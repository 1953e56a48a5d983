/** The worklist's segments with their counts; the chosen one is pressed. */
import type { ApiSegment, SegmentCounts } from '../api';

export type SegmentKey = 'all' | ApiSegment | 'confirmations' | 'post_op';

export interface SegmentDef {
  key: SegmentKey;
  label: string;
  /** The API's segment, or a filter on the loaded list by program. */
  api: ApiSegment | null;
  program?: string;
  count: (counts: SegmentCounts, clientCounts: Record<string, number> | null) => number | null;
}

export const segmentDefs: SegmentDef[] = [
  { key: 'all', label: 'All', api: null, count: (c) => c.total },
  { key: 'due', label: 'Due', api: 'due', count: (c) => c.due },
  { key: 'overdue', label: 'Overdue', api: 'overdue', count: (c) => c.overdue },
  { key: 'unscheduled_treatment', label: 'Unscheduled treatment', api: 'unscheduled_treatment', count: (c) => c.unscheduledTreatment },
  { key: 'reactivation', label: 'Reactivation', api: 'reactivation', count: (c) => c.reactivation },
  { key: 'confirmations', label: 'Confirmations', api: null, program: 'confirmation', count: (_c, cc) => cc?.confirmation ?? null },
  { key: 'post_op', label: 'Post-op', api: null, program: 'post_op', count: (_c, cc) => cc?.post_op ?? null },
  { key: 'callbacks', label: 'Callbacks', api: 'callbacks', count: (c) => c.callbacks },
  { key: 'escalations', label: 'Escalations', api: 'escalations', count: (c) => c.escalations },
];

export function SegmentTabs({ active, counts, clientCounts, onChoose }: {
  active: SegmentKey; counts: SegmentCounts | null; clientCounts: Record<string, number> | null; onChoose: (key: SegmentKey) => void;
}) {
  return (
    <div className="segment-tabs" role="group" aria-label="Segments">
      {segmentDefs.map((s) => {
        const n = counts ? s.count(counts, clientCounts) : null;
        return (
          <button key={s.key} type="button" aria-pressed={active === s.key} onClick={() => onChoose(s.key)} data-segment={s.key}>
            {s.label}{n !== null && <span className="count" aria-label={`, ${n} cases`}>{n}</span>}
          </button>
        );
      })}
    </div>
  );
}

import { describe, expect, it } from 'vitest';
import { outcomeFigures, reasonFigures, topReasons } from '../../../src/domain/reporting/index.js';

describe('reason figures', () => {
  const figures = reasonFigures([
    { reason: 'time', outcome: 'not_ready', touches: 2 }, { reason: 'time', outcome: 'declined', touches: 1 },
    { reason: 'cost', outcome: 'declined', touches: 3 }, { reason: 'moved', outcome: 'opted_out', touches: 1 }, { reason: 'anxiety', outcome: 'declined', touches: 1 },
    { reason: 'not_given', outcome: 'declined', touches: 4 },
  ]);

  it('lists every reason in the list\'s order, "not given" last, each split by outcome', () => {
    expect(figures.map((r) => [r.reason, r.touches])).toEqual([
      ['cost', 3], ['insurance', 0], ['time', 3], ['transportation', 0], ['anxiety', 1], ['health', 0], ['moved', 1], ['other_dentist', 0], ['not_interested', 0], ['other', 0], ['not_given', 4],
    ]);
    expect(figures.find((r) => r.reason === 'time')).toEqual({ reason: 'time', label: 'Time (work or schedule)', touches: 3, byOutcome: { declined: 1, not_ready: 2, opted_out: 0 } });
  });

  it('the top reasons: most touches first, ties in the list\'s order, never "not given" or a reason nobody gave', () => {
    expect(topReasons(figures, 3).map((r) => r.reason)).toEqual(['cost', 'time', 'anxiety']);
    expect(topReasons(figures, 10).map((r) => r.reason)).toEqual(['cost', 'time', 'anxiety', 'moved']);
    expect(topReasons(reasonFigures([]), 5)).toEqual([]);
  });

  it('touches per outcome: every outcome of the vocabulary with zeros, and one an import used', () => {
    const byOutcome = outcomeFigures({ declined: 2, called_back: 1 });
    expect(byOutcome).toMatchObject({ declined: 2, scheduled: 0, opted_out: 0, called_back: 1 });
    expect(Object.keys(byOutcome)).toHaveLength(13);
  });
});

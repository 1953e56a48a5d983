/** Close reasons set by case outcomes: the same reasons must not come back on the next plan. */
export const outcomeCloseReasons: ReadonlySet<string> = new Set(['declined', 'wrong_number', 'unreachable', 'opted_out', 'resolved_by_queue']);

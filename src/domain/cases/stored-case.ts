/** A case as stored: the planner's and the outcome rules' view of a cases row, with its attached reasons. */
import type { CaseFields } from './case-record.js';

export type StoredCase = CaseFields;

/** The practice's policy: one schema for organization.policy (contact policy and engine settings) and its bounds. */
export {
  recallSettingBounds, snoozeDaysRange, defaultRecallSettings, recallSettingsSchema, snoozeDaysSchema, rangeMessage, wholeNumberIn,
  type RecallSettings, type WholeNumberRange,
} from './recall-settings.js';
export { parsePracticePolicy, changePracticePolicy, type PracticePolicy, type PracticePolicyParse, type PolicyChange, type StoredPolicy } from './practice-policy.js';
export {
  rankingBands, defaultRankingPolicy, rankingPolicySchema, storedRankingPolicySchema, rankingDayBounds, activeWindowBounds, rankingBandLabels, describeActiveWindow, activeWindowInterval, rankingIssuesOf,
  type RankingBand, type RankingPolicy, type ActiveWindow,
} from './ranking-policy.js';
export {
  costChannels, defaultReportingPolicy, reportingPolicySchema, storedReportingPolicySchema, reportingBounds, reportingIssuesOf, mergeReporting,
  type CostChannel, type ReportingPolicy,
} from './reporting-policy.js';
export {
  defaultHoldoutPolicy, holdoutPolicySchema, holdoutShareBounds, holdoutShareMessage, holdoutShareOf, holdoutIssuesOf, mergeHoldout, type HoldoutPolicy,
} from './holdout-policy.js';

/** The review workflow: flags from divergence findings, decisions, and the ReviewStore port. */
export { type DecideDeps, type DecisionKind, type DecisionRequest, decideFlag } from './decide-flag.ts';
export {
  FlagConflictError,
  FlagNotFoundError,
  InvalidCursorError,
  InvalidDecisionError,
  ReviewError,
} from './errors.ts';
export { type ClauseTexts, findingFingerprint } from './fingerprint.ts';
export {
  DIVERGENCE_KINDS,
  flagId,
  isDivergenceKind,
  parseFlagId,
  queueSortKey,
  sortedLangs,
} from './flag-id.ts';
export { MemoryReviewStore } from './memory-review-store.ts';
export {
  type DetectorEdition,
  type Detector,
  type ReviewCharterDeps,
  reviewCharter,
} from './review-charter.ts';
export { decodeCursor, encodeCursor, QUEUE_STATUSES, queueWalk } from './queue-cursor.ts';
export {
  type FlagRefreshPlan,
  planFlagRefresh,
  type RefreshDeps,
  type RefreshInput,
  refreshCharterFlags,
  SYSTEM_REVIEWER,
} from './refresh-flags.ts';
export type * from './types.ts';

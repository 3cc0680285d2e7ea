/** Bounds on what one trace line may hold, so that no file can exhaust memory whatever its content. */
export const TraceLimits = {
  /** Characters in one line. */
  lineLength: 1 << 20,
  columns: 1024,
  /**
   * Entries of one row's hash_ids: 4,096 blocks are 2 Mi tokens at Mooncake's 512 tokens per block
   * (the published traces hold at most 247), and each request in flight keeps its ids.
   */
  hashIds: 4096,
  /** Distinct request-class labels in one file. */
  classes: 1024,
  /** Bad-line numbers kept for the warning (the count is exact). */
  badLinesShown: 10,
} as const;

/** Bounds on what one trace line may hold, so that no file can exhaust memory whatever its content. */
export const TraceLimits = {
  /** Characters in one line. */
  lineLength: 1 << 20,
  columns: 1024,
  /** Entries of one row's hash_ids. */
  hashIds: 1 << 16,
  /** Distinct request-class labels in one file. */
  classes: 1024,
  /** Bad-line numbers kept for the warning (the count is exact). */
  badLinesShown: 10,
} as const;

export {
  bucketIndex,
  bucketValue,
  createHistogram,
  createLayout,
  DEFAULT_LAYOUT,
  MAX_BUCKETS,
  mean,
  merge,
  quantile,
  record,
  recordAt,
  reset,
  sameLayout,
} from "./histogram.js";
export type { Histogram, HistogramLayout, LayoutParams } from "./histogram.js";
export { fromJSON, toJSON } from "./histogram-json.js";
export type { HistogramJson } from "./histogram-json.js";
export { appendRow, appendRowFrom, createSeries, trimmed } from "./series.js";
export type { Series, TrimmedSeries } from "./series.js";
export { allPass, evaluateSlo, PERCENTILE_KEYS, PERCENTILES } from "./slo.js";
export type { PercentileKey, SloObservation, SloSpec, SloVerdict } from "./slo.js";
export { requestRates } from "./rates.js";
export type { OutcomeCounts, RequestRates } from "./rates.js";
export { costOf } from "./cost.js";
export type { CostReport, PoolCost, PoolUsage } from "./cost.js";
export { erlangC, mg1MeanWait, mmcMeanWait } from "./queueing.js";
export { createServiceStats } from "./request-stats.js";
export type { ServiceStats } from "./request-stats.js";
export { createSloWindows, MAX_SLO_WINDOWS } from "./slo-windows.js";
export type { SloTarget, SloWindowJson, SloWindows, StatsSink } from "./slo-windows.js";

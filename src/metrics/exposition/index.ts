/** Monitoring export: what Prometheus would hold after scraping a simulated run, under the names teams query. */
import { dcgmFamilies } from "./dcgm.js";
import { kubeStateMetricsFamilies } from "./kube-state-metrics.js";
import type { ExpositionFormat, MetricFamily } from "./openmetrics.js";
import { formatExposition } from "./openmetrics.js";
import { opencostFamilies } from "./opencost.js";
import type { MonitoringData } from "./recorder.js";
import type { MonitoringTargets } from "./targets.js";
import { tritonFamilies } from "./triton.js";
import { vllmFamilies } from "./vllm.js";

export interface Exporter {
  readonly name: string;
  families(data: MonitoringData, targets: MonitoringTargets): MetricFamily[];
}

/** The exporters whose series a run is written as, in output order. */
export const EXPORTERS: readonly Exporter[] = [
  { name: "vllm", families: vllmFamilies },
  { name: "triton", families: tritonFamilies },
  { name: "kube-state-metrics", families: kubeStateMetricsFamilies },
  { name: "dcgm-exporter", families: dcgmFamilies },
  { name: "opencost", families: (data) => opencostFamilies(data) },
];

export function monitoringFamilies(data: MonitoringData, targets: MonitoringTargets): MetricFamily[] {
  if (targets.services.length !== data.services.length) throw new Error(`monitoring: ${targets.services.length} service targets for ${data.services.length} services`);
  return EXPORTERS.flatMap((e) => e.families(data, targets));
}

/** The run's series as OpenMetrics (for backfilling) or Prometheus text (for promtool check metrics), `epoch` being the Unix time of simulated time 0. */
export function formatMonitoring(data: MonitoringData, targets: MonitoringTargets, options: { readonly format: ExpositionFormat; readonly epoch: number }): string {
  return formatExposition(monitoringFamilies(data, targets), options);
}

export { createBucketSeries } from "./bucket-series.js";
export type { BucketSeries, BucketSeriesData } from "./bucket-series.js";
export { formatExposition, formatValue } from "./openmetrics.js";
export type { ExpositionFormat, ExpositionOptions, HistogramPoints, Labels, MetricFamily, PointSeries, SummaryPoints } from "./openmetrics.js";
export { createMonitoringRecorder, SUMMARY_QUANTILES } from "./recorder.js";
export type { MonitoringData, MonitoringRecorder, NodeSnapshot, NodeTrack, PodSnapshot, PodTrack, ServerKind, ServiceSnapshot, ServiceTrack, Snapshot } from "./recorder.js";
export type { MonitoringTargets, ServiceTarget } from "./targets.js";
export { E2E_BUCKETS, TPOT_BUCKETS, TTFT_BUCKETS } from "./vllm-buckets.js";
export { dashboardQueries, grafanaDashboard } from "./grafana.js";
export type { DashboardService, DashboardSpec } from "./grafana.js";

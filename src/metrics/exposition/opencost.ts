/**
 * OpenCost's node prices (node_total_hourly_cost, node_gpu_count), from a node's provisioning
 * start to its removal — the span servesim bills — so that summing them over time gives the cost.
 */
import type { MetricFamily, PointSeries } from "./openmetrics.js";
import type { MonitoringData } from "./recorder.js";
import { rowsWhere } from "./targets.js";

export function opencostFamilies(data: MonitoringData): MetricFamily[] {
  const labels = (n: MonitoringData["nodes"][number]) => [["job", "opencost"], ["node", n.name], ["instance_type", n.pool], ["region", n.zone ?? ""]] as const;
  const cost: PointSeries[] = data.nodes.map((n) => rowsWhere(labels(n), data.t, n.first, n.pricePerHour.length, (r) => n.pricePerHour[r]!));
  const gpus: PointSeries[] = data.nodes.filter((n) => n.gpuModel !== null).map((n) => rowsWhere(labels(n), data.t, n.first, n.condition.length, () => n.gpuUtil.length));
  if (cost.length === 0) return [];
  return [
    { name: "node_total_hourly_cost", help: "Total node cost per hour", type: "gauge", series: cost },
    { name: "node_gpu_count", help: "Number of GPUs available on node", type: "gauge", series: gpus },
  ];
}

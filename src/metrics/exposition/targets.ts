/** Who the exported series belong to: namespace, per service its model name and autoscaler, in the run's service order. */
import type { Labels, PointSeries } from "./openmetrics.js";

export interface ServiceTarget {
  readonly name: string;
  /** vLLM's `model_name` (its served model name) or Triton's `model`. */
  readonly modelName: string;
  /** The HorizontalPodAutoscaler (KEDA creates `keda-hpa-<name>`), null when the service has none. */
  readonly autoscaler: { readonly hpaName: string; readonly min: number; readonly max: number } | null;
}

export interface MonitoringTargets {
  readonly namespace: string;
  readonly services: readonly ServiceTarget[];
}

/** Labels Prometheus attaches when it scrapes a service's pods through a ServiceMonitor. */
export const scrapeLabels = (targets: MonitoringTargets, s: number): Labels => {
  const name = targets.services[s]!.name;
  return [
    ["job", name],
    ["namespace", targets.namespace],
    ["service", name],
  ];
};

/** The rows of a track (first row `first`) where `keep` holds, as a point series over the run's times. */
export function rowsWhere(labels: Labels, times: readonly number[], first: number, length: number, value: (row: number) => number, keep: (row: number) => boolean = () => true): PointSeries {
  const t: number[] = [];
  const v: number[] = [];
  for (let r = 0; r < length; r++) {
    if (!keep(r)) continue;
    t.push(times[first + r]!);
    v.push(value(r));
  }
  return { labels, t, v };
}

/** A stable UUID-shaped id derived from `key` (FNV-1a), for the uid and GPU UUID labels exporters carry. */
export function stableUuid(key: string): string {
  let hex = "";
  for (let round = 0; round < 4; round++) {
    let h = 0x811c9dc5 ^ round;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    hex += (h >>> 0).toString(16).padStart(8, "0");
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * dcgm-exporter's GPU utilisation (DCGM_FI_DEV_GPU_UTIL, percent, in its default counters) per
 * physical GPU of each registered node, with the labels it sets in Kubernetes mode: gpu, UUID,
 * device, modelName, Hostname and, while a pod holds the GPU, its container, namespace and pod.
 */
import type { MetricFamily, PointSeries } from "./openmetrics.js";
import type { MonitoringData } from "./recorder.js";
import type { MonitoringTargets } from "./targets.js";
import { rowsWhere, stableUuid } from "./targets.js";

export function dcgmFamilies(data: MonitoringData, targets: MonitoringTargets): MetricFamily[] {
  const series: PointSeries[] = [];
  for (const n of data.nodes) {
    if (n.gpuModel === null) continue;
    n.gpuUtil.forEach((util, g) => {
      const pods = [...new Set(n.gpuPod[g]!)];
      for (const pod of pods) {
        const labels = [
          ["job", "nvidia-dcgm-exporter"],
          ["gpu", String(g)],
          ["UUID", `GPU-${stableUuid(`${n.name}/${g}`)}`],
          ["device", `nvidia${g}`],
          ["modelName", n.gpuModel!],
          ["Hostname", n.name],
          ["container", pod === null ? "" : "server"],
          ["namespace", pod === null ? "" : targets.namespace],
          ["pod", pod ?? ""],
        ] as const;
        series.push(rowsWhere(labels, data.t, n.first, util.length, (r) => Math.round(util[r]! * 100), (r) => n.gpuPod[g]![r] === pod && n.condition[r] !== "provisioning"));
      }
    });
  }
  return series.length === 0 ? [] : [{ name: "DCGM_FI_DEV_GPU_UTIL", help: "GPU utilization (in %).", type: "gauge", series: series.filter((s) => s.t.length > 0) }];
}

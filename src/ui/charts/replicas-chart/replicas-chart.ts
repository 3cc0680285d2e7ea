/** Replicas per service over time — desired, current and Ready — with each scale event marked and its reason on hover. */
import type { LineSpec, MarkSpec, TimeChartSpec } from "../frame/spec.js";
import { isFaint, seriesLabel } from "../frame/runs.js";
import type { ChartRun } from "../frame/runs.js";
import { formatCount } from "../frame/units.js";

const ROLES = [
  { key: "desired", label: "desired", dash: "dash" },
  { key: "current", label: "current", dash: "dot" },
  { key: "ready", label: "Ready", dash: "solid" },
] as const;

export function replicasChart(runs: readonly ChartRun[]): TimeChartSpec {
  const lines: LineSpec[] = [];
  const marks: MarkSpec[] = [];
  runs.forEach(({ results }, r) => {
    const a = results.autoscaling.series;
    const names = Object.keys(a.services);
    names.forEach((name, s) => {
      const cols = a.services[name]!;
      for (const role of ROLES) {
        lines.push({ id: `${r}/${name}/${role.key}`, label: seriesLabel(runs, r, `${name} ${role.label}`), colour: s, dash: role.dash, t: a.t, y: cols[role.key], curve: "step", axis: "left", faint: isFaint(r) });
      }
    });
    if (r > 0) return;
    for (const e of results.autoscaling.events) {
      if (e.kind !== "workload") continue;
      const extra = e.limit ? ` [${e.limit}]` : e.stabilization ? ` [${e.stabilization}]` : "";
      marks.push({ t: e.at, y: e.to, shape: e.to >= e.from ? "up" : "down", colour: Math.max(0, names.indexOf(e.service)), label: `${e.controller.toUpperCase()} ${e.service} ${e.from} → ${e.to}: ${e.reason}${extra}` });
    }
  });
  return {
    id: "replicas",
    title: "Replicas",
    note: "Pods the Deployment wants (dashed), pods not terminating (dotted) and Ready pods (solid); triangles are the autoscaler's decisions — hover for the reason.",
    left: { label: "pods", format: formatCount, scale: "linear" },
    lines,
    rules: [],
    marks,
  };
}

/** Offered load (arrivals per second) against served throughput (completions per second), per service. */
import type { LineSpec, TimeChartSpec } from "../frame/spec.js";
import { isFaint, ratePerSecond, seriesLabel } from "../frame/runs.js";
import type { ChartRun } from "../frame/runs.js";
import { formatRate } from "../frame/units.js";

export function loadChart(runs: readonly ChartRun[]): TimeChartSpec {
  const lines: LineSpec[] = [];
  runs.forEach(({ results }, r) => {
    const t = results.series.t;
    Object.entries(results.series.services).forEach(([name, cols], s) => {
      const base = { colour: s, t, curve: "linear", axis: "left", faint: isFaint(r) } as const;
      lines.push({ ...base, id: `${r}/${name}/offered`, label: seriesLabel(runs, r, `${name} offered`), dash: "dash", y: ratePerSecond(t, cols.arrived) });
      lines.push({ ...base, id: `${r}/${name}/served`, label: seriesLabel(runs, r, `${name} served`), dash: "solid", y: ratePerSecond(t, cols.completed) });
    });
  });
  return {
    id: "load",
    title: "Offered load and served throughput",
    note: "Requests arriving (dashed) and completed (solid) per second in each sample step; a gap between them is queueing, rejection or failure.",
    left: { label: "requests per second (/s)", format: formatRate, scale: "linear" },
    lines,
    rules: [],
    marks: [],
  };
}

/** Offered load (arrivals per second) against served throughput (completions per second), per service. */
import type { LineSpec, TimeChartSpec } from "../frame/spec.js";
import { isFaint, ratePerSecond, seriesLabel } from "../frame/runs.js";
import type { ChartRun } from "../frame/runs.js";
import { formatRate } from "../frame/units.js";

/** Services whose peaks differ more than this share one chart on a log scale (else the small one is a flat line at 0). */
const LOG_SCALE_RATIO = 20;

const peak = (a: Float64Array): number => a.reduce((m, x) => (Number.isFinite(x) && x > m ? x : m), 0);

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
  const peaks = lines.filter((l) => l.id.endsWith("/offered")).map((l) => peak(l.y)).filter((p) => p > 0);
  const isLog = peaks.length > 1 && Math.max(...peaks) / Math.min(...peaks) > LOG_SCALE_RATIO;
  return {
    id: "load",
    title: "Offered load and served throughput",
    note: `Requests arriving (dashed) and completed (solid) per second in each sample step; a gap between them is queueing, rejection or failure.${isLog ? " Log scale: the services' loads differ by more than 20×." : ""}`,
    left: { label: `requests per second (/s${isLog ? ", log scale" : ""})`, format: formatRate, scale: isLog ? "log" : "linear" },
    lines,
    rules: [],
    marks: [],
  };
}

/** Requests waiting in the pods' queues per service, and the KV-cache usage of LLM services on the right axis. */
import type { LineSpec, TimeChartSpec } from "../frame/spec.js";
import { isFaint, seriesLabel } from "../frame/runs.js";
import type { ChartRun } from "../frame/runs.js";
import { formatCount, formatShare } from "../frame/units.js";

export function queueChart(runs: readonly ChartRun[]): TimeChartSpec {
  const lines: LineSpec[] = [];
  let hasKv = false;
  runs.forEach(({ results }, r) => {
    const t = results.series.t;
    Object.entries(results.series.services).forEach(([name, cols], s) => {
      lines.push({ id: `${r}/${name}/queued`, label: seriesLabel(runs, r, `${name} queued`), colour: s, dash: "solid", t, y: cols.queued, curve: "step", axis: "left", faint: isFaint(r) });
      const kv = results.series.llm?.[name]?.kvUsage;
      if (kv) {
        hasKv = true;
        lines.push({ id: `${r}/${name}/kv`, label: seriesLabel(runs, r, `${name} KV cache in use`), colour: s, dash: "dot", t, y: kv, curve: "linear", axis: "right", faint: isFaint(r) });
      }
    });
  });
  return {
    id: "queues",
    title: hasKv ? "Queues and KV-cache usage" : "Queue lengths",
    note: hasKv
      ? "Requests waiting at the pods (not yet in service or a batch) at each sample (solid), and the share of the LLM pods' KV-cache blocks in use at each sample (dotted, right axis)."
      : "Requests waiting at the pods (not yet in service) at each sample.",
    left: { label: "requests waiting", format: formatCount, scale: "linear" },
    ...(hasKv ? { right: { label: "KV cache in use (%)", format: formatShare, scale: "linear", min: 0 } as const } : {}),
    lines,
    rules: [],
    marks: [],
  };
}

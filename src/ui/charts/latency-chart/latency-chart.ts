/**
 * Latency percentiles over time with the SLO targets as rules: end-to-end latency for every
 * service, and for LLM services time to first token and time per output token.
 */
import type { Results } from "../../../../workers/protocol.js";
import type { LineSpec, RuleSpec, TimeChartSpec } from "../frame/spec.js";
import { isFaint, seriesLabel } from "../frame/runs.js";
import type { ChartRun } from "../frame/runs.js";
import { formatLatency } from "../frame/units.js";

/** Which percentiles a chart shows: end-to-end latency, TTFT or TPOT. */
export type LatencyKind = "latency" | "ttft" | "tpot";

const TITLES: Record<LatencyKind, string> = {
  latency: "End-to-end latency",
  ttft: "Time to first token (LLM services)",
  tpot: "Time per output token (LLM services)",
};

/** p50 and p99 columns of one service for a kind (undefined when the service has none). */
function columns(r: Results, service: string, kind: LatencyKind): { p50: Float64Array; p99: Float64Array } | undefined {
  if (kind === "latency") {
    const c = r.series.services[service];
    return c && { p50: c.latencyP50, p99: c.latencyP99 };
  }
  const l = r.series.llm?.[service];
  if (!l) return undefined;
  return kind === "ttft" ? { p50: l.ttftP50, p99: l.ttftP99 } : { p50: l.tpotP50, p99: l.tpotP99 };
}

/** SLO rules of a kind: each `<kind>.<percentile>` target of the first run. */
function sloRules(r: Results, kind: LatencyKind, colourOf: (service: string) => number): RuleSpec[] {
  return r.slo.verdicts
    .filter((v) => v.objective.startsWith(`${kind}.`))
    .map((v) => ({ label: `${v.service} SLO ${v.objective.slice(kind.length + 1)} ≤ ${formatLatency(v.target)}`, y: v.target, colour: colourOf(v.service), axis: "left" }));
}

/** The chart, or null when no service has this kind of latency (TTFT/TPOT without LLM services). */
export function latencyChart(runs: readonly ChartRun[], kind: LatencyKind): TimeChartSpec | null {
  const first = runs[0];
  if (!first) return null;
  const names = Object.keys(first.results.series.services);
  const colourOf = (service: string) => Math.max(0, names.indexOf(service));
  const lines: LineSpec[] = [];
  runs.forEach(({ results }, r) => {
    for (const name of Object.keys(results.series.services)) {
      const c = columns(results, name, kind);
      if (!c) continue;
      const base = { colour: colourOf(name), t: results.series.t, curve: "linear", axis: "left", faint: isFaint(r) } as const;
      lines.push({ ...base, id: `${r}/${name}/${kind}/p50`, label: seriesLabel(runs, r, `${name} p50`), dash: "dash", y: c.p50 });
      lines.push({ ...base, id: `${r}/${name}/${kind}/p99`, label: seriesLabel(runs, r, `${name} p99`), dash: "solid", y: c.p99 });
    }
  });
  if (lines.length === 0) return null;
  return {
    id: kind,
    title: TITLES[kind],
    note: `Percentiles of the ${kind === "latency" ? "requests completed" : kind === "ttft" ? "first tokens produced" : "requests finished"} in each sample step (log scale); dotted rules are the SLO targets, judged over the run after warm-up.`,
    left: { label: `${kind === "tpot" ? "seconds per token" : "seconds"} (log scale)`, format: formatLatency, scale: "log" },
    lines,
    rules: sloRules(first.results, kind, colourOf),
    marks: [],
  };
}

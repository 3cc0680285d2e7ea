/**
 * Nodes per pool over time (present, including booting, and Ready) with node scale events, and
 * the cost so far on the right axis: each node bills its pool's price from its creation to its
 * removal, so the curve ends at the run's total cost.
 */
import type { Results } from "../../../../workers/protocol.js";
import type { LineSpec, MarkSpec, TimeChartSpec } from "../frame/spec.js";
import { isFaint, seriesLabel } from "../frame/runs.js";
import type { ChartRun } from "../frame/runs.js";
import { formatCount, formatMoney } from "../frame/units.js";

/** Cost accrued by each sample time: Σ nodes price/h × hours billed before t. */
export function costSoFar(r: Results, t: Float64Array): Float64Array {
  const price = new Map(r.cost.pools.map((p) => [p.pool, p.pricePerHour]));
  const out = new Float64Array(t.length);
  for (const n of r.nodes) {
    const perSecond = (price.get(n.pool) ?? 0) / 3600;
    if (perSecond === 0) continue;
    const end = n.removedAt ?? Infinity;
    for (let k = 0; k < t.length; k++) {
      const billed = Math.min(t[k]!, end) - n.createdAt;
      if (billed > 0) out[k]! += billed * perSecond;
    }
  }
  return out;
}

export function nodesCostChart(runs: readonly ChartRun[]): TimeChartSpec {
  const lines: LineSpec[] = [];
  const marks: MarkSpec[] = [];
  const COST_COLOUR = 7;
  runs.forEach(({ results }, r) => {
    const a = results.autoscaling.series;
    const pools = Object.keys(a.pools);
    pools.forEach((name, p) => {
      const cols = a.pools[name]!;
      const base = { colour: p, t: a.t, curve: "step", axis: "left", faint: isFaint(r) } as const;
      lines.push({ ...base, id: `${r}/${name}/nodes`, label: seriesLabel(runs, r, `${name} nodes`), dash: "dash", y: cols.nodes });
      lines.push({ ...base, id: `${r}/${name}/ready`, label: seriesLabel(runs, r, `${name} Ready`), dash: "solid", y: cols.ready });
    });
    lines.push({ id: `${r}/cost`, label: seriesLabel(runs, r, `cost so far (${formatMoney(results.cost.total)} total)`), colour: COST_COLOUR, dash: "dashdot", t: a.t, y: costSoFar(results, a.t), curve: "linear", axis: "right", faint: isFaint(r) });
    if (r > 0) return;
    for (const e of results.autoscaling.events) {
      if (e.kind !== "node") continue;
      marks.push({ t: e.at, y: e.to, shape: e.to >= e.from ? "up" : "down", colour: Math.max(0, pools.indexOf(e.pool)), label: `nodes ${e.pool} ${e.from} → ${e.to}: ${e.reason}` });
    }
  });
  return {
    id: "nodes",
    title: "Nodes and cost",
    note: "Nodes per pool (dashed: present, booting included — billed; solid: Ready) and the cost accrued so far (right axis).",
    left: { label: "nodes", format: formatCount, scale: "linear" },
    right: { label: "cost so far ($)", format: formatMoney, scale: "linear" },
    lines,
    rules: [],
    marks,
  };
}

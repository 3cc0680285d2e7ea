/**
 * Scheduling explanations as text: per decision, one row per node with its Filter verdict and,
 * for feasible nodes, each Score plugin's normalised score (raw in parentheses) and the total.
 */
import type { ExplainJson, Results } from "../sim/index.js";
import { table } from "./table.js";

const num = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(2));

/** One explained decision: a header line, the FailedScheduling message if any, a table of nodes. */
export function formatExplanation(e: ExplainJson): string {
  const outcome = e.chosen !== null ? `bound to ${e.chosen}` : e.nominatedNode !== null ? `nominated to ${e.nominatedNode} (evicting ${e.victims.join(", ")})` : "unschedulable";
  const lines = [`pod ${e.pod}, attempt ${e.attempt} at ${num(e.at)}s, profile ${e.profile}: ${outcome}`];
  lines.push(`  ${e.nodesEvaluated} of ${e.nodesTotal} nodes filtered${e.note ? `; ${e.note}` : ""}`);
  if (e.message) lines.push(`  ${e.message}`);
  const scored = new Map(e.scores.map((s) => [s.node, s]));
  const header = ["node", "filter", ...e.plugins.map((p) => `${p.name}×${p.weight}`), "total"];
  const rows = e.filters.map((f) => {
    const s = scored.get(f.node);
    const verdict = f.passed ? "ok" : `${f.plugin}: ${f.reasons.join(", ")}`;
    const cells = e.plugins.map((_, i) => {
      const p = s?.plugins[i];
      return p === undefined ? "" : p.normalized === null ? "skip" : `${num(p.normalized)} (${num(p.raw!)})`;
    });
    return [`${f.node === e.chosen ? "* " : "  "}${f.node}`, verdict, ...cells, s ? num(s.total) : ""];
  });
  lines.push(table(header, rows).replace(/^/gm, "  "));
  return lines.join("\n");
}

/** Every explained decision of a run. */
export function formatExplanations(r: Results): string {
  const ex = r.scheduler.explain;
  if (ex.length === 0) return "scheduling decisions: none explained\n";
  const dropped = r.scheduler.explainDropped > 0 ? ` (${r.scheduler.explainDropped} more not kept)` : "";
  return `scheduling decisions explained: ${ex.length}${dropped}\n\n${ex.map(formatExplanation).join("\n\n")}\n`;
}

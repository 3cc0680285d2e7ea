/** Plan results as text: the winner, the rule of thumb beside it, the Pareto fronts, counts, and every candidate with its status and why. */
import type { CandidateResult, PlanResults } from "../planner/index.js";

const money = (v: number | null): string => (v === null ? "-" : `$${v.toFixed(2)}`);

/** Seconds as `745ms` or `2.1s`; other quantities to 3 significant digits. */
function quantity(key: string, v: number | null): string {
  if (v === null) return "no data";
  if (/latency|ttft|tpot/.test(key)) return v < 1 ? `${(v * 1000).toPrecision(3)}ms` : `${v.toPrecision(3)}s`;
  return v.toPrecision(3);
}

/** Short column names: the last step of each address, with the one before when two would clash. */
function shortNames(addresses: readonly string[]): string[] {
  const last = (a: string, n: number) => a.split(/\.(?![^[]*\])/).slice(-n).join(".");
  return addresses.map((a) => (addresses.filter((b) => last(b, 1) === last(a, 1)).length > 1 ? last(a, 2) : last(a, 1)));
}

function pad(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join("  ").trimEnd()).join("\n");
}

const valuesOf = (r: PlanResults, c: CandidateResult, names: readonly string[]): string =>
  r.plan.axes.map((a, i) => `${names[i]}=${String(c.values[a.address])}`).join(" ");

export function formatPlanResults(r: PlanResults): string {
  const names = shortNames(r.plan.axes.map((a) => a.address));
  const out: string[] = [];
  const c = r.counts;
  out.push(`plan ${r.plan.name}  ${r.plan.candidates} candidates${r.plan.shard ? ` (slice ${r.plan.shard.index}/${r.plan.shard.count}: ${r.candidates.length})` : ""}  ${r.plan.scenarios.length} scenario(s) × ${r.plan.seeds.length} seed(s)  objective ${r.plan.objective}  hash ${r.plan.hash.slice(0, 12)}${r.status === "partial" ? "  PARTIAL (cancelled)" : ""}`);
  const pruned = Object.entries(c.prunedBy).map(([k, n]) => `${k} ${n}`).join(", ");
  out.push(`search: ${c.pruned} pruned${pruned ? ` (${pruned})` : ""}, ${c.passed + c.failed} simulated in full (${c.passed} passed, ${c.failed} failed), ${c.dropped} raced out, ${c["implied-pass"] + c["implied-fail"]} settled by monotonicity, ${c.invalid} invalid, ${c.error} error, ${c.pending} not evaluated; ${c.simulations} simulations, ${c.simulatedHours} simulated hours`);
  out.push("");
  const w = r.winner;
  if (w) {
    out.push(`winner ${w.id}: ${valuesOf(r, w, names)}`);
    const tails = Object.entries(w.tails ?? {}).map(([k, v]) => `${k} ${quantity(k, v)}`).join(", ");
    out.push(`  ${r.plan.objective === "cost" ? "cost" : `${r.plan.objective} ${w.objective?.toPrecision(4)}, cost`} ${money(w.cost)} (weighted over the scenarios, mean over the seeds); worst over scenarios and seeds: ${tails}`);
    for (const t of r.ruleOfThumb) {
      const formula = t.replicas === null ? "unknown load or capacity" : `⌈${t.load!.toPrecision(3)}/s ÷ ${t.perReplica!.toPrecision(3)}/s per replica × ${1 + t.margin}⌉ = ${t.replicas} replica${t.replicas === 1 ? "" : "s"}`;
      out.push(`  rule of thumb (${t.scenario}, ${t.service}): ${formula}; simulated answer: ${t.simulated}`);
    }
  } else {
    out.push(`no configuration meets every constraint${r.status === "partial" ? " among those evaluated" : ""}; what excluded the candidates:`);
    for (const [why, n] of Object.entries(r.infeasible ?? {})) out.push(`  ${String(n).padStart(6)}  ${why}`);
  }
  for (const p of r.pareto) {
    const byId = new Map(r.candidates.map((x) => [x.id, x]));
    out.push(`pareto front (cost vs ${p.tail}): ${p.candidates.map((id) => `${id} ${money(byId.get(id)?.objective ?? null)} ${quantity(p.tail, byId.get(id)?.tails?.[p.tail] ?? null)}`).join("; ")}`);
  }
  out.push("");
  const rows: string[][] = [["id", ...names, "status", r.plan.objective === "cost" ? "cost" : "objective", "why"]];
  for (const x of r.candidates) {
    rows.push([x.id, ...r.plan.axes.map((a) => String(x.values[a.address])), x.status, x.objective === null ? "-" : r.plan.objective === "cost" ? money(x.objective) : x.objective.toPrecision(4), x.reason ?? ""]);
  }
  out.push(pad(rows));
  return `${out.join("\n")}\n`;
}

/**
 * The candidate table's rows: each candidate with its values, status, cost, tails and why it is
 * not the winner — pruned with the analytic reason, failed or raced out with the SLO missed on
 * which scenario and seed by how much, passed with its cost against the winner's. Winner first,
 * then passing candidates by cost, then the rest in the order the planner numbered them.
 */
import type { CandidateResult, PlanResults } from "../../../../workers/planner-browser.js";

export interface CandidateRow {
  readonly id: string;
  readonly index: number;
  readonly status: CandidateResult["status"];
  /** `winner`, `front` (on a Pareto front), or null. */
  readonly mark: "winner" | "front" | null;
  /** The varied values, in the plan's axis order. */
  readonly values: readonly string[];
  readonly objective: number | null;
  readonly tails: CandidateResult["tails"];
  /** Why it is (or is not) the winner, in words. */
  readonly why: string;
  /** Every miss, one per line (failed and raced-out candidates), else empty. */
  readonly misses: readonly string[];
}

/** A column head for an axis: its last field (`cluster.nodePools[gpu].gpu.type` → `type`), or the last two when another axis ends alike. */
export function shortAxis(address: string, axes: readonly string[] = [address]): string {
  const fields = (a: string) => a.replace(/\[[^\]]*\]/g, "").split(".");
  const own = fields(address);
  const last = own.at(-1) ?? address;
  const clash = axes.some((a) => a !== address && fields(a).at(-1) === last);
  return clash && own.length > 1 ? own.slice(-2).join(".") : last;
}

const money = (x: number): string => `$${x.toFixed(2)}`;

function why(c: CandidateResult, r: PlanResults, front: boolean, describe: (m: CandidateResult["misses"][number]) => string): string {
  const winner = r.winner;
  switch (c.status) {
    case "passed": {
      if (winner && c.index === winner.index) return `winner: passed every constraint, the lowest ${r.plan.objective === "cost" ? "cost" : r.plan.objective}`;
      const more = winner && winner.objective && c.objective !== null ? ` (+${Math.round((c.objective / winner.objective - 1) * 100)}% over the winner)` : "";
      return `passed, ${c.objective === null ? "objective unknown" : `${r.plan.objective === "cost" ? "costs" : `${r.plan.objective}`} ${money(c.objective)}`}${more}${front ? "; on a Pareto front" : ""}`;
    }
    case "pruned":
      // Reasons name their kind first (`capacity: …`); otherwise it is added.
      return c.reason && c.pruneKind && c.reason.startsWith(`${c.pruneKind}:`) ? `pruned, ${c.reason}` : `pruned (${c.pruneKind ?? "analytic"}): ${c.reason ?? ""}`;
    case "failed":
      return `failed: ${c.misses[0] ? describe(c.misses[0]) : (c.reason ?? "")}`;
    case "dropped":
      return c.reason ?? `raced out: ${c.misses[0] ? describe(c.misses[0]) : ""}`;
    case "pending":
      return r.status === "partial" ? "not evaluated: the search was cancelled" : "not evaluated";
    default:
      return `${c.status}: ${c.reason ?? ""}`;
  }
}

const RANK: Readonly<Record<CandidateResult["status"], number>> = { passed: 0, "implied-pass": 1, failed: 2, dropped: 3, "implied-fail": 4, pruned: 5, invalid: 6, error: 7, pending: 8 };

/** Rows of every candidate of the results, in display order. */
export function candidateRows(r: PlanResults, describe: (m: CandidateResult["misses"][number]) => string): CandidateRow[] {
  const onFront = new Set(r.pareto.flatMap((p) => p.candidates));
  const rows = r.candidates.map((c): CandidateRow => {
    const front = onFront.has(c.id);
    return {
      id: c.id,
      index: c.index,
      status: c.status,
      mark: r.winner?.index === c.index ? "winner" : front ? "front" : null,
      values: r.plan.axes.map((a) => String(c.values[a.address])),
      objective: c.objective,
      tails: c.tails,
      why: why(c, r, front, describe),
      misses: c.status === "failed" || c.status === "dropped" ? c.misses.map(describe) : [],
    };
  });
  const key = (row: CandidateRow) => (row.mark === "winner" ? -1 : RANK[row.status]);
  return rows.sort((a, b) => key(a) - key(b) || (a.status === "passed" && b.status === "passed" ? (a.objective ?? 0) - (b.objective ?? 0) : 0) || a.index - b.index);
}

/** Tail keys that the scatter can plot (latency percentiles), the fronts' first. */
export function tailKeys(r: PlanResults): string[] {
  const keys = new Set<string>(r.pareto.map((p) => p.tail));
  for (const c of r.candidates) for (const k of Object.keys(c.tails ?? {})) if (/(latency|ttft|tpot)\.p/.test(k)) keys.add(k);
  // The highest percentile first: the tail that SLOs usually bind.
  return [...keys].sort((a, b) => percentile(b) - percentile(a) || a.localeCompare(b));
}

const percentile = (key: string): number => Number(/\.p(\d+)$/.exec(key)?.[1]?.padEnd(3, "0") ?? 0);

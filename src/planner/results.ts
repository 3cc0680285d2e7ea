/**
 * The results of a plan, as plain JSON: the winner, the Pareto fronts of cost against each SLO
 * tail, every candidate with its status and why, and the counts. No wall-clock figure is in it,
 * so the same plan gives the same bytes with any number of workers; slices of a sharded plan
 * merge into the same winner and fronts (merge.ts).
 */
import type { LoadedPlan } from "./load.js";
import { paretoFront } from "./pareto.js";
import type { PruneKind } from "./prune.js";
import { CANDIDATE_STATUSES, objectiveOf } from "./search.js";
import type { CandidateState, CandidateStatus, PlacedMiss, SearchState } from "./search.js";
import { candidateId } from "./space.js";
import type { Scalar } from "./space.js";
import { trialKey } from "./trial.js";
import type { TrialOutcome } from "./trial.js";
import type { RuleOfThumb } from "./rule-of-thumb.js";

export const PLAN_RESULTS_FORMAT = "servesim.plan-results/v1";

export interface CandidateResult {
  readonly id: string;
  readonly index: number;
  /** Address → value of the candidate. */
  readonly values: Readonly<Record<string, Scalar>>;
  readonly status: CandidateStatus;
  readonly pruneKind: PruneKind | null;
  readonly reason: string | null;
  /** The largest misses (scenario, seed, objective, target, actual). */
  readonly misses: readonly PlacedMiss[];
  /** Objective value, cost (weighted over scenarios, mean over seeds), and each SLO tail (worst over scenarios and seeds) of a fully evaluated candidate. */
  readonly objective: number | null;
  readonly cost: number | null;
  readonly tails: Readonly<Record<string, number | null>> | null;
  readonly simulations: number;
}

export interface ParetoResult {
  /** `chat ttft.p99`: the SLO objective whose tail is traded against cost. */
  readonly tail: string;
  /** Candidate ids on the front, cheapest first. */
  readonly candidates: readonly string[];
}

export interface PlanResults {
  readonly format: typeof PLAN_RESULTS_FORMAT;
  readonly plan: {
    readonly name: string;
    readonly hash: string;
    readonly objective: string;
    /** Share above the winner's objective within which passing candidates make the Pareto fronts. */
    readonly costSlack: number;
    readonly candidates: number;
    readonly scenarios: readonly { readonly file: string; readonly weight: number }[];
    readonly seeds: readonly (string | number)[];
    readonly axes: readonly { readonly address: string; readonly values: readonly Scalar[]; readonly monotone: string | null }[];
    readonly shard: { readonly index: number; readonly count: number } | null;
  };
  /** `complete`, or `partial` when cancelled before the search ended. */
  readonly status: "complete" | "partial";
  readonly winner: CandidateResult | null;
  /** When nothing passed: how many candidates each constraint (or pruning reason) excluded. */
  readonly infeasible: Readonly<Record<string, number>> | null;
  /** Fronts over the passing candidates whose objective is within the cost slack of the winner's. */
  readonly pareto: readonly ParetoResult[];
  readonly ruleOfThumb: readonly RuleOfThumb[];
  readonly counts: Readonly<Record<CandidateStatus, number>> & { readonly pruned: number; readonly prunedBy: Readonly<Record<string, number>>; readonly simulations: number; readonly simulatedHours: number };
  readonly candidates: readonly CandidateResult[];
}

/** Worst value of each SLO tail over the full-horizon trials of a candidate. */
function tailsOf(plan: LoadedPlan, index: number, trials: ReadonlyMap<string, TrialOutcome>): Record<string, number | null> | null {
  const out: Record<string, number | null> = {};
  for (let s = 0; s < plan.scenarios.length; s++) {
    for (let k = 0; k < plan.seeds.length; k++) {
      const o = trials.get(trialKey({ candidate: index, scenario: s, seed: k, horizon: 1 }));
      if (!o || o.status !== "completed") return null;
      for (const [key, v] of Object.entries(o.tails)) {
        const prev = out[key];
        out[key] = v === null || prev === null ? null : prev === undefined ? v : Math.max(prev, v);
      }
    }
  }
  return out;
}

function simulationsOf(plan: LoadedPlan, index: number, trials: ReadonlyMap<string, TrialOutcome>): number {
  const horizons = [...new Set([1, ...plan.spec.search.stages.map((s) => s.horizon)])];
  let n = 0;
  for (let s = 0; s < plan.scenarios.length; s++) for (let k = 0; k < plan.seeds.length; k++) for (const h of horizons) if (trials.has(trialKey({ candidate: index, scenario: s, seed: k, horizon: h }))) n++;
  return n;
}

export function candidateResult(plan: LoadedPlan, c: CandidateState, trials: ReadonlyMap<string, TrialOutcome>): CandidateResult {
  const full = c.status === "passed" || c.status === "failed";
  const o = full ? objectiveOf(plan, c.index, trials) : null;
  return {
    id: candidateId(c.index),
    index: c.index,
    values: Object.fromEntries(plan.axes.map((a, i) => [a.address, a.values[c.coords[i]!]!])),
    status: c.status,
    pruneKind: c.pruneKind,
    reason: c.reason,
    misses: c.misses,
    objective: o ? o.value : null,
    cost: o ? o.cost : null,
    tails: full ? tailsOf(plan, c.index, trials) : null,
    simulations: simulationsOf(plan, c.index, trials),
  };
}

/** The plan constraint a constraint prune names (` maxNodes`, ` maxGpus.h100-sxm`), as prune.ts words it: "above <constraint> <limit>". */
const constraintOf = (c: CandidateResult): string => (c.pruneKind === "constraint" ? (/ above (maxNodes|budgetPerHour|maxGpus\.\S+) /.exec(c.reason ?? "")?.[1] ?? "").replace(/^(?=.)/, " ") : "");

/** Winner, fronts and counts from candidate results (shared by a single run and a merge of slices). */
export function summarizeCandidates(plan: PlanResults["plan"], list: readonly CandidateResult[], simulations: number, simulatedSeconds: number, partial: boolean, ruleOfThumb: readonly RuleOfThumb[]): PlanResults {
  const candidates = [...list].sort((a, b) => a.index - b.index);
  const passed = candidates.filter((c) => c.status === "passed" && c.objective !== null);
  let winner: CandidateResult | null = null;
  for (const c of passed) if (winner === null || c.objective! < winner.objective!) winner = c;
  const limit = winner ? winner.objective! * (1 + plan.costSlack) : -Infinity;
  const near = passed.filter((c) => c.objective! <= limit && c.tails !== null);
  // Tails are the latency percentiles (a reject rate is not traded against cost the same way).
  const tailKeys = [...new Set(near.flatMap((c) => Object.keys(c.tails!)))].filter((k) => /(latency|ttft|tpot)\.p/.test(k)).sort();
  const pareto = tailKeys.map((tail) => ({
    tail,
    candidates: paretoFront(near.flatMap((c) => (c.tails![tail] === null || c.tails![tail] === undefined ? [] : [{ index: c.index, cost: c.objective!, tail: c.tails![tail]! }]))).map((p) => candidateId(p.index)),
  }));
  const counts = Object.fromEntries(CANDIDATE_STATUSES.map((s) => [s, 0])) as Record<CandidateStatus, number>;
  const prunedBy: Record<string, number> = {};
  for (const c of candidates) {
    counts[c.status]++;
    if (c.status === "pruned" && c.pruneKind) prunedBy[c.pruneKind] = (prunedBy[c.pruneKind] ?? 0) + 1;
  }
  let infeasible: Record<string, number> | null = null;
  if (winner === null) {
    infeasible = {};
    const byId = new Map(candidates.map((c) => [c.id, c]));
    /** What excluded a candidate: its prune kind (and constraint), or the objective of its largest miss. */
    const cause = (c: CandidateResult): string | null =>
      c.status === "pruned" || c.status === "invalid" ? `${c.pruneKind ?? "invalid"}${constraintOf(c)}` : c.misses[0] ? `${c.misses[0].service ? `${c.misses[0].service} ` : ""}${c.misses[0].objective}` : null;
    for (const c of candidates) {
      // A failure implied by monotonicity has the cause of the candidate it follows (never itself implied).
      const source = c.status === "implied-fail" ? byId.get(/capacity of (c\d+)/.exec(c.reason ?? "")?.[1] ?? "") : c;
      const because = source ? cause(source) : null;
      const why = because === null ? c.status : `${c.status}: ${because}`;
      infeasible[why] = (infeasible[why] ?? 0) + 1;
    }
    infeasible = Object.fromEntries(Object.entries(infeasible).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
  }
  return {
    format: PLAN_RESULTS_FORMAT,
    plan,
    status: partial ? "partial" : "complete",
    winner,
    infeasible,
    pareto,
    ruleOfThumb,
    counts: { ...counts, prunedBy, simulations, simulatedHours: Math.round((simulatedSeconds / 3600) * 1000) / 1000 },
    candidates,
  };
}

export function planHeader(plan: LoadedPlan, shard: { readonly index: number; readonly count: number } | undefined): PlanResults["plan"] {
  return {
    name: plan.spec.metadata.name,
    hash: plan.hash,
    objective: plan.spec.objective,
    costSlack: plan.spec.search.costSlack,
    candidates: plan.candidates,
    scenarios: plan.scenarios.map((s) => ({ file: s.file, weight: s.weight })),
    seeds: plan.seeds,
    axes: plan.axes.map((a) => ({ address: a.address, values: a.values, monotone: a.monotone })),
    shard: shard ? { index: shard.index, count: shard.count } : null,
  };
}

/** The results of a search. */
export function planResults(plan: LoadedPlan, state: SearchState, shard: { readonly index: number; readonly count: number } | undefined, ruleOfThumb: readonly RuleOfThumb[]): PlanResults {
  // Summed in key order, not completion order: the last bits must not depend on the workers.
  let seconds = 0;
  for (const key of [...state.trials.keys()].sort()) seconds += state.trials.get(key)!.simulatedSeconds;
  const list = state.candidates.map((c) => candidateResult(plan, c, state.trials));
  return summarizeCandidates(planHeader(plan, shard), list, state.trials.size, seconds, state.cancelled, ruleOfThumb);
}

/** Canonical text of plan results (a trailing newline; same bytes for the same results). */
export const planResultsToJson = (r: PlanResults, indent = 1): string => `${JSON.stringify(r, null, indent)}\n`;

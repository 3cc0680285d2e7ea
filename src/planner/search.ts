/**
 * The search: analytic pruning, then rounds. Each round probes, in every line of candidates
 * (equal on all axes but the first monotone one), the middle of what is still unknown —
 * bisection — and races each probe through the screening stages to the full evaluation. Between
 * rounds, monotonicity settles what the probes imply, and the cost bound prunes what cannot
 * beat the best feasible candidate. Decisions depend only on trial outcomes, never on which
 * worker ran a trial or when, so results are the same with any number of workers.
 */
import type { Scenario } from "../scenario/index.js";
import type { ServiceLoad } from "./load-profile.js";
import type { LoadedPlan } from "./load.js";
import { costLowerBound, pruneScenario } from "./prune.js";
import type { PruneKind } from "./prune.js";
import { candidateId, coordsOf } from "./space.js";
import { trialKey, trialScenario } from "./trial.js";
import type { Miss, TrialOutcome, TrialSpec } from "./trial.js";

export const CANDIDATE_STATUSES = ["pending", "invalid", "pruned", "dropped", "failed", "passed", "implied-pass", "implied-fail", "error"] as const;
export type CandidateStatus = (typeof CANDIDATE_STATUSES)[number];

/** A constraint missed on one scenario and seed. */
export interface PlacedMiss extends Miss {
  readonly scenario: string;
  readonly seed: string | number;
  readonly horizon: number;
}

export interface CandidateState {
  readonly index: number;
  readonly coords: readonly number[];
  status: CandidateStatus;
  pruneKind: PruneKind | null;
  /** Why it is not the winner (pruned, dropped, failed, implied, invalid, error). */
  reason: string | null;
  misses: PlacedMiss[];
  /** Stages completed (screening stages, then the full one). */
  stages: number;
  /** Lower bound on the objective (0 when none is known). */
  readonly bound: number;
}

/** What a candidate is before any simulation (see {@link screenCandidate}). */
export interface Screened {
  readonly status: "invalid" | "pruned" | "pending";
  readonly pruneKind: PruneKind | null;
  readonly reason: string | null;
  /** Lower bound on the objective (0 when none is known). */
  readonly bound: number;
}

/** Runs trials in any order and parallelism; an outcome is null when the trial was cancelled before it ran. */
export interface Evaluator {
  run(trials: readonly TrialSpec[]): Promise<readonly (TrialOutcome | null)[]>;
  /**
   * Screens candidates (validation, analytic pruning, cost bound) where trials run, so that a
   * pool of workers shares this work too; a null verdict (the worker was lost) is screened here.
   * Absent: every candidate is screened in this thread.
   */
  screen?(candidates: readonly number[]): Promise<readonly (Screened | null)[]>;
}

/** Candidates per screening request sent to an evaluator: small enough to spread over workers, large enough to keep messages few. */
const SCREEN_CHUNK = 48;

export interface SearchProgress {
  readonly candidates: number;
  readonly resolved: number;
  readonly pruned: number;
  readonly simulations: number;
  /** Trials the rest of the search will probably take (bisection depth of each unresolved line). */
  readonly remainingEstimate: number;
}

export interface SearchOptions {
  /** Evaluate only the families (candidates equal on the non-monotone axes) of this slice. */
  readonly shard?: { readonly index: number; readonly count: number };
  /** Load of a scenario per service (the caller prepares traces). */
  readonly loadsOf: (scenario: number, sc: Scenario) => readonly ServiceLoad[];
  readonly onProgress?: (p: SearchProgress) => void;
  readonly shouldCancel?: () => boolean;
}

export interface SearchState {
  readonly candidates: readonly CandidateState[];
  readonly trials: ReadonlyMap<string, TrialOutcome>;
  readonly cancelled: boolean;
}

/** Objective of a fully evaluated candidate from its full-horizon trials (weighted over scenarios, mean over seeds). */
export function objectiveOf(plan: LoadedPlan, candidate: number, trials: ReadonlyMap<string, TrialOutcome>): { readonly value: number; readonly cost: number } | null {
  let cost = 0;
  let units = 0;
  for (const [s, sc] of plan.scenarios.entries()) {
    let c = 0;
    let u = 0;
    for (let k = 0; k < plan.seeds.length; k++) {
      const o = trials.get(trialKey({ candidate, scenario: s, seed: k, horizon: 1 }));
      if (!o) return null;
      c += o.cost;
      u += plan.spec.objective === "costPer1MTokens" ? o.tokens / 1e6 : o.requests / 1e3;
    }
    cost += (sc.weight * c) / plan.seeds.length;
    units += (sc.weight * u) / plan.seeds.length;
  }
  if (plan.spec.objective === "cost") return { value: cost, cost };
  return { value: units > 0 ? cost / units : Infinity, cost };
}

/** Family key: the values of the non-monotone axes. */
export const familyKey = (plan: LoadedPlan, coords: readonly number[]): string => plan.axes.map((a, i) => (a.monotone === null ? coords[i] : "*")).join(",");

/** Candidate indices of a shard: whole families, dealt round-robin in order of their first candidate. */
export function shardCandidates(plan: LoadedPlan, shard: { readonly index: number; readonly count: number } | undefined): number[] {
  const out: number[] = [];
  const ordinal = new Map<string, number>();
  for (let i = 0; i < plan.candidates; i++) {
    const key = familyKey(plan, coordsOf(plan.axes, i));
    if (!ordinal.has(key)) ordinal.set(key, ordinal.size);
    if (!shard || ordinal.get(key)! % shard.count === shard.index) out.push(i);
  }
  return out;
}

const isFailing = (c: CandidateState): boolean => c.status === "failed" || c.status === "dropped" || c.status === "implied-fail" || (c.status === "pruned" && c.pruneKind === "capacity");

/** Seconds to at most one decimal (a shortened run's last window ends at an odd time). */
const seconds1 = (v: number): string => String(Math.round(v * 10) / 10);

/** Describes the largest miss of a set, e.g. `peak.yaml seed 1/0: chat ttft.p99 3.2 > 2 (+60%)`. */
export function describeMiss(m: PlacedMiss): string {
  const who = m.service ? `${m.service} ` : "";
  const at = `${m.scenario} seed ${m.seed}${m.horizon < 1 ? ` (${Math.round(m.horizon * 100)}% of the run)` : ""}`;
  if (m.target === null) return `${at}: ${who}${m.objective}${m.detail ? `: ${m.detail}` : ""}`;
  const seconds = /latency|ttft|tpot/.test(m.objective);
  const show = (v: number) => (seconds ? (v < 1 ? `${(v * 1000).toPrecision(3)}ms` : `${v.toPrecision(3)}s`) : v.toPrecision(3));
  const actual = m.actual === null ? "no data" : show(m.actual);
  const by = m.actual !== null && m.target > 0 ? ` (+${Math.round((m.actual / m.target - 1) * 100)}%)` : "";
  const win = m.window ? ` in [${seconds1(m.window[0])}s, ${seconds1(m.window[1])}s]` : "";
  return `${at}: ${who}${m.objective}${win} ${actual} > ${show(m.target)}${by}${m.detail ? ` (${m.detail})` : ""}`;
}

const severity = (m: Miss): number => (m.target === null ? Infinity : m.actual === null ? Infinity : m.target > 0 ? m.actual / m.target : Infinity);

export async function search(plan: LoadedPlan, evaluator: Evaluator, options: SearchOptions): Promise<SearchState> {
  const auto = plan.spec.search.strategy === "auto";
  const trials = new Map<string, TrialOutcome>();
  let simulations = 0;
  let cancelled = false;
  const candidates = await screenAll(plan, shardCandidates(plan, options.shard), evaluator, options.loadsOf);
  const primary = plan.axes.findIndex((a) => a.monotone !== null);
  const monotoneAxes = plan.axes.flatMap((a, i) => (a.monotone !== null ? [i] : []));

  const families = new Map<string, CandidateState[]>();
  for (const c of candidates) {
    const key = familyKey(plan, c.coords);
    if (!families.has(key)) families.set(key, []);
    families.get(key)!.push(c);
  }
  // Computed once: progress reports group the unresolved candidates by line after every batch of trials.
  const lineKeys = new Map(candidates.map((c) => [c, primary < 0 ? String(c.index) : c.coords.map((v, i) => (i === primary ? "*" : v)).join(",")]));
  const lineKey = (c: CandidateState) => lineKeys.get(c)!;
  /** Lines whose first probe (their most capacity within the cost bound) has run. */
  const probed = new Set<string>();

  const progress = () => {
    const unresolved = candidates.filter((c) => c.status === "pending");
    const lines = new Map<string, number>();
    for (const c of unresolved) lines.set(lineKey(c), (lines.get(lineKey(c)) ?? 0) + 1);
    const perCandidate = plan.scenarios.length * (plan.seeds.length + (auto ? plan.spec.search.stages.reduce((n, s) => n + Math.min(s.seeds, plan.seeds.length), 0) : 0));
    let probes = 0;
    for (const n of lines.values()) probes += auto && primary >= 0 ? bisectionDepth(n) : n;
    options.onProgress?.({
      candidates: candidates.length,
      resolved: candidates.length - unresolved.length,
      pruned: candidates.filter((c) => c.status === "pruned").length,
      simulations,
      remainingEstimate: probes * perCandidate,
    });
  };

  const runTrials = async (specs: TrialSpec[]): Promise<(TrialOutcome | null)[]> => {
    const missing = specs.filter((t) => !trials.has(trialKey(t)));
    if (missing.length > 0) {
      const outcomes = await evaluator.run(missing);
      outcomes.forEach((o, i) => {
        if (o === null) return;
        trials.set(trialKey(missing[i]!), o);
        simulations++;
      });
      progress();
    }
    return specs.map((t) => trials.get(trialKey(t)) ?? null);
  };

  const evaluate = async (c: CandidateState): Promise<void> => {
    // The full evaluation runs the first seed, then the others only if it passed: a failure needs no more seeds.
    const full = auto && plan.seeds.length > 1 ? [{ horizon: 1, seeds: 1, from: 0 }, { horizon: 1, seeds: plan.seeds.length, from: 1 }] : [{ horizon: 1, seeds: plan.seeds.length, from: 0 }];
    const stages = auto ? [...plan.spec.search.stages.map((s) => ({ ...s, from: 0 })), ...full] : full;
    for (const [k, stage] of stages.entries()) {
      const final = stage.horizon >= 1;
      const specs: TrialSpec[] = [];
      for (let s = 0; s < plan.scenarios.length; s++) for (let seed = stage.from; seed < Math.min(stage.seeds, plan.seeds.length); seed++) specs.push({ candidate: c.index, scenario: s, seed, horizon: stage.horizon });
      const outcomes = await runTrials(specs);
      if (outcomes.some((o) => o === null)) return void (cancelled = true);
      const placed = specs.flatMap((t, i) => outcomes[i]!.misses.map((m) => ({ ...m, scenario: plan.scenarios[t.scenario]!.file, seed: plan.seeds[t.seed]!, horizon: t.horizon })));
      placed.sort((a, b) => severity(b) - severity(a));
      c.misses = placed.slice(0, 5);
      c.stages = k + 1;
      const first = placed[0];
      const invalid = outcomes.find((o) => o!.status === "invalid");
      if (invalid) return settle(c, "invalid", invalid.misses.map((m) => m.detail ?? "").join("; "));
      if (outcomes.some((o) => o!.status === "error")) return settle(c, "error", first ? describeMiss(first) : "error");
      if (!final) {
        const loser = outcomes.find((o) => !o!.pass && (o!.status !== "completed" || o!.worst > 1 + plan.spec.search.margin));
        if (loser) return settle(c, "dropped", `raced out: ${first ? describeMiss(first) : ""}`);
        continue;
      }
      if (!outcomes.every((o) => o!.pass)) return settle(c, "failed", first ? describeMiss(first) : "failed");
      if (k === stages.length - 1) return settle(c, "passed", null);
    }
  };

  progress();
  const pending = () => candidates.filter((c) => c.status === "pending");
  if (!auto) {
    const batch = pending();
    await Promise.all(batch.map(evaluate));
  } else {
    for (;;) {
      implications(families, monotoneAxes);
      costBound(plan, candidates, trials);
      if (options.shouldCancel?.()) {
        cancelled = true;
        break;
      }
      const probes = pickProbes(pending(), lineKey, primary, plan.spec.search.batch, probed);
      for (const p of probes) probed.add(lineKey(p));
      if (probes.length === 0) break;
      await Promise.all(probes.map(evaluate));
      if (cancelled) break;
    }
  }
  progress();
  return { candidates, trials, cancelled };
}

/** Probes a bisection takes over n pending candidates: ⌈log2(n + 1)⌉, without Math.log2. */
const bisectionDepth = (n: number): number => {
  let d = 0;
  for (let reach = 1; reach < n + 1; reach *= 2) d++;
  return d;
};

function settle(c: CandidateState, status: CandidateStatus, reason: string | null): void {
  c.status = status;
  c.reason = reason;
}

/**
 * A candidate before any simulation: invalid, analytically pruned (auto search only), or pending
 * with its cost bound. A pure function of the plan and the index, so any worker may compute it.
 */
export function screenCandidate(plan: LoadedPlan, index: number, loadsOf: SearchOptions["loadsOf"]): Screened {
  const auto = plan.spec.search.strategy === "auto";
  const verdict = (status: Screened["status"], pruneKind: PruneKind | null, reason: string | null, bound: number): Screened => ({ status, pruneKind, reason, bound });
  let bound = 0;
  for (const [s, sc] of plan.scenarios.entries()) {
    const built = trialScenario(plan, index, s, 1);
    if ("problems" in built) return verdict("invalid", "invalid", `${sc.file}: ${built.problems.join("; ")}`, 0);
    if (!auto) continue;
    const why = pruneScenario(built.scenario, loadsOf(s, built.scenario), plan.spec.constraints);
    if (why) return verdict("pruned", why.kind, `${why.kind}: ${sc.file}: ${why.message}`, 0);
    bound += sc.weight * costLowerBound(built.scenario);
  }
  return verdict("pending", null, null, plan.spec.objective === "cost" ? bound : 0);
}

/** Screens every candidate, through the evaluator when it can (in chunks, in parallel), else here. */
async function screenAll(plan: LoadedPlan, indices: readonly number[], evaluator: Evaluator, loadsOf: SearchOptions["loadsOf"]): Promise<CandidateState[]> {
  const chunks: number[][] = [];
  for (let i = 0; i < indices.length; i += SCREEN_CHUNK) chunks.push(indices.slice(i, i + SCREEN_CHUNK));
  const remote = evaluator.screen?.bind(evaluator);
  const verdicts = remote ? (await Promise.all(chunks.map((c) => remote(c)))).flat() : [];
  return indices.map((index, k) => {
    const v = verdicts[k] ?? screenCandidate(plan, index, loadsOf);
    return { index, coords: coordsOf(plan.axes, index), status: v.status, pruneKind: v.pruneKind, reason: v.reason, misses: [], stages: 0, bound: v.bound };
  });
}

/** Settles, within each family, what monotonicity implies from the candidates already decided. */
function implications(families: ReadonlyMap<string, CandidateState[]>, monotone: readonly number[]): void {
  if (monotone.length === 0) return;
  const le = (a: CandidateState, b: CandidateState) => monotone.every((i) => a.coords[i]! <= b.coords[i]!);
  for (const members of families.values()) {
    const passing = members.filter((c) => c.status === "passed");
    const failing = members.filter((c) => isFailing(c) && c.status !== "implied-fail");
    for (const c of members) {
      if (c.status !== "pending") continue;
      const up = passing.find((p) => le(p, c));
      if (up) {
        settle(c, "implied-pass", `passes by monotonicity: at least the capacity of ${candidateId(up.index)}, which passed`);
        continue;
      }
      const down = failing.find((f) => le(c, f));
      if (down) settle(c, "implied-fail", `fails by monotonicity: at most the capacity of ${candidateId(down.index)}, which ${down.status === "pruned" ? "was pruned (capacity)" : down.status}`);
    }
  }
}

/** Prunes pending candidates whose objective bound exceeds the best feasible one by more than the slack. */
function costBound(plan: LoadedPlan, candidates: readonly CandidateState[], trials: ReadonlyMap<string, TrialOutcome>): void {
  let best: { value: number; index: number } | null = null;
  for (const c of candidates) {
    if (c.status !== "passed") continue;
    const o = objectiveOf(plan, c.index, trials);
    if (o && (best === null || o.value < best.value)) best = { value: o.value, index: c.index };
  }
  if (best === null) return;
  const limit = best.value * (1 + plan.spec.search.costSlack);
  // Without slack, a candidate that can at best tie the best one loses the tie when it comes later.
  const losesTie = (c: CandidateState) => plan.spec.search.costSlack === 0 && c.bound >= limit * (1 - 1e-9) && c.index > best!.index;
  for (const c of candidates) {
    if (c.status === "pending" && (c.bound > limit * (1 + 1e-9) || losesTie(c))) {
      c.status = "pruned";
      c.pruneKind = "cost-bound";
      c.reason = `cost-bound: costs at least $${c.bound.toFixed(2)}, ${losesTie(c) ? "no less than" : "above"} ${plan.spec.search.costSlack > 0 ? `${1 + plan.spec.search.costSlack} × ` : ""}the best feasible $${best.value.toFixed(2)} (${candidateId(best.index)})`;
    }
  }
}

/**
 * One probe per line along the primary monotone axis (every pending candidate is a line of its
 * own without such an axis): first the line's most capacity still within the cost bound — if it
 * fails, monotonicity fails the whole line in one probe — then the middle of what is still
 * pending (bisection). Lines go cheapest first
 * (by the lowest bound of their pending candidates), at most `batch` per round, so that a good
 * feasible cost is known early and the cost bound prunes the expensive lines before they run.
 */
function pickProbes(pending: readonly CandidateState[], lineKey: (c: CandidateState) => string, primary: number, batch: number, probed: ReadonlySet<string>): CandidateState[] {
  const lines = new Map<string, CandidateState[]>();
  for (const c of pending) {
    const key = lineKey(c);
    if (!lines.has(key)) lines.set(key, []);
    lines.get(key)!.push(c);
  }
  const picks: { probe: CandidateState; bound: number; first: number }[] = [];
  for (const [key, line] of lines) {
    if (primary >= 0) line.sort((a, b) => a.coords[primary]! - b.coords[primary]!);
    picks.push({ probe: probed.has(key) ? line[Math.floor((line.length - 1) / 2)]! : line.at(-1)!, bound: Math.min(...line.map((c) => c.bound)), first: Math.min(...line.map((c) => c.index)) });
  }
  picks.sort((a, b) => a.bound - b.bound || a.first - b.first);
  return picks.slice(0, batch).map((p) => p.probe);
}

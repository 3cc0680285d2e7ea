/**
 * One trial: a candidate's scenario on one seed, over a share of its measured time, simulated
 * and reduced to what the search needs (pass or the constraints missed, the SLO tails, cost,
 * tokens). Plain data in and out, so trials run in any worker; the seed comes from the plan,
 * the candidate and the seed index, never from which worker runs it or when.
 */
import type { Scenario } from "../scenario/index.js";
import { createSimulation, runScenarioAsync } from "../sim/index.js";
import type { PreparedTraffic, Results, TraceIo } from "../sim/index.js";
import { doomed } from "./early-stop.js";
import type { Miss } from "./early-stop.js";
import { serviceLoads } from "./load-profile.js";
import type { LoadedPlan } from "./load.js";
import { buildScenario, candidateId, coordsOf } from "./space.js";

export type { Miss } from "./early-stop.js";

/** Which run: candidate (index), scenario (index in the plan), seed (index), horizon (share of the measured time, 1 = whole). */
export interface TrialSpec {
  readonly candidate: number;
  readonly scenario: number;
  readonly seed: number;
  readonly horizon: number;
}

export const trialKey = (t: TrialSpec): string => `${t.candidate}/${t.scenario}/${t.seed}/${t.horizon}`;

export interface TrialOutcome {
  /** `completed`: ran to its end; `stopped`: ended early once a constraint could no longer be met; `halted` by the simulation; `invalid` candidate; `error` (a crash). */
  readonly status: "completed" | "stopped" | "halted" | "invalid" | "error";
  readonly pass: boolean;
  readonly misses: readonly Miss[];
  /** Largest actual ÷ target over the constraints (Infinity when one has no data): how far from passing. */
  readonly worst: number;
  /** SLO objective (`chat ttft.p99`) → observed value over the whole run. */
  readonly tails: Readonly<Record<string, number | null>>;
  readonly cost: number;
  /** Prompt plus output tokens, and requests, of the measured completions. */
  readonly tokens: number;
  readonly requests: number;
  readonly peakNodes: number;
  readonly simulatedSeconds: number;
  readonly events: number;
}

/** What a trial needs from its runtime: trace files and a cache of what was read from them. */
export interface TrialEnv {
  /** Reads the files of the plan's scenario `index` (absent: the scenarios read none). */
  readonly io?: (index: number) => TraceIo | undefined;
  /** Prepared traffic of a scenario, cached by the caller; absent: runs prepare their own. */
  readonly prepare?: (index: number, scenario: Scenario) => Promise<PreparedTraffic | undefined>;
}

/** The seed a trial runs on: the plan's seed `index`, and with independent seeds the candidate too. */
export function trialSeed(plan: LoadedPlan, candidate: number, index: number): string | number {
  const base = plan.seeds[index]!;
  return plan.spec.search.seedMode === "common" ? base : `${base}/${candidateId(candidate)}`;
}

type Built = ReturnType<typeof buildScenario>;

/** Built scenarios kept per plan: a candidate is screened, then raced and fully run on each scenario, often in the same worker. */
const builtCache = new WeakMap<LoadedPlan, Map<string, Built>>();
/** Entries kept per plan (built scenarios are frozen and shared; a few kB each). */
const BUILT_KEPT = 256;

function built(plan: LoadedPlan, candidate: number, scenario: number): Built {
  let cache = builtCache.get(plan);
  if (cache === undefined) builtCache.set(plan, (cache = new Map()));
  const key = `${candidate}/${scenario}`;
  let hit = cache.get(key);
  if (hit === undefined) {
    const s = plan.scenarios[scenario]!;
    hit = buildScenario(s.raw, s.file, plan.axes, coordsOf(plan.axes, candidate), plan.links);
    cache.set(key, hit);
    if (cache.size > BUILT_KEPT) cache.delete(cache.keys().next().value!);
  }
  return hit;
}

/** The candidate's scenario for a trial's horizon, or the problems that make it invalid. */
export function trialScenario(plan: LoadedPlan, candidate: number, scenario: number, horizon: number): { readonly scenario: Scenario } | { readonly problems: readonly string[] } {
  const b = built(plan, candidate, scenario);
  if (!b.ok) return { problems: b.problems };
  const sc = b.scenario;
  return { scenario: horizon >= 1 ? sc : { ...sc, duration: sc.warmup + (sc.duration - sc.warmup) * horizon } };
}

const failed = (status: TrialOutcome["status"], misses: Miss[]): TrialOutcome => ({ status, pass: false, misses, worst: Infinity, tails: {}, cost: 0, tokens: 0, requests: 0, peakNodes: 0, simulatedSeconds: 0, events: 0 });

export const invalidOutcome = (problems: readonly string[]): TrialOutcome => failed("invalid", problems.map((p) => ({ service: null, objective: "invalid", target: null, actual: null, detail: p })));
export const errorOutcome = (message: string): TrialOutcome => failed("error", [{ service: null, objective: "error", target: null, actual: null, detail: message }]);

/** Events between checks for early stopping and progress. */
const CHUNK_EVENTS = 1 << 13;
/** Early-stopping checks per run (at equal shares of the measured time). */
const CHECKS = 10;

/** Runs a trial; `onProgress` gets the simulated time now and then (a worker's heartbeat). */
export async function evaluateTrial(plan: LoadedPlan, trial: TrialSpec, env: TrialEnv = {}, onProgress?: (simulatedTime: number) => void): Promise<TrialOutcome> {
  const built = trialScenario(plan, trial.candidate, trial.scenario, trial.horizon);
  if ("problems" in built) return invalidOutcome(built.problems);
  const sc = built.scenario;
  const seed = trialSeed(plan, trial.candidate, trial.seed);
  const io = env.io?.(trial.scenario);
  const prepared = io && env.prepare ? await env.prepare(trial.scenario, sc) : undefined;
  // A trace too large to keep in memory streams through the async runner (no early stopping then).
  const streams = prepared !== undefined && [...prepared.values()].some((e) => e.scan !== undefined && e.scan.table === null);
  if (io && (prepared === undefined || streams)) {
    const r = await runScenarioAsync(sc, { io, seed, detail: false, chunkEvents: CHUNK_EVENTS, ...(onProgress ? { onProgress: (p: { simulatedTime: number }) => onProgress(p.simulatedTime) } : {}) });
    return outcomeOf(plan, sc, r, null, trial.horizon >= 1);
  }
  // Trials need verdicts, costs and counts, never the charts' detail series.
  const sim = createSimulation(sc, { seed, detail: false, ...(prepared ? { prepared } : {}) });
  const loads = plan.spec.search.earlyStop ? serviceLoads(sc, prepared) : null;
  const step = (sc.duration - sc.warmup) / CHECKS;
  let nextCheck = sc.warmup + step;
  for (;;) {
    if (sim.advance(CHUNK_EVENTS)) return outcomeOf(plan, sc, sim.results(), null, trial.horizon >= 1);
    const now = sim.progress().simulatedTime;
    onProgress?.(now);
    if (loads !== null && now >= nextCheck) {
      while (nextCheck <= now) nextCheck += step;
      const partial = sim.results(true);
      const miss = doomed(partial, sc, loads, plan.spec.constraints);
      if (miss !== null) return outcomeOf(plan, sc, partial, miss, trial.horizon >= 1);
    }
  }
}

/** Peak over the sampled times of Σ pools nodes × weight(pool). */
function peakOf(r: Results, weight: (pool: string) => number): number {
  const pools = Object.entries(r.autoscaling.series.pools);
  const n = r.autoscaling.series.t.length;
  let peak = 0;
  for (let k = 0; k < n; k++) {
    let v = 0;
    for (const [name, cols] of pools) v += cols.nodes[k]! * weight(name);
    peak = Math.max(peak, v);
  }
  return peak;
}

const ratio = (actual: number | null, target: number): number => (actual === null ? Infinity : target > 0 ? actual / target : actual > 0 ? Infinity : 0);

/** Reduces results to an outcome under the plan's constraints; `stopped` names the miss that ended the run early. */
export function outcomeOf(plan: LoadedPlan, sc: Scenario, r: Results, stopped: Miss | null, full = true): TrialOutcome {
  const c = plan.spec.constraints;
  const misses: Miss[] = [];
  let worst = 0;
  const tails: Record<string, number | null> = {};
  for (const v of r.slo.verdicts) {
    tails[`${v.service} ${v.objective}`] = v.actual;
    if (!c.slo) continue;
    worst = Math.max(worst, ratio(v.actual, v.target));
    if (v.status !== "pass") misses.push({ service: v.service, objective: v.objective, target: v.target, actual: v.actual });
  }
  if (c.sloWindows) {
    const worstByObjective = new Map<string, Miss>();
    for (const w of r.sloWindows.windows) {
      for (const v of w.verdicts) {
        if (v.status !== "fail") continue;
        worst = Math.max(worst, ratio(v.actual, v.target));
        const key = `${v.service} ${v.objective}`;
        const prev = worstByObjective.get(key);
        if (!prev || (v.actual ?? Infinity) > (prev.actual ?? Infinity)) worstByObjective.set(key, { service: v.service, objective: `window ${v.objective}`, target: v.target, actual: v.actual, window: [w.start, w.end] });
      }
    }
    misses.push(...worstByObjective.values());
  }
  // A shortened (screening) run ends with a larger share of its requests still in flight: only definite refusals count there.
  for (const s of r.services) {
    const a = s.requests.arrived;
    const left = s.requests.rejected + s.requests.failed + s.requests.timedOut + (full ? s.requests.inFlight : 0);
    const unserved = a > 0 ? left / a : 0;
    worst = Math.max(worst, ratio(unserved, c.maxUnserved));
    if (unserved > c.maxUnserved) misses.push({ service: s.name, objective: "unserved", target: c.maxUnserved, actual: unserved });
  }
  const priceOf = new Map(r.cost.pools.map((p) => [p.pool, p.pricePerHour]));
  const gpuOf = new Map(sc.cluster.nodePools.map((p) => [p.name, p.gpu]));
  const peakNodes = peakOf(r, () => 1);
  const extra = (objective: string, target: number | undefined, actual: number) => {
    if (target === undefined) return;
    worst = Math.max(worst, ratio(actual, target));
    if (actual > target) misses.push({ service: null, objective, target, actual });
  };
  extra("maxNodes", c.maxNodes, peakNodes);
  extra("budgetPerHour", c.budgetPerHour, peakOf(r, (p) => priceOf.get(p) ?? 0));
  for (const [type, limit] of Object.entries(c.maxGpus ?? {})) extra(`maxGpus.${type}`, limit, peakOf(r, (p) => (gpuOf.get(p)?.type === type ? gpuOf.get(p)!.count : 0)));
  if (r.status === "halted") misses.unshift({ service: null, objective: "halted", target: null, actual: null, detail: r.haltReason ?? "" });
  if (stopped) misses.unshift(stopped);
  const status = stopped ? "stopped" : r.status === "halted" ? "halted" : "completed";
  return {
    status,
    pass: misses.length === 0 && status === "completed",
    misses,
    worst: status === "completed" ? worst : Infinity,
    tails,
    cost: r.cost.total,
    tokens: r.services.reduce((n, s) => n + (s.tokens ? s.tokens.input + s.tokens.output : 0), 0),
    requests: r.services.reduce((n, s) => n + s.requests.completed, 0),
    peakNodes,
    simulatedSeconds: r.simulatedTime,
    events: r.events,
  };
}

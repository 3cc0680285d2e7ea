/**
 * The planner's entry: `plan(source, options)` loads a plan with its scenarios, searches it with
 * the given evaluator (a worker pool, or trials run here one after another) and returns its
 * results as plain JSON. Traces are read through the caller's TraceIo, so it runs in Node, in a
 * browser and in workers alike.
 */
import type { Scenario, ScenarioIssue } from "../scenario/index.js";
import { prepareTraffic } from "../sim/index.js";
import type { PreparedTraffic, TraceIo } from "../sim/index.js";
import { serviceLoads } from "./load-profile.js";
import type { ServiceLoad } from "./load-profile.js";
import { loadPlan } from "./load.js";
import type { LoadedPlan, PlanSource } from "./load.js";
import { planResults } from "./results.js";
import type { PlanResults } from "./results.js";
import { ruleOfThumb } from "./rule-of-thumb.js";
import { search } from "./search.js";
import type { Evaluator, SearchProgress } from "./search.js";
import { evaluateTrial } from "./trial.js";
import type { TrialEnv } from "./trial.js";

export interface PlanOptions {
  /** Runs the trials; default: one after another in this thread. */
  readonly evaluator?: Evaluator;
  /** Reads the trace files of the plan's scenario `index` (relative to that scenario file). */
  readonly io?: (index: number) => TraceIo | undefined;
  /** Evaluate one slice of the candidates (whole families), `index` of `count`. */
  readonly shard?: { readonly index: number; readonly count: number };
  readonly onProgress?: (p: SearchProgress) => void;
  /** Asked between rounds; true ends the search with the results so far (status `partial`). */
  readonly shouldCancel?: () => boolean;
}

const trafficKey = (index: number, sc: Scenario): string => `${index}:${JSON.stringify(sc.services.map((s) => s.traffic))}`;

/** Prepared traffic per scenario, read once per distinct traffic and kept (a few entries: traffic rarely varies). */
export function preparedCache(io: ((index: number) => TraceIo | undefined) | undefined, capacity = 8): NonNullable<TrialEnv["prepare"]> {
  const cache = new Map<string, Promise<PreparedTraffic | undefined>>();
  return (index, sc) => {
    const key = trafficKey(index, sc);
    let hit = cache.get(key);
    if (hit === undefined) {
      const reader = io?.(index);
      hit = reader ? prepareTraffic(sc, reader) : Promise.resolve(undefined);
      cache.set(key, hit);
      if (cache.size > capacity) cache.delete(cache.keys().next().value!);
    }
    return hit;
  };
}

/** Trials run one after another in this thread (tests, small plans, environments without workers). */
export function localEvaluator(plan: LoadedPlan, io?: (index: number) => TraceIo | undefined): Evaluator {
  const env: TrialEnv = { ...(io ? { io } : {}), prepare: preparedCache(io) };
  return {
    async run(trials) {
      const out = [];
      for (const t of trials) out.push(await evaluateTrial(plan, t, env));
      return out;
    },
  };
}

/** Loads of each scenario as the plan states it, from traffic prepared once; candidates with other traffic get theirs without files. */
export async function loadsFor(plan: LoadedPlan, io: PlanOptions["io"], prepare: NonNullable<TrialEnv["prepare"]> = preparedCache(io)): Promise<(index: number, sc: Scenario) => readonly ServiceLoad[]> {
  const prepared = await Promise.all(plan.scenarios.map((s, i) => (io?.(i) ? prepare(i, s.base) : undefined)));
  const baseKeys = plan.scenarios.map((s, i) => trafficKey(i, s.base));
  const memo = new Map<string, readonly ServiceLoad[]>();
  return (index, sc) => {
    const key = `${trafficKey(index, sc)}|${sc.duration}|${sc.warmup}`;
    let loads = memo.get(key);
    if (loads === undefined) {
      loads = serviceLoads(sc, trafficKey(index, sc) === baseKeys[index] ? prepared[index] : undefined);
      memo.set(key, loads);
    }
    return loads;
  };
}

/** Searches a loaded plan. Trace errors (a file missing, a bad line) reject with the simulation's TraceError. */
export async function runPlan(plan: LoadedPlan, options: PlanOptions = {}): Promise<PlanResults> {
  const loadsOf = await loadsFor(plan, options.io);
  const evaluator = options.evaluator ?? localEvaluator(plan, options.io);
  // Screening, where the evaluator does it, uses the evaluator's own loads (the same pure function of the plan).
  const state = await search(plan, evaluator, {
    loadsOf,
    ...(options.shard ? { shard: options.shard } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.shouldCancel ? { shouldCancel: options.shouldCancel } : {}),
  });
  const draft = planResults(plan, state, options.shard, []);
  return draft.winner === null ? draft : { ...draft, ruleOfThumb: ruleOfThumb(plan, draft.winner.index, loadsOf) };
}

export type PlanReply = { readonly ok: true; readonly results: PlanResults } | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

/** Loads and searches a plan: bad plans come back as located issues, never as exceptions. */
export async function plan(source: PlanSource, options: PlanOptions = {}): Promise<PlanReply> {
  const loaded = loadPlan(source);
  if (!loaded.ok) return loaded;
  return { ok: true, results: await runPlan(loaded.plan, options) };
}

/**
 * The planner worker's API, shared by the Node thread and the browser worker: the plan is
 * loaded once, trials run one at a time in this one module instance (its caches of prepared
 * traffic kept from run to run), beats are throttled to a few a second.
 */
import { errorOutcome, evaluateTrial, loadPlan, loadsFor, preparedCache, screenCandidate, trialKey } from "../src/planner/index.js";
import type { LoadedPlan, TrialEnv } from "../src/planner/index.js";
import type { TraceIo } from "../src/sim/index.js";
import type { PlannerBeat, PlannerSetup, PlannerWorkerApi } from "./planner-protocol.js";

const BEAT_INTERVAL_MS = 250;
/** Run timings kept for stats (the most recent). */
const KEPT_RUNS = 10_000;

export interface PlannerHooks {
  /** Ends the worker at once (fault injection: Node's process.exit in a thread, close() in a Web Worker). */
  readonly exit: () => void;
}

export function createPlannerApi(ioAt: (base: string) => TraceIo, hooks: PlannerHooks): PlannerWorkerApi {
  let plan: LoadedPlan | undefined;
  let env: TrialEnv = {};
  /** Loads of the plan's scenarios for screening, prepared on the first request (from the trials' own cache of traffic). */
  let loads: ReturnType<typeof loadsFor> | undefined;
  let setup: PlannerSetup | undefined;
  let beat: ((b: PlannerBeat) => void) | undefined;
  const events: number[] = [];
  const millis: number[] = [];
  let runs = 0;
  return {
    async init(s, onBeat) {
      const loaded = loadPlan(s.source);
      if (!loaded.ok) return loaded;
      plan = loaded.plan;
      setup = s;
      beat = onBeat;
      const io = (i: number) => (plan!.scenarios[i] && s.traceBases[i] !== undefined ? ioAt(s.traceBases[i]!) : undefined);
      env = { io, prepare: preparedCache(io) };
      return { ok: true, hash: plan.hash };
    },
    async evaluate(trial) {
      if (!plan) throw new Error("planner worker: evaluate before init");
      if (setup?.faults?.exitOn?.includes(trial.candidate)) hooks.exit();
      // An exit may take effect only after this task (a Web Worker's close()): never answer.
      if (setup?.faults?.exitOn?.includes(trial.candidate) || setup?.faults?.hangOn?.includes(trial.candidate)) await new Promise<never>(() => undefined);
      const key = trialKey(trial);
      let last = -Infinity;
      const t0 = performance.now();
      const onProgress = (simulatedTime: number) => {
        const now = performance.now();
        if (beat === undefined || now - last < BEAT_INTERVAL_MS) return;
        last = now;
        const pending: unknown = beat({ trial: key, simulatedTime });
        if (pending instanceof Promise) pending.catch(() => undefined);
      };
      onProgress(0);
      let outcome;
      try {
        outcome = await evaluateTrial(plan, trial, env, onProgress);
      } catch (e) {
        outcome = errorOutcome(e instanceof Error ? e.message : String(e));
      }
      runs++;
      events.push(outcome.events);
      millis.push(performance.now() - t0);
      if (events.length > KEPT_RUNS) {
        events.shift();
        millis.shift();
      }
      return outcome;
    },
    async screen(candidates) {
      if (!plan) throw new Error("planner worker: screen before init");
      if (candidates.some((c) => setup?.faults?.exitOnScreen?.includes(c))) {
        hooks.exit();
        await new Promise<never>(() => undefined);
      }
      const p = plan;
      loads ??= loadsFor(p, env.io, env.prepare);
      const loadsOf = await loads;
      return candidates.map((index) => screenCandidate(p, index, loadsOf));
    },
    stats: async () => ({ runs, events: [...events], millis: [...millis] }),
  };
}

/**
 * The planner in a browser: a pool of Web Workers running planner.worker.ts (the pool and
 * protocol Node's threads use), and `startBrowserPlan()`, which searches a plan with it (from
 * plan-search.worker.ts, so that loading, pruning and the decisions between rounds stay off the
 * page's thread). Scenario files named by a plan resolve against the plan's path among the files
 * the page bundles; their trace files resolve as URLs against the scenario's folder.
 */
import { releaseProxy, wrap } from "comlink";
import { config } from "zod";
import { candidateScenarioText, loadPlan, planResultsToJson, runPlan, scenarioFilesOf } from "../src/planner/index.js";
import type { PlanResults, PlanSource, ScenarioText, SearchProgress } from "../src/planner/index.js";
import type { ScenarioIssue } from "../src/scenario/index.js";
import { TraceError } from "../src/sim/index.js";
import { browserTraceIo } from "./fetch-traces.js";
import { createPlannerPool } from "./planner-pool.js";
import type { PoolEvent, PoolWorker } from "./planner-pool.js";
import type { PlannerWorkerApi } from "./planner-protocol.js";

export { describeMiss } from "../src/planner/index.js";
export type { CandidateResult, CandidateStatus, LoadedPlan, PlacedMiss, PlanResults, PlanSource, SearchProgress } from "../src/planner/index.js";

/** The page's CSP has no 'unsafe-eval': zod must not compile validators with `new Function` on this thread. */
const noEval = (): void => void config({ jitless: true });

/** Starts one planner Web Worker for the pool. */
export function startPlannerWebWorker(): PoolWorker {
  const worker = new Worker(new URL("./planner.worker.ts", import.meta.url), { type: "module", name: "servesim-planner" });
  const api = wrap<PlannerWorkerApi>(worker);
  const deaths: ((why: string) => void)[] = [];
  let dead: string | undefined;
  worker.addEventListener("error", (e) => {
    dead ??= `crashed${e.message ? `: ${e.message}` : ""}`;
    for (const d of deaths.splice(0)) d(dead);
  });
  return {
    api,
    onDeath(callback) {
      if (dead !== undefined) callback(dead);
      else deaths.push(callback);
    },
    async terminate() {
      api[releaseProxy]();
      worker.terminate();
    },
  };
}

/** A path inside the page's files (`plans/scenarios/chat-day.yaml`) of a name relative to the file `from`. */
export function resolvePath(from: string, name: string): string {
  return decodeURIComponent(new URL(name, `https://files.invalid/${from}`).pathname.slice(1));
}

/** The folder of a path, with its trailing slash (`plans/scenarios/`). */
const folderOf = (path: string): string => path.slice(0, path.lastIndexOf("/") + 1);

/** The plan's text with the texts of the scenarios it names, looked up (relative to the plan's path) among `files`. */
export function browserPlanSource(file: string, text: string, files: Readonly<Record<string, string>>): PlanSource {
  const scenarios: Record<string, ScenarioText> = {};
  for (const name of scenarioFilesOf(text)) {
    const path = resolvePath(file, name);
    const found = files[path];
    scenarios[name] = found !== undefined ? { text: found } : { error: `${path} is not among the files this page carries (${bundledFolders(files)})` };
  }
  return { file, text, scenarios };
}

const bundledFolders = (files: Readonly<Record<string, string>>): string => [...new Set(Object.keys(files).map(folderOf))].sort().join(", ");

/** The plan's problems (none: it loads), located in its text. */
export function checkPlan(source: PlanSource): readonly ScenarioIssue[] {
  noEval();
  const r = loadPlan(source);
  return r.ok ? [] : r.issues;
}

export interface BrowserPlanOptions {
  /** Web Workers in the pool (the page passes navigator.hardwareConcurrency). */
  readonly workers: number;
  /** The page's base URL: the bundled files and traces sit under it as in the repository. */
  readonly baseUrl: string;
  readonly onProgress?: (p: SearchProgress) => void;
  readonly onEvent?: (e: PoolEvent) => void;
}

export type BrowserPlanReply =
  | { readonly ok: true; readonly results: PlanResults; readonly json: string }
  | { readonly ok: false; readonly issues: readonly ScenarioIssue[]; readonly message: string | null };

export interface BrowserPlan {
  readonly done: Promise<BrowserPlanReply>;
  /** Ends the search: running workers are terminated, and `done` resolves with the results so far (status `partial`). */
  cancel(): void;
  /** Where each of the plan's scenarios resolves (its path among the page's files). */
  readonly scenarioPaths: readonly string[];
  /** Where each scenario's trace files resolve (a URL). */
  readonly traceBases: readonly string[];
  /** A candidate's scenario as YAML (the scenario file with the candidate's values written in). */
  scenarioText(candidate: number, scenario: number): string;
}

/** Loads and searches a plan in a pool of Web Workers; bad plans come back as located issues. */
export function startBrowserPlan(source: PlanSource, options: BrowserPlanOptions): BrowserPlan {
  noEval();
  const loaded = loadPlan(source);
  if (!loaded.ok) {
    const none = () => {
      throw new Error("the plan did not load");
    };
    return { done: Promise.resolve({ ok: false, issues: loaded.issues, message: null }), cancel: () => undefined, scenarioPaths: [], traceBases: [], scenarioText: none };
  }
  const plan = loaded.plan;
  const scenarioPaths = plan.scenarios.map((s) => resolvePath(source.file, s.file));
  const traceBases = scenarioPaths.map((p) => new URL(folderOf(p), options.baseUrl).href);
  const pool = createPlannerPool({ size: Math.max(1, options.workers), start: startPlannerWebWorker, setup: { source, traceBases }, ...(options.onEvent ? { onEvent: options.onEvent } : {}) });
  let cancelled = false;
  const done = (async (): Promise<BrowserPlanReply> => {
    try {
      const results = await runPlan(plan, {
        evaluator: pool,
        io: (i) => browserTraceIo(traceBases[i]!),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        shouldCancel: () => cancelled,
      });
      return { ok: true, results, json: planResultsToJson(results) };
    } catch (e) {
      if (e instanceof TraceError) return { ok: false, issues: [], message: e.message };
      return { ok: false, issues: [], message: `the plan failed: ${e instanceof Error ? e.message : String(e)}` };
    } finally {
      await pool.close();
    }
  })();
  return {
    done,
    scenarioPaths,
    traceBases,
    scenarioText: (candidate, scenario) => candidateScenarioText(plan, candidate, scenario),
    cancel() {
      cancelled = true;
      pool.cancel();
    },
  };
}

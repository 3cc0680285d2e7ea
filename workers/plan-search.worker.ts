/**
 * The browser's plan search, off the page's thread: checks a plan as it is edited, and searches
 * it with a pool of planner Web Workers started from here (nested workers), so that loading a
 * plan, preparing its traffic and pruning its candidates never block the page. One search at a
 * time; `cancel` ends it with the results so far.
 */
import "./zod-jitless.js";
import { expose } from "comlink";
import { checkPlan, startBrowserPlan } from "./planner-browser.js";
import type { BrowserPlan, BrowserPlanReply, PlanSource, SearchProgress } from "./planner-browser.js";
import type { ScenarioIssue } from "../src/scenario/index.js";

export interface PlanSearchReply {
  readonly reply: BrowserPlanReply;
  /** Where each scenario of the plan resolved (a path among the page's files), and its traces (a URL). */
  readonly scenarioPaths: readonly string[];
  readonly traceBases: readonly string[];
}

export interface PlanSearchApi {
  check(source: PlanSource): Promise<readonly ScenarioIssue[]>;
  /** `onProgress` must be wrapped in Comlink's `proxy()`. */
  run(source: PlanSource, options: { readonly workers: number; readonly baseUrl: string }, onProgress?: (p: SearchProgress) => void): Promise<PlanSearchReply>;
  cancel(): Promise<void>;
  /** A candidate's scenario text, of the last plan run. */
  scenarioText(candidate: number, scenario: number): Promise<string>;
}

let current: BrowserPlan | null = null;
let last: BrowserPlan | null = null;

const api: PlanSearchApi = {
  check: async (source) => checkPlan(source),
  async run(source, options, onProgress) {
    current?.cancel();
    const plan = startBrowserPlan(source, { ...options, ...(onProgress ? { onProgress: (p: SearchProgress) => void Promise.resolve(onProgress(p)).catch(() => undefined) } : {}) });
    current = plan;
    last = plan;
    const reply = await plan.done;
    if (current === plan) current = null;
    return { reply, scenarioPaths: plan.scenarioPaths, traceBases: plan.traceBases };
  },
  async cancel() {
    current?.cancel();
  },
  async scenarioText(candidate, scenario) {
    if (!last) throw new Error("no plan has run");
    return last.scenarioText(candidate, scenario);
  },
};

expose(api);

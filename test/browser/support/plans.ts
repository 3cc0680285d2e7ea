/**
 * A plan small enough to search in a browser test in seconds (ten candidates of the quickstart
 * at 285 requests per second, ten simulated minutes: some pruned, some raced out, some passing),
 * and Node's answer for it: the same plan searched in this process, scenario files read from disk.
 */
import { join } from "node:path";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { candidateScenarioText, loadPlan, planResultsToJson, runPlan } from "../../../src/planner/index.js";
import type { PlanResults } from "../../../src/planner/index.js";
import { planSource, traceIoOf } from "../../support/plans.js";
import { pasteInto, root } from "./page.js";

/** Where the page resolves a plan typed into its editor: beside the bundled plans. */
export const PLAN_FILE = join(root, "plans/quickstart-small.yaml");

export const SMALL_PLAN = `apiVersion: servesim/v1
kind: Plan
metadata: { name: quickstart-small }
scenarios: [../scenarios/quickstart.yaml]
vary:
  duration: ["10m"]
  services[classifier].traffic[0].poisson.rate: ["285/s"]
  cluster.nodePools[t4].gpu.type: [t4, l4]
  services[classifier].replicas: 1..5
link:
  - from: services[classifier].replicas
    set: cluster.nodePools[t4].count
`;

export interface NodePlan {
  readonly results: PlanResults;
  readonly json: string;
  /** The winner's scenario (the plan's first), as the page opens it. */
  readonly winnerText: string;
}

/** The plan searched in this process, one trial after another. */
export async function nodePlan(text: string): Promise<NodePlan> {
  const loaded = loadPlan(planSource(PLAN_FILE, text));
  if (!loaded.ok) throw new Error(loaded.issues.map((i) => `${i.line}:${i.column} ${i.message}`).join("\n"));
  const results = await runPlan(loaded.plan, { io: traceIoOf(PLAN_FILE, loaded.plan) });
  if (!results.winner) throw new Error("the small plan has no winner");
  return { results, json: planResultsToJson(results), winnerText: candidateScenarioText(loaded.plan, results.winner.index, 0) };
}

export const planStatus = async (page: Page): Promise<string> => (await page.getByTestId("plan-status").textContent())?.trim() ?? "";

/** Opens the Plan view and replaces its editor's text as a person would (select all, paste). */
export async function setPlanText(page: Page, text: string): Promise<void> {
  await page.locator('[data-tab="plan"]').click();
  const editor = page.getByTestId("plan-editor");
  await editor.waitFor({ timeout: 30_000 });
  await pasteInto(page, editor, text);
}

/** Runs the plan in the editor to its end; returns the final status. */
export async function planToEnd(page: Page): Promise<string> {
  await page.getByTestId("plan-run").click();
  await expect.poll(() => planStatus(page), { timeout: 120_000, interval: 100 }).toMatch(/^(done|cancelled|error)$/);
  return planStatus(page);
}

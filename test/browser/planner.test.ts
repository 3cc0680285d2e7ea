/**
 * The planner in the browser: Vite builds a test page that runs workers/planner.worker.ts in a
 * pool of Web Workers (the pool and protocol the Node threads use); in the system's headless
 * Chromium, a small plan gives byte for byte the results Node computes in-process.
 */
import { join } from "node:path";
import { chromium } from "playwright-core";
import type { Browser } from "playwright-core";
import { build, preview } from "vite";
import type { PreviewServer } from "vite";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { planResultsToJson, runPlan } from "../../src/planner/index.js";
import type { PlanSource } from "../../src/planner/index.js";
import { classifierPlan, loadPlanFile, planSource, repoRoot } from "../support/plans.js";

const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const outDir = join(repoRoot, "dist/planner-test");
/** A slice of the classifier plan: one GPU type, two concurrencies, eight replica counts. */
const small = (text: string) => text.replace("[t4, l4]", "[t4]").replace("[1, 2, 4]", "[2, 4]");

let server: PreviewServer | undefined;
let browser: Browser | undefined;
let url: string;

beforeAll(async () => {
  const nodeEnv = process.env["NODE_ENV"];
  process.env["NODE_ENV"] = "production";
  try {
    await build({ root: join(repoRoot, "test/browser/planner"), configFile: join(repoRoot, "vite.config.ts"), logLevel: "warn", base: "./", build: { outDir, emptyOutDir: true } });
  } finally {
    if (nodeEnv === undefined) delete process.env["NODE_ENV"];
    else process.env["NODE_ENV"] = nodeEnv;
  }
  server = await preview({ root: join(repoRoot, "test/browser/planner"), configFile: join(repoRoot, "vite.config.ts"), logLevel: "warn", build: { outDir }, preview: { host: "127.0.0.1", port: 0, strictPort: true } });
  url = server.resolvedUrls?.local[0] ?? "";
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("the planner in Web Workers", () => {
  test("a pool of two Web Workers gives the results Node computes, byte for byte", async () => {
    const source: PlanSource = planSource(classifierPlan, small(planSource(classifierPlan).text));
    const expected = planResultsToJson(await runPlan(loadPlanFile(classifierPlan, small)));
    const page = await browser!.newPage();
    const problems: string[] = [];
    const workers: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("worker", (w) => workers.push(w.url()));
    await page.goto(url);
    const text = await page.evaluate(async (s) => (window as unknown as { runPlanInWorkers: (s: unknown, n: number) => Promise<string> }).runPlanInWorkers(s, 2), source);
    expect(problems).toEqual([]);
    expect(workers.length).toBeGreaterThanOrEqual(2);
    expect(text).toBe(expected);
    expect(JSON.parse(text)).toMatchObject({ status: "complete", winner: { status: "passed" } });
  });
});

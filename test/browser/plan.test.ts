/**
 * The Plan view: a small plan searched in the page's pool of Web Workers gives the results Node
 * gives (byte for byte, as downloaded), shows the Pareto scatter and why each candidate lost,
 * and its winner opens as a run with Node's digest and exports as manifests; Cancel stops the
 * workers and leaves the page answering; the view fits 1280×800 and 1920×1080, light and dark.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { nodeDigest } from "./support/node-runs.js";
import { digestOf, launch, openApp, pageText, ranToEnd, screenshot, settled, SHOTS } from "./support/page.js";
import { nodePlan, planStatus, planToEnd, setPlanText, SMALL_PLAN } from "./support/plans.js";
import type { NodePlan } from "./support/plans.js";

let browser: Browser;
let expected: NodePlan;

beforeAll(async () => {
  browser = await launch();
  expected = await nodePlan(SMALL_PLAN);
});
afterAll(async () => {
  await browser?.close();
});

describe("the Plan view", () => {
  test("a small plan runs in a pool of Web Workers with Node's results, shows why each candidate lost, and its winner opens as a run with Node's digest", async () => {
    const { page, problems, workers, close } = await openApp(browser);
    try {
      await settled(page);
      await setPlanText(page, SMALL_PLAN);
      const cores = await page.evaluate(() => navigator.hardwareConcurrency);
      expect(Number(await page.getByTestId("plan-workers").inputValue())).toBe(Math.min(32, cores));
      // The main thread's long tasks while the plan runs (the search between rounds runs here), for the record.
      await page.evaluate(() => {
        const tasks: number[] = [];
        (window as unknown as { __planTasks: number[] }).__planTasks = tasks;
        new PerformanceObserver((list) => list.getEntries().forEach((e) => tasks.push(Math.round(e.duration)))).observe({ type: "longtask" });
      });
      expect(await planToEnd(page)).toBe("done");
      const longTasks = await page.evaluate(() => (window as unknown as { __planTasks: number[] }).__planTasks);
      writeFileSync(join(SHOTS, "plan-long-tasks.json"), `${JSON.stringify({ longTasksMs: longTasks }, null, 2)}\n`);
      expect(workers.filter((w) => w.includes("planner.worker")).length).toBe(Math.min(32, cores));

      // The winner and the whole results file, byte for byte.
      const winner = expected.results.winner!;
      expect(await page.getByTestId("plan-winner").getAttribute("data-candidate")).toBe(winner.id);
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-plan").click()]);
      expect(readFileSync((await download.path())!, "utf8")).toBe(expected.json);

      // Why each candidate lost, in the planner's words.
      const rows = page.getByTestId("candidates").locator("tbody tr[data-candidate]");
      expect(await rows.count()).toBe(expected.results.candidates.length);
      const why = async (status: string) => page.getByTestId("candidates").locator(`tr.why-row[data-status="${status}"] td.why`).first().textContent();
      expect(await rows.first().getAttribute("data-candidate")).toBe(winner.id);
      expect(await why("pruned")).toMatch(/^pruned, capacity: \.\.\/scenarios\/quickstart\.yaml: service classifier: at most 100\/s from 1 replica\(s\)/);
      expect(await why("dropped")).toMatch(/^raced out: \.\.\/scenarios\/quickstart\.yaml seed 1\/0 \(25% of the run\): classifier latency\.p99 \d+ms > 250ms \(\+\d+%\)/);
      expect(await page.getByTestId("candidates").locator(`tr[data-why-of="${winner.id}"] td.why`).textContent()).toMatch(/^winner: passed every constraint/);
      const other = expected.results.candidates.find((c) => c.status === "passed" && c.index !== winner.index)!;
      expect(await page.getByTestId("candidates").locator(`tr[data-why-of="${other.id}"] td.why`).textContent()).toMatch(/^passed, costs \$\d+\.\d\d \(\+\d+% over the winner\)/);

      // The scatter: one point per fully simulated candidate, one tab stop, names, arrow keys, details on focus.
      const points = page.locator('ss-plan-scatter g.pt');
      const full = expected.results.candidates.filter((c) => c.objective !== null);
      expect(await points.count()).toBe(full.length);
      expect(await page.locator('ss-plan-scatter g.pt[tabindex="0"]').count()).toBe(1);
      const focused = page.locator('ss-plan-scatter g.pt[tabindex="0"]');
      expect(await focused.getAttribute("aria-label")).toMatch(new RegExp(`^${winner.id} \\(winner\\): .*passed; cost \\$\\d+\\.\\d\\d; classifier latency\\.p99 \\d+ ms$`));
      await focused.focus();
      await page.keyboard.press("ArrowRight");
      const next = await page.evaluate(() => {
        let el: Element | null = document.activeElement;
        while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
        return el?.getAttribute("data-candidate") ?? null;
      });
      expect(next).not.toBe(winner.id);
      expect(await page.getByTestId("scatter-tooltip").textContent()).toContain(next!);
      await page.keyboard.press("Enter");
      expect(await page.locator(`ss-candidate-table tr[data-candidate="${next}"]`).getAttribute("aria-current")).toBe("true");
      await screenshot(page, "plan-results");

      // The winner as a run: its scenario in the editor, run, with Node's digest.
      await page.getByTestId("open-winner").click();
      expect(await ranToEnd(page)).toBe("done");
      expect(await pageText(page)).toBe(expected.winnerText);
      expect(await digestOf(page)).toBe(await nodeDigest(expected.winnerText));
      await screenshot(page, "plan-winner-run");

      // Its manifests through the export view, every validation layer passing.
      await page.locator('[data-tab="plan"]').click();
      await page.getByTestId("export-winner").click();
      expect(await ranToEnd(page)).toBe("done");
      const layers = page.getByTestId("layers").locator("li");
      await layers.first().waitFor({ timeout: 30_000 });
      expect(await layers.evaluateAll((ls) => ls.map((l) => l.querySelector("span")?.textContent))).toEqual(["✓ pass", "✓ pass", "✓ pass", "✓ pass"]);
      expect(await page.locator('details[data-object="Deployment/classifier"] pre').textContent()).toContain(`replicas: ${String(winner.values["services[classifier].replicas"])}`);
      await screenshot(page, "plan-winner-export");
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  test("Cancel ends the search, terminates its workers, keeps the results so far, and leaves the page answering", async () => {
    const { page, problems, close } = await openApp(browser);
    try {
      await settled(page);
      const planners: { closed: boolean }[] = [];
      page.on("worker", (w) => {
        if (!w.url().includes("planner.worker")) return;
        const entry = { closed: false };
        planners.push(entry);
        w.on("close", () => (entry.closed = true));
      });
      // The bundled quickstart plan: a few hundred thousand requests per trial, long enough to cancel midway.
      await page.locator('[data-tab="plan"]').click();
      await page.getByTestId("plan-editor").waitFor({ timeout: 30_000 });
      await page.getByTestId("plan-run").click();
      await expect.poll(() => planStatus(page), { interval: 50 }).toBe("running");
      await expect.poll(() => planners.length, { timeout: 30_000 }).toBeGreaterThan(0);
      await page.waitForTimeout(1500);
      await page.getByTestId("plan-cancel").click();
      await expect.poll(() => planStatus(page), { timeout: 10_000, interval: 50 }).toBe("cancelled");
      await expect.poll(() => planners.every((w) => w.closed), { timeout: 10_000 }).toBe(true);
      expect(await page.getByTestId("plan-counts").textContent()).toMatch(/^Cancelled: the results so far\./);
      await screenshot(page, "plan-cancelled");
      // The page still answers: a tab switch and a run of the scenario.
      const answered = await page.evaluate(() => new Promise<number>((resolve) => {
        const t0 = performance.now();
        setTimeout(() => resolve(performance.now() - t0), 0);
      }));
      expect(answered).toBeLessThan(500);
      await page.locator('[data-tab="summary"]').click();
      await page.getByTestId("run").click();
      expect(await ranToEnd(page)).toBe("done");
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  test("a plan naming a scenario the page does not carry gets the problem at its line, and Plan reports it without starting workers", async () => {
    const { page, problems, workers, close } = await openApp(browser);
    try {
      await settled(page);
      await setPlanText(page, SMALL_PLAN.replace("[../scenarios/quickstart.yaml]", "[../scenarios/no-such.yaml]"));
      const issues = page.getByTestId("plan-issues").locator("li");
      await expect.poll(() => issues.allTextContents(), { timeout: 30_000 }).toEqual([
        "4:13 scenarios[0]: cannot read scenario ../scenarios/no-such.yaml: scenarios/no-such.yaml is not among the files this page carries (plans/scenarios/, scenarios/)",
      ]);
      expect(await planToEnd(page)).toBe("error");
      expect(await page.getByTestId("plan-error").textContent()).toBe("The plan has problems (listed under the editor).");
      expect(workers.filter((w) => w.includes("planner.worker"))).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  test("at 1280×800 and 1920×1080, light and dark, the Plan view with results fits the page", async () => {
    const { page, problems, close } = await openApp(browser);
    try {
      await settled(page);
      await setPlanText(page, SMALL_PLAN);
      expect(await planToEnd(page)).toBe("done");
      for (const [width, height] of [[1280, 800], [1920, 1080]] as const) {
        for (const theme of ["light", "dark"] as const) {
          await page.setViewportSize({ width, height });
          await page.emulateMedia({ colorScheme: theme });
          await page.waitForTimeout(300);
          const overflow = await page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth));
          expect({ width, theme, overflow }).toEqual({ width, theme, overflow: 0 });
          await screenshot(page, `plan-${width}x${height}-${theme}`);
        }
      }
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});

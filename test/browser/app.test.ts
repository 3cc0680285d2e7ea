/**
 * The app on open: the quickstart runs in a Web Worker, every chart is drawn with the series
 * the results hold, the digest is Node's, the built page keeps a strict CSP, the bundle fits its
 * budget, and the layout holds at 1280×800 and 1920×1080 in light and dark themes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { BUDGET_BYTES, bundleSizes } from "../../scripts/bundle-size.mjs";
import { formatLatency, formatSeconds } from "../../src/cli/table.js";
import { parseScenario } from "../../src/scenario/index.js";
import { runScenario } from "../../src/sim/index.js";
import { chartsDrawn, digestOf, launch, openApp, ranToEnd, root, screenshot, settled } from "./support/page.js";
import { nodeDigest } from "./support/node-runs.js";

const quickstart = readFileSync(join(root, "scenarios/quickstart.yaml"), "utf8");
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** Paths, rules, legend items and marks drawn in one chart. */
async function chartCounts(page: Page, chart: string) {
  const fig = page.locator(`ss-charts-view figure[data-chart="${chart}"]`);
  return {
    series: await fig.locator("path[data-series]").count(),
    rules: await fig.locator("g.rule").count(),
    legend: await fig.locator(".legend li").count(),
  };
}

describe("the browser app on open", () => {
  test("runs the quickstart in a Web Worker, draws every chart with one line per series, and shows the digest Node computes", async () => {
    const { page, problems, workers, close } = await openApp(browser);
    try {
      expect(await settled(page)).toBe("done");
      // The simulation's worker, and the tools worker that checks the scenario in the editor.
      expect(workers.map((w) => /assets\/(\w+)\.worker-/.exec(w)?.[1]).sort()).toEqual(["sim", "tools"]);
      await chartsDrawn(page);
      // One classic service, one pool of three nodes, three pods: the series the results hold.
      expect(await chartCounts(page, "load")).toEqual({ series: 2, rules: 0, legend: 2 });
      expect(await chartCounts(page, "latency")).toEqual({ series: 2, rules: 2, legend: 4 });
      expect(await chartCounts(page, "replicas")).toEqual({ series: 3, rules: 0, legend: 3 });
      expect(await chartCounts(page, "nodes")).toEqual({ series: 3, rules: 0, legend: 3 });
      expect(await chartCounts(page, "queues")).toEqual({ series: 1, rules: 0, legend: 1 });
      expect(await page.locator('figure[data-chart="ttft"]').count()).toBe(0);
      expect(await page.locator('figure[data-chart="gpu"] text[data-node]').allTextContents()).toEqual(["t4-0", "t4-1", "t4-2"]);
      expect(await page.locator('figure[data-chart="cold-start"] g.row').count()).toBe(3);
      expect(await page.locator('figure[data-chart="timeline"] g.ev[data-lane="placement"]').count()).toBe(3);
      // Every drawn line has path data (not an empty path for a column it could not read).
      for (const d of await page.locator("path[data-series]").evaluateAll((ps) => ps.map((p) => p.getAttribute("d") ?? ""))) expect(d).toMatch(/^M[\d.]+,[\d.]+L/);
      await screenshot(page, "open-quickstart-charts");
      expect(await digestOf(page)).toBe(await nodeDigest(quickstart));
      expect(await page.getByTestId("seed").textContent()).toBe("42");
      await screenshot(page, "open-quickstart-summary");
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  test("the summary shows what the CLI prints, with durations for TTFT/TPOT targets and node-hours to two decimals", async () => {
    const text = readFileSync(join(root, "scenarios/flash-crowd-llm.yaml"), "utf8");
    const parsed = parseScenario(text);
    if (!parsed.ok) throw new Error("the bundled scenario should parse");
    const r = runScenario(parsed.scenario);
    // The page puts a space before units; otherwise it prints what the CLI prints.
    const cli = (s: number | null) => formatLatency(s).replace(/(\d)([µm]?s)$/, "$1 $2");
    const bare = (t: string | null) => (t ?? "").replace(/\s/g, "");
    const { page, problems, close } = await openApp(browser);
    try {
      await settled(page);
      await page.getByRole("tab", { name: "Scenarios" }).click();
      await page.locator('[data-scenario="scenarios/flash-crowd-llm.yaml"]').click();
      expect(await ranToEnd(page)).toBe("done");
      await page.getByRole("tab", { name: /^Summary/ }).click();
      const slo = page.getByTestId("slo-table");
      const ttft = r.slo.verdicts.find((v) => v.objective === "ttft.p99")!;
      // The TTFT target reads as a duration (it once read "200.0 %"), the reject-rate target as a share.
      expect(await slo.locator("tr", { hasText: "ttft.p99" }).locator("td").allTextContents()).toEqual(["ttft.p99", cli(ttft.target), cli(ttft.actual), ttft.status]);
      expect(cli(ttft.target)).toBe("2 s");
      expect(await slo.locator("tr", { hasText: "rejectRate" }).locator("td").nth(1).textContent()).toBe("1 %");
      const pool = r.cost.pools[0]!;
      expect(pool.nodeHours).toBeGreaterThan(0);
      expect(await page.getByTestId("cost").textContent()).toContain(`l40s ${pool.nodeHours.toFixed(2)} node-h × $${pool.pricePerHour}/h = $${pool.cost.toFixed(2)}`);
      expect(bare(await page.getByTestId("cost").textContent())).toContain(`average$${r.cost.averagePerHour!.toFixed(2)}/h`);
      const chatCost = r.cost.services[0]!;
      expect(await page.getByTestId("cost-services").locator("tbody td").allTextContents()).toEqual([`$${chatCost.cost.toFixed(2)}`, `$${chatCost.allocated.toFixed(2)}`, `$${Number(chatCost.per1kRequests!.toPrecision(3))}`, `$${Number(chatCost.per1MTokens!.toPrecision(3))}`, `$${chatCost.per1MOutputTokens!.toFixed(2)}`]);
      expect(await page.getByTestId("llm").locator("tbody td").first().textContent()).toBe(cli(r.services[0]!.ttft!.p50));
      const cs = r.services[0]!.coldStart!;
      expect(bare(await page.getByTestId("cold-start").locator("tbody td").nth(1).textContent())).toBe(`${formatSeconds(cs.scheduling.p50)}/${formatSeconds(cs.scheduling.p99)}`);
      const windows = r.sloWindows.windows;
      expect(await page.getByTestId("slo-windows").textContent()).toContain(`${windows.filter((w) => w.pass).length}/${windows.length} pass`);
      await screenshot(page, "summary-flash-crowd");
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  test("the built page has a strict CSP and no inline style or script, and its initial JavaScript fits the budget", async () => {
    const html = readFileSync(join(root, "dist/app/index.html"), "utf8");
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1]?.replace(/&#39;/g, "'") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
    expect(html).not.toMatch(/<style|style=|<script(?![^>]*\bsrc=)/);
    const sizes = bundleSizes(join(root, "dist/app"));
    expect(sizes.initialGzip).toBeLessThanOrEqual(BUDGET_BYTES);
    // The editor, the validators, the Plan view and the workers are not in the initial scripts.
    expect(sizes.initial.map((c) => c.file).join(" ")).not.toMatch(/codemirror|manifest-tools|worker|plan-view/);
    for (const lazy of ["codemirror", "manifest-tools", "sim.worker", "tools.worker", "plan-view", "plan-search.worker", "planner.worker"]) expect(sizes.lazy.some((c) => c.file.includes(lazy))).toBe(true);
  });

  test.each([
    [1280, 800, "light"],
    [1280, 800, "dark"],
    [1920, 1080, "light"],
    [1920, 1080, "dark"],
  ] as const)("at %i×%i in the %s theme nothing overflows the page sideways", async (width, height, theme) => {
    const { page, problems, close } = await openApp(browser, { viewport: { width, height }, colorScheme: theme });
    try {
      expect(await settled(page)).toBe("done");
      await chartsDrawn(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(bg).toBe(theme === "dark" ? "rgb(20, 22, 26)" : "rgb(255, 255, 255)");
      await screenshot(page, `layout-${width}x${height}-${theme}-charts`);
      await page.getByRole("tab", { name: /^Summary/ }).click();
      await screenshot(page, `layout-${width}x${height}-${theme}-summary`);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  test("the preview server answers 404 for a missing file instead of the page", async () => {
    const missing = await fetch(new URL("traces/no-such-trace.csv", inject("appUrl")));
    expect(missing.status).toBe(404);
    const page = await fetch(inject("appUrl"));
    expect(page.status).toBe(200);
  });
});

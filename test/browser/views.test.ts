/**
 * The views over a run: the scheduler inspector, the comparison of two runs, and the export of
 * manifests (downloaded as a zip that the real `servesim lint` accepts), lint and import.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { figuresOf } from "../../src/manifests/index.js";
import { parseScenario } from "../../src/scenario/index.js";
import { runScenario } from "../../src/sim/index.js";
import { launch, openApp, pageText, pickScenario, ranToEnd, root, screenshot, setEditorText, settled } from "./support/page.js";

const quickstart = readFileSync(join(root, "scenarios/quickstart.yaml"), "utf8");
const tmp = mkdtempSync(join(tmpdir(), "servesim-browser-"));
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("the scheduler inspector", () => {
  test("on gpu-pending it shows the Pending pod's Insufficient nvidia.com/gpu on every node, and scores for a scored decision", async () => {
    const { page, problems, close } = await openApp(browser);
    try {
      await settled(page);
      await pickScenario(page, "scenarios/gpu-pending.yaml");
      expect(await ranToEnd(page)).toBe("done");
      await page.getByRole("tab", { name: /^Scheduler/ }).click();
      expect(await page.getByTestId("pending-pod").textContent()).toContain("embedder-2");
      expect(await page.getByTestId("pending-pod").textContent()).toContain("0/2 nodes are available: 2 Insufficient nvidia.com/gpu.");
      // It opens on the Pending pod's latest decision: each node rejected by NodeResourcesFit.
      expect(await page.getByTestId("decision-title").textContent()).toMatch(/^Pod embedder-2, attempt \d+ at .*: unschedulable$/);
      const rows = page.getByTestId("inspector").locator("tbody tr");
      expect(await rows.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute("data-node"), tr.querySelector("td")?.textContent]))).toEqual([
        ["l4-0", "NodeResourcesFit: Insufficient nvidia.com/gpu"],
        ["l4-1", "NodeResourcesFit: Insufficient nvidia.com/gpu"],
      ]);
      await screenshot(page, "inspector-gpu-pending");
      // The first decision was scored: every Score plugin's normalised (raw) score and the chosen node.
      await page.getByTestId("decision").selectOption({ index: 0 });
      expect(await page.getByTestId("decision-title").textContent()).toMatch(/^Pod embedder-0, attempt 1 at 0, profile default-scheduler: bound to l4-\d$/);
      const head = await page.getByTestId("inspector").locator("thead th").allTextContents();
      expect(head.slice(0, 2)).toEqual(["node", "Filter"]);
      expect(head).toContain("NodeResourcesFit×1");
      expect(head.at(-1)).toBe("total");
      const chosen = page.getByTestId("inspector").locator('tr[aria-current="true"]');
      expect(await chosen.count()).toBe(1);
      expect(await chosen.locator("td").nth(1).textContent()).toMatch(/^\d+ \(\d+(\.\d+)?\)$/);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe("comparing runs", () => {
  test("two runs side by side: the table gives A, B and B − A, and the charts overlay both runs", async () => {
    const { page, problems, close } = await openApp(browser);
    try {
      await settled(page);
      await setEditorText(page, quickstart.replace("    replicas: 3\n", "    replicas: 2\n").replace("      count: 3\n", "      count: 2\n"));
      await page.getByTestId("run").click();
      expect(await ranToEnd(page)).toBe("done");
      await page.getByRole("tab", { name: /^Compare/ }).click();
      const table = page.getByTestId("compare-table");
      const cost = table.locator('tr[data-figure="run/cost"] td');
      // A is the newest run (two T4 nodes), B the quickstart as opened (three).
      const parse = (s: string | null) => Number((s ?? "").replace(/[^\d.]/g, ""));
      const [a, b, diff] = (await cost.allTextContents()).map(parse);
      expect(a).toBeLessThan(b!);
      expect(diff).toBeCloseTo(b! - a!, 2);
      expect(await table.locator('tr[data-figure="run/peak nodes"] td').allTextContents()).toEqual(["2", "3", "+1", "▲ 50.0 %"]);
      const load = page.locator('ss-run-compare figure[data-chart="load"]');
      await load.waitFor();
      expect(await load.locator("path[data-series]").count()).toBe(4);
      expect(await load.locator("path.faint[data-series]").count()).toBe(2);
      await screenshot(page, "compare");
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe("the export view", () => {
  test("exports the run's manifests with simulated figures, all four layers passing, as a zip the servesim binary lints clean", async () => {
    const { page, problems, close } = await openApp(browser);
    try {
      await settled(page);
      await page.getByRole("tab", { name: "Export" }).click();
      const layers = page.getByTestId("layers").locator("li");
      await layers.first().waitFor({ timeout: 30_000 });
      expect(await layers.evaluateAll((ls) => ls.map((l) => [l.getAttribute("data-layer"), l.querySelector("span")?.textContent]))).toEqual([
        ["yaml", "✓ pass"],
        ["schema", "✓ pass"],
        ["allowed-values", "✓ pass"],
        ["semantic", "✓ pass"],
      ]);
      const deployment = page.locator('details[data-object="Deployment/classifier"] pre');
      const parsed = parseScenario(quickstart);
      if (!parsed.ok) throw new Error("quickstart should parse");
      const r = runScenario(parsed.scenario);
      expect(await deployment.textContent()).toContain(`simulated: ${figuresOf(r).services[0]!.throughput.toFixed(1)} req/s completed`);
      await screenshot(page, "export");
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-zip").click()]);
      const zip = join(tmp, "manifests.zip");
      await download.saveAs(zip);
      const lint = spawnSync(process.execPath, [join(root, "bin/servesim.js"), "lint", zip], { cwd: root, encoding: "utf8" });
      expect(lint.stdout).toMatch(/^\d+ documents, 0 errors\n$/);
      expect(lint.status).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  test("pasted manifests are linted through the same layers, and importing them loads a scenario into the editor", async () => {
    const { page, problems, close } = await openApp(browser);
    try {
      await settled(page);
      await page.getByRole("tab", { name: "Export" }).click();
      await page.getByTestId("layers").waitFor({ timeout: 30_000 });
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-yaml").click()]);
      const file = join(tmp, "manifests.yaml");
      await download.saveAs(file);
      const yaml = readFileSync(file, "utf8");
      const broken = yaml.replace(/replicas: 3/, "replicas: three");
      await page.getByTestId("manifests-input").fill(broken);
      await page.getByTestId("lint").click();
      expect(await page.getByTestId("lint-result").textContent()).toMatch(/^\d+ documents, [1-9]\d* errors?$/);
      expect(await page.locator("ss-export-view .issues").textContent()).toContain("Deployment/classifier spec.replicas");
      await page.getByTestId("manifests-input").fill(yaml);
      await page.getByTestId("lint").click();
      await expect.poll(() => page.getByTestId("lint-result").textContent()).toMatch(/^\d+ documents, 0 errors$/);
      await page.getByTestId("import").click();
      expect(await page.getByTestId("import-result").textContent()).toBe("Imported into the editor.");
      // The export carried its scenario (provenance ConfigMap): the import gives it back.
      expect(await pageText(page)).toBe(quickstart);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});

/**
 * Editing a scenario in the page: problems at their line and column as you type, knobs that
 * rewrite the YAML and change the result, a shareable link that reproduces a run, files opened
 * or dropped on the page (traces streamed from the File), and missing or wrong trace files.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { formatPath, parseScenario } from "../../src/scenario/index.js";
import { resultsToJson, runScenarioAsync } from "../../src/sim/index.js";
import { fileTraceIo } from "../../workers/file-traces.js";
import { digestOf, launch, openApp, pageText, ranToEnd, root, screenshot, setEditorText, settled } from "./support/page.js";
import { nodeDigest, sha256 } from "./support/node-runs.js";

const quickstart = readFileSync(join(root, "scenarios/quickstart.yaml"), "utf8");
const azure = readFileSync(join(root, "scenarios/azure-conv-trace.yaml"), "utf8");
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** Drops files on the page as a drag from the desktop would. */
async function dropFiles(page: Page, files: { name: string; text: string; type: string }[]): Promise<void> {
  const data = await page.evaluateHandle((fs) => {
    const dt = new DataTransfer();
    for (const f of fs) dt.items.add(new File([f.text], f.name, { type: f.type }));
    return dt;
  }, files);
  await page.dispatchEvent("ss-app", "dragover", { dataTransfer: data });
  await page.dispatchEvent("ss-app", "drop", { dataTransfer: data });
}

describe("the scenario editor", () => {
  test("an edit that breaks the scenario shows the problem at its line and column, inline as you type and after Run", async () => {
    const { page, problems, close } = await openApp(browser);
    try {
      await settled(page);
      const bad = quickstart.replace("      concurrency: 4\n", "      concurrency: 4\n      concurrencyy: 8\n");
      const badLine = bad.split("\n").findIndex((l) => l.includes("concurrencyy")) + 1;
      const parsed = parseScenario(bad, { file: "<editor>" });
      if (parsed.ok) throw new Error("the edited scenario should not parse");
      const expected = parsed.issues.map((i) => `${i.line}:${i.column} ${formatPath(i.path)}: ${i.message}`);
      expect(expected[0]).toMatch(new RegExp(`^${badLine}:7 services\\[0\\]\\.model\\.concurrencyy: unknown field "concurrencyy"`));
      await setEditorText(page, bad);
      // The live check, before any run.
      await expect.poll(() => page.getByTestId("issues").locator("li").allTextContents()).toEqual(expected);
      const marked = page.locator(".cm-lintRange-error");
      await marked.first().waitFor();
      expect(await marked.first().textContent()).toBe("concurrencyy");
      const lineOfMark = await marked.first().evaluate((el) => {
        const line = el.closest(".cm-line");
        return line ? [...line.parentElement!.children].indexOf(line) + 1 : -1;
      });
      expect(lineOfMark).toBe(badLine);
      expect(await page.locator(".cm-gutter-lint .cm-lint-marker-error").count()).toBeGreaterThan(0);
      await screenshot(page, "editor-issue-inline");
      await page.getByTestId("run").click();
      expect(await settled(page)).toBe("error");
      expect(await page.getByTestId("issues").locator("li").allTextContents()).toEqual(expected);
      expect(await page.getByTestId("error").textContent()).not.toMatch(/\bat \S+ \(|Error:|\.js:\d+/);
      // Clicking a problem puts the cursor on its line.
      await page.getByTestId("issues").locator("button").first().click();
      expect(await page.locator(".cm-activeLine").first().textContent()).toBe("      concurrencyy: 8");
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  test("a knob changes the YAML, comments kept, and running it changes the result to Node's for the new text", async () => {
    const { page, problems, close } = await openApp(browser);
    try {
      await settled(page);
      const before = await digestOf(page);
      await page.getByRole("tab", { name: "Knobs" }).click();
      await page.locator('[data-knob="replicas-0"]').fill("2");
      await page.locator('[data-knob="replicas-0"]').press("Tab");
      await page.locator('[data-knob="gpu-type-0"]').selectOption("l4");
      await screenshot(page, "knobs");
      const text = await pageText(page);
      expect(text).toBe(quickstart.replace("gpu: { type: t4, count: 1 }", "gpu: { type: l4, count: 1 }").replace("    replicas: 3\n", "    replicas: 2\n"));
      await page.getByRole("tab", { name: "YAML" }).click();
      // The editor takes a document changed while it was hidden in a task of its own once it shows.
      await expect.poll(() => page.locator(".cm-content").textContent(), { timeout: 5000 }).toContain("gpu: { type: l4, count: 1 }");
      await page.getByTestId("run").click();
      expect(await ranToEnd(page)).toBe("done");
      const after = await digestOf(page);
      expect(after).not.toBe(before);
      expect(after).toBe(await nodeDigest(text));
      expect(await page.getByTestId("services").locator("tbody td").first().textContent()).toBe("2/2");
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  test("a shareable link carries the scenario: opening it reproduces the run's digest", async () => {
    const first = await openApp(browser);
    let hash: string;
    let digest: string;
    try {
      await settled(first.page);
      await first.page.getByRole("tab", { name: "Knobs" }).click();
      await first.page.locator('[data-knob="seed"]').fill("7");
      await first.page.locator('[data-knob="seed"]').press("Enter");
      await first.page.getByTestId("run").click();
      expect(await ranToEnd(first.page)).toBe("done");
      digest = await digestOf(first.page);
      await first.page.getByTestId("share").click();
      hash = new URL(first.page.url()).hash;
      expect(hash).toMatch(/^#s=[\w-]+$/);
      expect(first.problems).toEqual([]);
    } finally {
      await first.close();
    }
    const second = await openApp(browser, { hash });
    try {
      expect(await settled(second.page)).toBe("done");
      expect(await digestOf(second.page)).toBe(digest);
      expect(await second.page.getByTestId("seed").textContent()).toBe("7");
      expect(digest).toBe(await nodeDigest(quickstart.replace("seed: 42", "seed: 7")));
      expect(second.problems).toEqual([]);
    } finally {
      await second.close();
    }
  });

  test("a trace dropped on the page is streamed from the File by the worker, with the digest Node computes from the same file", async () => {
    // A small Azure-format trace: a scenario naming any path ending in local-trace.csv replays it.
    const rows = Array.from({ length: 400 }, (_, i) => `2023-11-16 18:${String(15 + Math.floor(i / 60)).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}.${String((i * 37) % 1000).padStart(3, "0")}0000,${200 + ((i * 53) % 900)},${20 + ((i * 17) % 300)}`);
    const csv = `TIMESTAMP,ContextTokens,GeneratedTokens\n${rows.join("\n")}\n`;
    const dir = mkdtempSync(join(tmpdir(), "servesim-drop-"));
    writeFileSync(join(dir, "local-trace.csv"), csv);
    const text = azure.replace("../traces/azure-llm-2023/AzureLLMInferenceTrace_conv.csv", "local-trace.csv").replace(/^duration: .*$/m, "duration: 10m").replace(/^warmup: .*$/m, "warmup: 1m");
    expect(text).toContain("local-trace.csv");
    const parsed = parseScenario(text);
    if (!parsed.ok) throw new Error(parsed.issues.map((i) => i.message).join("; "));
    const expected = sha256(resultsToJson(await runScenarioAsync(parsed.scenario, { io: fileTraceIo(dir) })));

    const { page, problems, close } = await openApp(browser);
    const requests: string[] = [];
    page.on("request", (r) => requests.push(new URL(r.url()).pathname));
    try {
      await settled(page);
      await dropFiles(page, [{ name: "local-trace.csv", text: csv, type: "text/csv" }]);
      expect(await page.getByTestId("traces").textContent()).toContain("local-trace.csv");
      await setEditorText(page, text);
      await page.getByTestId("run").click();
      expect(await ranToEnd(page)).toBe("done");
      expect(await digestOf(page)).toBe(expected);
      expect(requests.filter((p) => p.includes("local-trace"))).toEqual([]);
      // A scenario file dropped on the page opens in the editor.
      await dropFiles(page, [{ name: "mine.yaml", text: quickstart.replace("seed: 42", "seed: 9"), type: "application/yaml" }]);
      // The page reads the dropped File asynchronously before it says so.
      await expect.poll(() => page.getByTestId("notice").textContent(), { timeout: 10_000 }).toContain("Opened mine.yaml");
      expect(await pageText(page)).toBe(quickstart.replace("seed: 42", "seed: 9"));
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  test("a missing trace file is reported as not found, naming the file; a trace of the wrong format names file and line", async () => {
    const { page, problems, close } = await openApp(browser);
    try {
      await settled(page);
      await setEditorText(page, azure.replace("../traces/azure-llm-2023/AzureLLMInferenceTrace_conv.csv", "../traces/nowhere.csv"));
      await page.getByTestId("run").click();
      expect(await ranToEnd(page)).toBe("error");
      expect(await page.getByTestId("issues").locator("li").allTextContents()).toEqual([
        "1:1 (root): ../traces/nowhere.csv: not found (HTTP 404 for /traces/nowhere.csv); drop the file on the page to use a local copy",
      ]);
      await screenshot(page, "editor-missing-trace");
      await setEditorText(page, azure.replace("format: azure }", "format: vidur }"));
      await page.getByTestId("run").click();
      expect(await ranToEnd(page)).toBe("error");
      expect(await page.getByTestId("issues").locator("li").allTextContents()).toEqual([
        '1:1 (root): ../traces/azure-llm-2023/AzureLLMInferenceTrace_conv.csv:1: missing column "arrived_at" (the header has "TIMESTAMP", "ContextTokens", "GeneratedTokens")',
      ]);
      // The browser's console errors are the 404 of the missing file only.
      expect(problems.every((p) => p.includes("404"))).toBe(true);
    } finally {
      await close();
    }
  });

  test("Cancel stops a long run and keeps the page answering; the next run starts a fresh worker", async () => {
    const { page, problems, workers, close } = await openApp(browser);
    try {
      await settled(page);
      const digest = await digestOf(page);
      await setEditorText(page, quickstart.replace(/^duration: 1h$/m, "duration: 10h"));
      await page.getByTestId("run").click();
      await expect.poll(async () => Number(await page.getByTestId("progress").getAttribute("value").catch(() => "0")), { timeout: 60_000 }).toBeGreaterThan(0);
      expect(await page.getByTestId("progress-text").textContent()).toMatch(/of 10h simulated · [\d.]+[KM]? events · [\d.]+ s elapsed/);
      await page.getByTestId("cancel").click();
      expect(await settled(page)).toBe("cancelled");
      await setEditorText(page, quickstart);
      await page.getByTestId("run").click();
      expect(await ranToEnd(page)).toBe("done");
      expect(await digestOf(page)).toBe(digest);
      expect(workers.filter((w) => w.includes("sim.worker"))).toHaveLength(2);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});

/**
 * The browser app end to end, in the system's headless Chromium (never a downloaded browser):
 * Vite builds dist/app with the repo's config, `vite preview` serves it on a free port, and the
 * page runs the bundled quickstart scenario in a Web Worker. The digest it shows must equal the
 * one Node computes for the same scenario.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import type { Browser, Page } from "playwright-core";
import { build, preview } from "vite";
import type { PreviewServer } from "vite";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { formatPath, parseScenario } from "../../src/scenario/index.js";
import { resultsToJson, runScenario, runScenarioAsync } from "../../src/sim/index.js";
import { fileTraceIo } from "../../workers/file-traces.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const configFile = join(root, "vite.config.ts");
const quickstart = readFileSync(join(root, "scenarios/quickstart.yaml"), "utf8");
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

/** The reference: the quickstart parsed and run directly in this Node process. */
function nodeDigest(text: string): string {
  const parsed = parseScenario(text, { file: "scenarios/quickstart.yaml" });
  if (!parsed.ok) throw new Error(`quickstart does not parse: ${parsed.issues.map((i) => i.message).join("; ")}`);
  return sha256(resultsToJson(runScenario(parsed.scenario)));
}

/** A bundled scenario that reads shipped traces, run in Node from the files on disk. */
async function nodeTraceDigest(name: string): Promise<{ text: string; digest: string }> {
  const text = readFileSync(join(root, "scenarios", name), "utf8");
  const parsed = parseScenario(text, { file: "<editor>" });
  if (!parsed.ok) throw new Error(`${name} does not parse: ${parsed.issues.map((i) => i.message).join("; ")}`);
  return { text, digest: sha256(resultsToJson(await runScenarioAsync(parsed.scenario, { io: fileTraceIo(join(root, "scenarios")) }))) };
}

let expected: string;
let server: PreviewServer | undefined;
let browser: Browser | undefined;
let baseUrl: string;

beforeAll(async () => {
  expected = nodeDigest(quickstart);
  // vitest sets NODE_ENV=test, which would make Vite bundle Lit's development build; build what `npm run build:app` builds.
  const nodeEnv = process.env["NODE_ENV"];
  process.env["NODE_ENV"] = "production";
  try {
    await build({ root, configFile, logLevel: "warn" });
  } finally {
    if (nodeEnv === undefined) delete process.env["NODE_ENV"];
    else process.env["NODE_ENV"] = nodeEnv;
  }
  server = await preview({ root, configFile, logLevel: "warn", preview: { host: "127.0.0.1", port: 0, strictPort: true } });
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error("vite preview reported no local URL");
  baseUrl = url;
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface OpenPage {
  readonly page: Page;
  /** Console errors and uncaught exceptions, from the page and its workers. */
  readonly problems: string[];
  /** URLs of the Web Workers the page started. */
  readonly workers: string[];
}

async function openApp(): Promise<OpenPage> {
  if (!browser) throw new Error("no browser");
  const page = await browser.newPage();
  const problems: string[] = [];
  const workers: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("worker", (w) => {
    workers.push(w.url());
    w.on("console", (m) => {
      if (m.type() === "error") problems.push(`worker console: ${m.text()}`);
    });
  });
  await page.goto(baseUrl);
  return { page, problems, workers };
}

const statusOf = async (page: Page): Promise<string> => (await page.getByTestId("status").textContent())?.trim() ?? "";

/** Waits for the current run to end; returns its status, with the error text when it failed. */
async function settled(page: Page): Promise<{ status: string; error: string | null }> {
  await expect.poll(() => statusOf(page), { timeout: 120_000, interval: 100 }).toMatch(/^(done|error)$/);
  const status = await statusOf(page);
  const error = page.getByTestId("error");
  return { status, error: (await error.count()) > 0 ? await error.textContent() : null };
}

/**
 * Runs inside the page, as a task on its main thread: the simulated time of the progress bar when
 * a run is in progress and has got past `after`, else false.
 */
function progressPast(after: number): number | false {
  const app = document.querySelector("ss-app")?.shadowRoot;
  const isRunning = app?.querySelector('[data-testid="status"]')?.textContent?.trim() === "running";
  const simulated = app?.querySelector("progress")?.value ?? 0;
  return isRunning && simulated > after ? simulated : false;
}

describe("the browser app", () => {
  test("opening the page runs the quickstart in a Web Worker and shows the digest Node computes", async () => {
    const { page, problems, workers } = await openApp();
    try {
      expect(await settled(page)).toEqual({ status: "done", error: null });
      expect(workers).toEqual([expect.stringMatching(/\/assets\/sim\.worker-[\w-]+\.js$/)]);
      expect(await page.getByTestId("seed").textContent()).toBe("42");
      const summary = page.getByTestId("summary");
      expect(await summary.getByRole("cell", { name: "classifier" }).count()).toBeGreaterThan(0);
      expect(await summary.getByText("latency.p99").count()).toBe(1);
      expect(problems).toEqual([]);
      // The acceptance check: the same scenario gives byte-identical results in Chromium and in Node.
      expect(await page.getByTestId("digest").textContent()).toBe(expected);
    } finally {
      await page.close();
    }
  });

  test("the simulation leaves the main thread free: the page answers and redraws progress mid-run", async () => {
    const { page, problems, workers } = await openApp();
    try {
      expect(await settled(page)).toEqual({ status: "done", error: null });
      const digestOnOpen = await page.getByTestId("digest").textContent();
      const long = quickstart.replace(/^duration: 1h$/m, "duration: 10h");
      expect(long).not.toBe(quickstart);
      await page.getByTestId("editor").fill(long);
      await page.getByTestId("run").click();
      // Each check is a task on the page's main thread, seeing the run in progress and moving on:
      // with the simulation on that thread, none could run before the 10-hour run had ended.
      const first = await (await page.waitForFunction(progressPast, 0, { timeout: 60_000 })).jsonValue();
      expect(first).toBeGreaterThan(0);
      await page.waitForFunction(progressPast, Number(first), { timeout: 60_000 });

      // Run again mid-run: the busy worker is terminated and a fresh one runs the new scenario.
      await page.getByTestId("editor").fill(quickstart);
      await page.getByTestId("run").click();
      expect(await settled(page)).toEqual({ status: "done", error: null });
      expect(await page.getByTestId("digest").textContent()).toBe(digestOnOpen);
      expect(workers).toHaveLength(2);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  test.each(["azure-conv-trace.yaml", "shopping-festival.yaml"])(
    "the bundled %s streams the shipped traces by URL in the worker and gives the digest Node computes from the files",
    async (name) => {
      const { text, digest } = await nodeTraceDigest(name);
      const { page, problems } = await openApp();
      const traceRequests: string[] = [];
      page.on("request", (r) => {
        if (r.url().includes("/traces/")) traceRequests.push(new URL(r.url()).pathname);
      });
      try {
        await settled(page);
        await page.getByTestId("editor").fill(text);
        await page.getByTestId("run").click();
        expect(await settled(page)).toEqual({ status: "done", error: null });
        expect(await page.getByTestId("digest").textContent()).toBe(digest);
        expect(traceRequests.length).toBeGreaterThan(0);
        expect(traceRequests.every((p) => p.endsWith("/traces/azure-llm-2023/AzureLLMInferenceTrace_conv.csv"))).toBe(true);
        expect(problems).toEqual([]);
      } finally {
        await page.close();
      }
    },
  );

  test("a trace line the reader rejects shows as an issue naming the file and line", async () => {
    const { page, problems } = await openApp();
    try {
      await settled(page);
      const text = readFileSync(join(root, "scenarios", "azure-conv-trace.yaml"), "utf8").replace("format: azure }", "format: vidur }");
      await page.getByTestId("editor").fill(text);
      await page.getByTestId("run").click();
      expect(await settled(page)).toEqual({ status: "error", error: null });
      expect(await page.getByTestId("issues").locator("li").allTextContents()).toEqual([
        '1:1 (root): ../traces/azure-llm-2023/AzureLLMInferenceTrace_conv.csv:1: missing column "arrived_at" (the header has "TIMESTAMP", "ContextTokens", "GeneratedTokens")',
      ]);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  test("an invalid scenario shows its issues inline with line and column, and no stack trace", async () => {
    const { page, problems } = await openApp();
    try {
      await settled(page);
      const bad = quickstart.replace("      concurrency: 4\n", "      concurrency: 4\n      concurrencyy: 8\n");
      const badLine = bad.split("\n").findIndex((l) => l.includes("concurrencyy")) + 1;
      const parsed = parseScenario(bad, { file: "<editor>" });
      if (parsed.ok) throw new Error("the edited scenario should not parse");
      await page.getByTestId("editor").fill(bad);
      await page.getByTestId("run").click();

      expect(await settled(page)).toEqual({ status: "error", error: null });
      const shown = await page.getByTestId("issues").locator("li").allTextContents();
      expect(shown).toEqual(parsed.issues.map((i) => `${i.line}:${i.column} ${formatPath(i.path)}: ${i.message}`));
      expect(shown[0]).toMatch(new RegExp(`^${badLine}:7 services\\[0\\]\\.model\\.concurrencyy: unknown field "concurrencyy"`));
      const text = await page.getByTestId("issues").textContent();
      expect(text).not.toMatch(/\bat \S+ \(|Error:|\.js:\d+/);
      expect(await page.getByTestId("summary").count()).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

/**
 * Driving the built app in the system's headless Chromium (never a downloaded browser): opening
 * it, waiting for runs, editing the scenario, picking from the gallery, and full-page
 * screenshots under test-results/browser/ for a person to look at.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import type { Browser, BrowserContextOptions, Locator, Page } from "playwright-core";
import { expect, inject } from "vitest";
import { decodeScenario } from "../../../src/ui/app/share-url.js";

export const root = fileURLToPath(new URL("../../../", import.meta.url));
export const SHOTS = join(root, "test-results", "browser");
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

export const launch = (): Promise<Browser> => chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });

export interface OpenPage {
  readonly page: Page;
  /** Console errors, uncaught exceptions and CSP violations, from the page and its workers. */
  readonly problems: string[];
  /** URLs of the Web Workers the page started. */
  readonly workers: string[];
  close(): Promise<void>;
}

/** Opens the app (at `hash`, e.g. a share link's) in a fresh context: 1280×800, light, unless told otherwise. */
export async function openApp(browser: Browser, options: BrowserContextOptions & { hash?: string } = {}): Promise<OpenPage> {
  const { hash = "", ...ctxOptions } = options;
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: "light", acceptDownloads: true, ...ctxOptions });
  const page = await context.newPage();
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
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(`${inject("appUrl")}${hash}`);
  return { page, problems, workers, close: () => context.close() };
}

export const statusOf = async (page: Page): Promise<string> => (await page.getByTestId("status").textContent())?.trim() ?? "";

/** Waits for the current run to end (done, error or cancelled); returns the status. */
export async function settled(page: Page, timeout = 120_000): Promise<string> {
  await expect.poll(() => statusOf(page), { timeout, interval: 100 }).toMatch(/^(done|error|cancelled)$/);
  return statusOf(page);
}

/** Waits for a run that has started (after a click) to end. */
export async function ranToEnd(page: Page, timeout = 120_000): Promise<string> {
  await expect.poll(() => statusOf(page), { timeout: 10_000, interval: 20 }).toBe("running").catch(() => undefined);
  return settled(page, timeout);
}

export async function digestOf(page: Page): Promise<string> {
  await page.getByRole("tab", { name: /^Summary/ }).click();
  return (await page.getByTestId("digest").textContent()) ?? "";
}

/** Replaces the editor's text as a person would (select all, paste) and waits for the page to hear of it. */
export async function setEditorText(page: Page, text: string): Promise<void> {
  await page.getByRole("tab", { name: "YAML" }).click();
  const editor = page.getByTestId("editor");
  await editor.waitFor();
  await pasteInto(page, editor, text);
}

/** Selects all of an editor's text and pastes `text` over it, then waits for the page to hear of it. */
export async function pasteInto(page: Page, editor: Locator, text: string): Promise<void> {
  await editor.click();
  await page.keyboard.press("ControlOrMeta+a");
  await editor.evaluate((el, t) => {
    const data = new DataTransfer();
    data.setData("text/plain", t);
    el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
  // An editor tells the page after a quiet 250 ms.
  await page.waitForTimeout(400);
}

export async function pickScenario(page: Page, file: string): Promise<void> {
  // CSS selectors: cheap for the page (a role query walks the accessibility tree on its main thread).
  await page.locator('[data-tab="gallery"]').click();
  await page.locator(`[data-scenario="${file}"]`).click();
}

/** A full-page screenshot under test-results/browser/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** Waits until every chart slot of the visible charts view has been drawn (they are drawn one per task). */
export async function chartsDrawn(page: Page): Promise<void> {
  await page.locator('ss-charts-view figure[data-chart="timeline"]').first().waitFor({ timeout: 30_000 });
}

/** The scenario text the page holds, read back through its share link (as a person sharing it would). */
export async function pageText(page: Page): Promise<string> {
  await page.getByTestId("share").click();
  const decoded = decodeScenario(new URL(page.url()).hash);
  if (!decoded?.ok) throw new Error(`the share link does not decode: ${JSON.stringify(decoded)}`);
  return decoded.text;
}

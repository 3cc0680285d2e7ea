/**
 * The page never blocks: during a long simulated run (and while its charts are drawn) the
 * main thread has no long task (≥ 50 ms, PerformanceObserver "longtask"); and once loaded the
 * app keeps working offline. The measurement is written to test-results/browser/long-tasks.json.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { chartsDrawn, digestOf, launch, openApp, pickScenario, ranToEnd, screenshot, settled, SHOTS } from "./support/page.js";

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

interface Measure {
  longTasks: { start: number; duration: number }[];
  /** Largest gap between two timer callbacks scheduled back to back (how late the page could answer). */
  maxGap: number;
  progressUpdates: number;
}

describe("responsiveness", () => {
  // On a loaded machine the OS may stall the page's one thread for reasons of its own: one retry (a fresh page).
  test("a long run (the shopping festival: millions of events) and the drawing of its charts leave no main-thread task of 50 ms or more", { retry: 1 }, async () => {
    const { page, problems, close } = await openApp(browser);
    try {
      await settled(page);
      await page.evaluate(() => {
        const m: Measure = { longTasks: [], maxGap: 0, progressUpdates: 0 };
        (window as unknown as { __measure: Measure }).__measure = m;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) m.longTasks.push({ start: e.startTime, duration: e.duration });
        }).observe({ type: "longtask" });
        let last = performance.now();
        const tick = () => {
          const now = performance.now();
          m.maxGap = Math.max(m.maxGap, now - last);
          last = now;
          setTimeout(tick, 0);
        };
        setTimeout(tick, 0);
        const bar = document.querySelector("ss-app")?.shadowRoot?.querySelector("ss-run-bar")?.shadowRoot;
        if (bar) new MutationObserver(() => m.progressUpdates++).observe(bar, { subtree: true, characterData: true, childList: true });
      });
      await pickScenario(page, "scenarios/shopping-festival.yaml");
      expect(await ranToEnd(page, 240_000)).toBe("done");
      await page.getByRole("tab", { name: "Charts" }).click();
      await chartsDrawn(page);
      await page.waitForTimeout(500);
      const m = await page.evaluate(() => (window as unknown as { __measure: Measure }).__measure);
      writeFileSync(join(SHOTS, "long-tasks.json"), `${JSON.stringify(m, null, 2)}\n`);
      await screenshot(page, "responsiveness-shopping-festival");
      expect(m.progressUpdates).toBeGreaterThan(10);
      expect(m.longTasks).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe("offline", () => {
  test("once loaded, the app reloads and runs with the network gone (service worker)", async () => {
    const { page, problems, close } = await openApp(browser);
    try {
      await settled(page);
      const digest = await digestOf(page);
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
      // The first load was not controlled; a reload is, and fills nothing new from the network.
      await page.reload();
      await settled(page);
      await page.context().setOffline(true);
      await page.reload();
      expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
      expect(await settled(page)).toBe("done");
      expect(await digestOf(page)).toBe(digest);
      // The editor and the validators are lazy chunks: they load from the cache too.
      await page.getByRole("tab", { name: "YAML" }).click();
      await page.getByTestId("editor").waitFor();
      await page.getByRole("tab", { name: "Export" }).click();
      await page.getByTestId("layers").waitFor({ timeout: 30_000 });
      await screenshot(page, "offline");
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});

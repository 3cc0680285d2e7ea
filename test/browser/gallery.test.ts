/**
 * Every bundled scenario, picked from the gallery and run in the browser, gives the digest Node
 * computes for the same text (traces streamed by URL in the worker, from the files in Node).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { chartsDrawn, digestOf, launch, openApp, pickScenario, ranToEnd, root, screenshot, settled } from "./support/page.js";
import { nodeDigest } from "./support/node-runs.js";

const bundled = readdirSync(join(root, "scenarios")).filter((f) => f.endsWith(".yaml")).sort();
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("the scenario gallery", () => {
  test("lists every bundled scenario with its name, description and tags", async () => {
    const { page, problems, close } = await openApp(browser);
    try {
      await settled(page);
      await page.getByRole("tab", { name: "Scenarios" }).click();
      const cards = page.locator("ss-scenario-gallery button[data-scenario]");
      expect((await cards.evaluateAll((bs) => bs.map((b) => b.getAttribute("data-scenario")))).sort()).toEqual(bundled.map((f) => `scenarios/${f}`));
      for (const f of bundled) {
        const meta = /name: (\S+)\n\s+description: (.+)\n/.exec(readFileSync(join(root, "scenarios", f), "utf8"));
        const card = page.locator(`[data-scenario="scenarios/${f}"]`);
        expect(await card.locator(".name").textContent()).toBe(meta?.[1]);
        expect(await card.locator(".desc").textContent()).toBe(meta?.[2]);
        expect(await card.locator(".tag").count()).toBeGreaterThan(1);
      }
      await screenshot(page, "gallery");
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  test.each(bundled)("%s picked from the gallery runs to the end with the digest Node computes", async (file) => {
    const text = readFileSync(join(root, "scenarios", file), "utf8");
    const { page, problems, close } = await openApp(browser);
    try {
      await settled(page);
      await pickScenario(page, `scenarios/${file}`);
      // Node computes its reference while the browser runs.
      const expected = nodeDigest(text);
      expect(await ranToEnd(page, 240_000)).toBe("done");
      await page.getByRole("tab", { name: "Charts" }).click();
      await chartsDrawn(page);
      await screenshot(page, `gallery-${file.replace(/\.yaml$/, "")}`);
      expect(await digestOf(page)).toBe(await expected);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});

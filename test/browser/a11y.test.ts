/**
 * Accessibility: the page works from the keyboard (tabs with arrow keys, a scenario picked and
 * run without a mouse, focus always visible) and every control has an accessible name.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launch, openApp, ranToEnd, screenshot, settled } from "./support/page.js";
import { planToEnd, setPlanText, SMALL_PLAN } from "./support/plans.js";

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** The focused element, through shadow roots: its tag, data attributes, text and whether a focus ring is drawn. */
function focused(): { tag: string; tab: string | null; scenario: string | null; text: string; outline: string } | null {
  let el: Element | null = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  if (!el) return null;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(),
    tab: el.getAttribute("data-tab"),
    scenario: el.getAttribute("data-scenario"),
    text: (el.textContent ?? "").trim().slice(0, 40),
    outline: style.outlineStyle === "none" || style.outlineWidth === "0px" ? "none" : `${style.outlineStyle} ${style.outlineWidth}`,
  };
}

/** Presses Tab until the focused element matches, at most `limit` times. */
async function tabTo(page: Page, match: (f: NonNullable<ReturnType<typeof focused>>) => boolean, limit = 40): Promise<NonNullable<ReturnType<typeof focused>>> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    const f = await page.evaluate(focused);
    if (f && match(f)) return f;
  }
  throw new Error("the element was not reached by Tab");
}

/** Controls (through shadow roots) that have no accessible name. */
function unnamedControls(): string[] {
  const out: string[] = [];
  const nameOf = (el: Element, root: Document | ShadowRoot): string => {
    const labelledBy = el.getAttribute("aria-labelledby");
    const byId = labelledBy ? labelledBy.split(/\s+/).map((id) => root.getElementById?.(id)?.textContent ?? "").join(" ") : "";
    const label = el.closest("label")?.textContent ?? (el.id ? root.querySelector(`label[for="${el.id}"]`)?.textContent : "") ?? "";
    return [el.getAttribute("aria-label"), byId, label, el.getAttribute("title"), el instanceof HTMLInputElement ? "" : el.textContent].map((s) => (s ?? "").trim()).find((s) => s !== "") ?? "";
  };
  const visit = (root: Document | ShadowRoot) => {
    for (const el of root.querySelectorAll("*")) {
      if (el.matches('button, [role="tab"], select, textarea, input:not([type="hidden"]), [tabindex="0"]') && nameOf(el, root) === "") out.push(`${el.tagName.toLowerCase()}.${el.className}`);
      if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  visit(document);
  return out;
}

describe("accessibility", () => {
  test("from the keyboard alone: reach the scenario tabs, move with the arrows, pick a scenario, run it; focus is always drawn", async () => {
    const { page, problems, close } = await openApp(browser);
    try {
      await settled(page);
      const run = await tabTo(page, (f) => f.text === "Run");
      expect(run.outline).not.toBe("none");
      const tab = await tabTo(page, (f) => f.tab !== null);
      expect(tab.tab).toBe("yaml");
      expect(tab.outline).not.toBe("none");
      await page.keyboard.press("ArrowLeft");
      expect((await page.evaluate(focused))?.tab).toBe("gallery");
      expect(await page.locator('[data-tab="gallery"]').getAttribute("aria-selected")).toBe("true");
      const card = await tabTo(page, (f) => f.scenario !== null, 5);
      expect(card.scenario).toBe("scenarios/quickstart.yaml");
      expect(card.outline).not.toBe("none");
      await page.keyboard.press("Tab");
      expect((await page.evaluate(focused))?.scenario).toBe("scenarios/azure-code-trace.yaml");
      await screenshot(page, "a11y-keyboard-focus");
      await page.keyboard.press("Enter");
      expect(await ranToEnd(page)).toBe("done");
      expect(await page.getByTestId("run").textContent()).toBe("Run");
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  test("every button, tab, field and focusable chart has an accessible name, in every view", async () => {
    const { page, problems, close } = await openApp(browser);
    try {
      await settled(page);
      for (const [left, right] of [["yaml", "charts"], ["gallery", "summary"], ["knobs", "scheduler"], ["yaml", "compare"], ["yaml", "export"]] as const) {
        await page.locator(`[data-tab="${left}"]`).click();
        await page.locator(`[data-tab="${right}"]`).click();
        await page.waitForTimeout(500);
        expect({ view: `${left}/${right}`, unnamed: await page.evaluate(unnamedControls) }).toEqual({ view: `${left}/${right}`, unnamed: [] });
      }
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  test("the Plan view: every control is named before and after a plan, and the scatter's points are one tab stop, moved through with the arrows, each named", async () => {
    const { page, problems, close } = await openApp(browser);
    try {
      await settled(page);
      await setPlanText(page, SMALL_PLAN);
      expect({ view: "plan", unnamed: await page.evaluate(unnamedControls) }).toEqual({ view: "plan", unnamed: [] });
      expect(await planToEnd(page)).toBe("done");
      expect({ view: "plan results", unnamed: await page.evaluate(unnamedControls) }).toEqual({ view: "plan results", unnamed: [] });
      // From the latency-tail control, Tab reaches the scatter's one point in the tab order: the winner.
      await page.getByTestId("download-plan").focus();
      const point = await tabTo(page, (f) => f.tag === "g", 10);
      expect(point.outline).toBe("none");
      const names: string[] = [];
      for (let i = 0; i < 4; i++) {
        names.push(await page.evaluate(() => {
          let el: Element | null = document.activeElement;
          while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
          return el?.getAttribute("aria-label") ?? "";
        }));
        await page.keyboard.press("ArrowRight");
      }
      expect(names[0]).toMatch(/^c\d+ \(winner\): /);
      expect(new Set(names).size).toBe(4);
      for (const n of names) expect(n).toMatch(/^c\d+.*; (passed|failed|dropped); cost \$\d+\.\d\d; classifier latency\.p\d+ \d+(\.\d+)? ms$/);
      // The focus ring of a point is its halo (an SVG stroke, not an outline).
      expect(await page.locator("ss-plan-scatter g.pt:focus-visible circle.halo").evaluate((c) => getComputedStyle(c).stroke)).not.toBe("none");
      await screenshot(page, "a11y-plan-keyboard");
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});

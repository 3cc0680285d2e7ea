/**
 * Accessibility: the page works from the keyboard (tabs with arrow keys, a scenario picked and
 * run without a mouse, focus always visible) and every control has an accessible name.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launch, openApp, ranToEnd, screenshot, settled } from "./support/page.js";

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
      expect((await page.evaluate(focused))?.scenario).toBe("scenarios/azure-conv-trace.yaml");
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
});

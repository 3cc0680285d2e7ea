import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { GENERATED_PAGES } from "../../scripts/docs/pages.js";

const root = new URL("../../", import.meta.url).pathname;

describe.each(GENERATED_PAGES)("the generated page $path", (page) => {
  test("is what the code generates today", () => {
    const committed = readFileSync(`${root}${page.path}`, "utf8");
    expect(committed, `${page.path} no longer matches the code it documents: run \`npm run docs\` and commit the result`).toBe(page.generate(root));
  });
});

describe("the scenario reference", () => {
  test("documents every top-level field, quantities with their units and bounds, and variants of unions", () => {
    const text = readFileSync(`${root}docs/reference/scenario.md`, "utf8");
    expect(text).toContain("| `duration` (required) | duration (1ms–30d) |  | Simulated time to run. |");
    expect(text).toContain("## services[].model (kind: llm)");
    expect(text).toContain("## services[].autoscaling (kind: keda)");
    expect(text).toContain("| `ephemeralStorage` | size (0–1Pi) | `100Gi` |");
  });
});

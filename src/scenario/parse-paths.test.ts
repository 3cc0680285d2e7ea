/**
 * parseScenario (text: one parse per document, without zod's compiled fast path) and
 * validateScenario (decoded data, e.g. the planner's many candidates: with it) must accept the
 * same scenarios with the same values, in the same key order, and reject the rest with the same
 * issues. Checked on bundled scenarios and on variants of them with a field removed or mistyped.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { parse, stringify } from "yaml";
import { parseScenario, validateScenario } from "./load.js";
import type { ParseOutcome } from "./load.js";

const SCENARIOS = ["quickstart.yaml", "mixed-serving.yaml", "shopping-festival.yaml", "azure-conv-trace.yaml"];

/** What both entry points must agree on: the scenario (values and key order), or each issue's path and message. */
function outcome(r: ParseOutcome): string {
  if (r.ok) return JSON.stringify(r.scenario);
  return JSON.stringify(r.issues.map((i) => `${i.path.join(".")}: ${i.message}`).sort());
}

/** Variants of `data`: each field (down to `depth`) removed, or replaced by a value of the wrong kind. */
function* variants(data: unknown, depth = 5, path: (string | number)[] = []): Generator<[string, unknown]> {
  const at = (root: unknown) => path.reduce<Record<string | number, unknown>>((node, k) => node[k] as Record<string | number, unknown>, root as Record<string | number, unknown>);
  const node = at(data);
  if (node === null || typeof node !== "object" || path.length >= depth) return;
  for (const key of Object.keys(node)) {
    for (const value of [undefined, "x", -1, {}]) {
      const copy = structuredClone(data);
      const parent = at(copy);
      if (value === undefined && Array.isArray(parent)) parent.splice(Number(key), 1);
      else if (value === undefined) delete parent[key];
      else parent[key] = value;
      yield [`${[...path, key].join(".")} = ${JSON.stringify(value) ?? "(removed)"}`, copy];
    }
    yield* variants(data, depth, [...path, Array.isArray(node) ? Number(key) : key]);
  }
  if (!Array.isArray(node)) {
    const copy = structuredClone(data);
    at(copy)["unknownField"] = 1;
    yield [`${path.join(".")}.unknownField`, copy];
  }
}

describe("parseScenario and validateScenario agree", () => {
  for (const name of SCENARIOS) {
    test(name, () => {
      const data: unknown = parse(readFileSync(new URL(`../../scenarios/${name}`, import.meta.url), "utf8"));
      let rejected = 0;
      let checked = 0;
      for (const [what, variant] of [["as written", data] as [string, unknown], ...variants(data)]) {
        const fromText = parseScenario(stringify(variant), { file: name });
        const fromData = validateScenario(variant, name);
        expect(outcome(fromText), what).toBe(outcome(fromData));
        if (!fromText.ok) rejected++;
        checked++;
      }
      // The variants reach the error paths: most of them are rejected.
      expect(rejected).toBeGreaterThan(checked / 2);
    });
  }
});

import { describe, expect, test } from "vitest";
import { formatIssue } from "./errors.js";
import { parseScenario } from "./load.js";
import { checkFlags } from "./overrides.js";

const one = (text: unknown) => {
  const r = parseScenario(text as string, { file: "s.yaml" });
  if (r.ok) throw new Error("expected an issue");
  return r.issues.map(formatIssue);
};

describe("parseScenario returns issues for what it cannot read, never throws", () => {
  test.each([
    [undefined, "undefined"],
    [null, "null"],
    [42, "number"],
    [Buffer.from("a: 1"), "object"],
  ])("given %s", (input, what) => {
    expect(one(input)).toEqual([`s.yaml:1:1 (root): expected a scenario as text (YAML or JSON), got ${what}`]);
  });

  test("with null options", () => {
    const r = parseScenario("a: 1", null as never);
    expect(r.ok).toBe(false);
  });

  test("two YAML documents: our own message at the second one", () => {
    expect(one("apiVersion: servesim/v1\n---\nkind: Scenario\n")).toEqual(["s.yaml:2:1 (root): expected one YAML document, found a second one here ('---' starts a new document): a scenario is a single document"]);
  });

  test("deep block nesting (`- - - …`) is a nesting error, not a stack overflow message", () => {
    expect(one(`${"- ".repeat(100_000)}x\n`)).toEqual([expect.stringMatching(/^s\.yaml:\d+:\d+ \(root\): expected nesting at most 32 levels deep$/)]);
    expect(one(`${Array.from({ length: 40 }, (_, i) => `${" ".repeat(i)}k${i}:`).join("\n")} 1\n`)).toEqual(["s.yaml:1:1 (root): expected nesting at most 32 levels deep, got 40"]);
  });
});

describe("command-line flags are checked by the file's own rules", () => {
  test.each([
    [{ seed: "-1" }, "--seed: expected an integer ≥ 0 and at most 9007199254740991, got -1"],
    [{ seed: "1e20" }, "--seed: expected an integer ≥ 0 and at most 9007199254740991, got 1e20"],
    [{ seed: "0.5" }, "--seed: expected an integer ≥ 0 and at most 9007199254740991, got 0.5"],
    [{ seed: "x".repeat(129) }, "--seed: expected at most 128 characters, got 129"],
    [{ explain: "*".repeat(257) }, "--explain: expected at most 256 characters, got 257"],
    [{ duration: "31d" }, '--duration: expected a duration between 1ms and 30d, got "31d"'],
  ])("%o", (flags, message) => {
    expect(checkFlags(flags)).toEqual({ ok: false, issues: [message] });
  });

  test("valid flags give their values: numeric seeds as numbers, words as strings", () => {
    expect(checkFlags({ seed: "42", duration: "5m", explain: "chat-*" })).toEqual({ ok: true, seed: 42, duration: 300, explain: "chat-*" });
    expect(checkFlags({ seed: "blue" })).toEqual({ ok: true, seed: "blue" });
  });
});

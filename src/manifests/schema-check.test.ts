import { expect, test } from "vitest";
import { schemaIssues } from "./schema-check.js";

test("schemaIssues names camel-case schema keywords in the kebab-case of every other rule (minItems → schema/min-items)", () => {
  const scaledObject = {
    apiVersion: "keda.sh/v1alpha1",
    kind: "ScaledObject",
    metadata: { name: "chat" },
    spec: { scaleTargetRef: { name: "chat" }, triggers: [] },
  };
  const rules = schemaIssues(scaledObject, "ScaledObject/chat").map((i) => i.rule);
  expect(rules).toContain("schema/min-items");
  for (const rule of rules) expect(rule).toMatch(/^[a-z-]+\/[a-z0-9-]+$/);
});

import { test } from "@fast-check/vitest";
import { expect } from "vitest";
import { arbCase } from "../../test/support/manifest-arbitraries.js";
import { importManifests } from "./from-manifests.js";
import { parseManifests } from "./parse-manifests.js";
import { toObjects } from "./to-objects.js";
import { toYaml, yamlRoundTripIssues } from "./to-yaml.js";
import { validateObject } from "./validate.js";

test.prop([arbCase], { numRuns: 60 })("every random valid scenario exports objects that pass every validation layer, and imports back to its own text", ([text, sc, figures, keda, karpenter]) => {
  const { objects } = toObjects(sc, figures, { keda, karpenter, source: text });
  for (const o of objects) expect(validateObject(o.object).issues).toEqual([]);
  const yaml = toYaml(objects);
  expect(yamlRoundTripIssues(yaml, objects.map((o) => o.object))).toEqual([]);
  const parsed = parseManifests(yaml, "export.yaml");
  expect(parsed.issues).toEqual([]);
  const back = importManifests(parsed.documents);
  expect(back.ok && back.text).toBe(text);
});

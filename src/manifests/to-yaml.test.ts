import { expect, test } from "vitest";
import { parse } from "yaml";
import { documentYaml, toYaml, yamlRoundTripIssues } from "./to-yaml.js";
import type { K8sObject } from "./types.js";

const words = ["on", "off", "yes", "no", "y", "n", "Y", "NO", "true", "null", "~", "0755", "1:20", "1e3", "0x1F", "2024-01-01", ".inf", "8"];
const cm: K8sObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "words", labels: Object.fromEntries(words.map((w, i) => [`k${i}`, w])) }, data: { y: "n" } };

test("documentYaml quotes every string YAML 1.1 would read as a boolean, number, null or time", () => {
  const text = documentYaml(cm, "");
  for (const w of words) expect(text).toMatch(new RegExp(`: ["']${w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}["']$`, "m"));
  expect(parse(text, { version: "1.1", schema: "yaml-1.1" })).toEqual(cm);
  expect(parse(text)).toEqual(cm);
});

test("yamlRoundTripIssues finds a document that a YAML 1.1 reader sees differently", () => {
  expect(yamlRoundTripIssues(toYaml([{ object: cm, comment: "c", file: "f" }]), [cm])).toEqual([]);
  const unquoted = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: words\ndata:\n  flag: on\n";
  const obj: K8sObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "words" }, data: { flag: "on" } };
  expect(yamlRoundTripIssues(unquoted, [obj])).toEqual([{ object: "ConfigMap/words", document: 0, path: "", message: "YAML 1.1 reads the document differently from what was written", rule: "yaml/round-trip" }]);
});

test("documentYaml writes the comment above the object, one # per line", () => {
  expect(documentYaml({ apiVersion: "v1", kind: "Service", metadata: { name: "s" } }, "two\nlines")).toBe("# two\n# lines\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\n");
});

import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { arbCase } from "../../test/support/manifest-arbitraries.js";
import { jsonPath } from "./schema-check.js";
import { toObjects } from "./to-objects.js";
import type { K8sObject } from "./types.js";
import { validateObject } from "./validate.js";

type Path = (string | number)[];
type Node = Record<string | number, unknown>;

const get = (o: unknown, path: Path): unknown => path.reduce<unknown>((v, k) => (v as Node | undefined)?.[k], o);
const pointer = (path: Path): string => path.map((k) => `/${String(k).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
const named = (path: Path): string => jsonPath(pointer(path));

/** Fields whose values are free-form (maps of strings, plugin args): mutating inside them is not an error. */
const FREE = new Set(["labels", "annotations", "data", "matchLabels", "nodeSelector", "args", "metadata"]);

/** Paths of the numbers in an object, outside free-form fields. */
function numbers(v: unknown, path: Path = []): Path[] {
  if (typeof v === "number") return [path];
  if (v === null || typeof v !== "object") return [];
  return Object.entries(v).flatMap(([k, x]) => (FREE.has(k) ? [] : numbers(x, [...path, Array.isArray(v) ? Number(k) : k])));
}

/** Fields the schemas require, per kind. */
const REQUIRED: Readonly<Record<string, Path[]>> = {
  Deployment: [["spec", "selector"], ["spec", "template", "spec", "containers", 0, "name"], ["spec", "template", "spec", "containers"]],
  Service: [["spec", "ports", 0, "port"]],
  HorizontalPodAutoscaler: [["spec", "scaleTargetRef"], ["spec", "maxReplicas"], ["spec", "scaleTargetRef", "name"]],
  ScaledObject: [["spec", "scaleTargetRef"], ["spec", "triggers"], ["spec", "triggers", 0, "type"]],
  NodePool: [["spec", "template"], ["spec", "template", "spec", "nodeClassRef"]],
  PriorityClass: [["value"]],
  Ingress: [["spec", "rules", 0, "http", "paths", 0, "backend", "service", "name"]],
  PodDisruptionBudget: [["metadata"]],
  ConfigMap: [["metadata"]],
};

const MUTATIONS = ["unknown field", "wrong type", "removed required field", "fractional GPU"] as const;

const arbMutation = arbCase.chain(([text, sc, figures, keda, karpenter]) => {
  const objects = toObjects(sc, figures, { keda, karpenter, source: text }).objects.map((o) => o.object).filter((o) => o.kind !== "KubeSchedulerConfiguration");
  return fc.tuple(fc.constantFrom(...objects), fc.constantFrom(...MUTATIONS), fc.nat());
});

test.prop([arbMutation], { numRuns: 100 })("a mutated exported object is rejected with the mutated path named", ([object, mutation, pick]) => {
  const o = structuredClone(object) as K8sObject & Node;
  let expected: { path: string; rule: RegExp } | undefined;
  if (mutation === "unknown field") {
    const spots: Path[] = [[], ...(o["spec"] !== undefined ? [["spec"]] : []), ...(o.kind === "Deployment" ? [["spec", "template", "spec"], ["spec", "template", "spec", "containers", 0]] : [])];
    const at = spots[pick % spots.length]!;
    (get(o, at) as Node)["replica"] = 3;
    expected = { path: named([...at, "replica"]), rule: /^schema\/unknown-field$/ };
  } else if (mutation === "wrong type") {
    const spots = numbers(o);
    if (spots.length === 0) return;
    const at = spots[pick % spots.length]!;
    (get(o, at.slice(0, -1)) as Node)[at.at(-1)!] = true;
    expected = { path: named(at), rule: /^schema\// };
  } else if (mutation === "removed required field") {
    const spots = (REQUIRED[o.kind] ?? []).filter((p) => get(o, p) !== undefined);
    if (spots.length === 0) return;
    const at = spots[pick % spots.length]!;
    delete (get(o, at.slice(0, -1)) as Node)[at.at(-1)!];
    expected = { path: named(at), rule: /^schema\/required$/ };
  } else {
    const c = get(o, ["spec", "template", "spec", "containers", 0, "resources"]) as { requests?: Node; limits?: Node } | undefined;
    if (o.kind !== "Deployment" || c?.limits?.["nvidia.com/gpu"] === undefined) return;
    c.limits["nvidia.com/gpu"] = 0.5;
    c.requests!["nvidia.com/gpu"] = 0.5;
    expected = { path: named(["spec", "template", "spec", "containers", 0, "resources", "limits", "nvidia.com/gpu"]), rule: /^semantic\/extended-resource-whole$/ };
  }
  const issues = validateObject(o).issues;
  expect(issues.some((i) => i.path === expected.path && expected.rule.test(i.rule)), `${mutation} at ${expected.path}: ${JSON.stringify(issues)}`).toBe(true);
});

/**
 * Import with provenance: the scenario in the servesim ConfigMap, changed only where the given
 * manifests differ from what exporting that scenario writes. Unchanged manifests give back the
 * scenario text byte for byte (so export → import → export is identical); edits are applied to
 * the YAML document, keeping its comments.
 */
import { isMap, parseDocument } from "yaml";
import { parseScenario } from "../scenario/index.js";
import type { Scenario } from "../scenario/index.js";
import { isDeepStrictEqual } from "./equal.js";
import { autoscalingOf, cronOf } from "./import-fresh.js";
import { arr, at, obj, podFields, routingOf, scenarioMetrics, serverContainer, triggerMetric } from "./import-convert.js";
import type { Obj } from "./import-convert.js";
import { toObjects } from "./to-objects.js";
import type { Figures, K8sObject } from "./types.js";

type Path = (string | number)[];
interface Edit {
  readonly path: Path;
  readonly value: unknown;
}

export type Kinded = ReadonlyMap<string, Obj>;

/** Objects by `Kind/name`. */
export const key = (kind: string, name: string): string => `${kind}/${name}`;

function serviceEdits(sc: Scenario, i: number, given: Kinded, expected: Kinded, edit: (path: Path, mine: unknown, theirs: unknown, value?: unknown) => void): void {
  const svc = sc.services[i]!;
  const base: Path = ["services", i];
  const dep = given.get(key("Deployment", svc.name));
  const expDep = expected.get(key("Deployment", svc.name));
  if (dep && expDep) {
    edit([...base, "replicas"], at(dep, "spec", "replicas"), at(expDep, "spec", "replicas"));
    const [c, e] = [serverContainer(dep), serverContainer(expDep)];
    edit([...base, "image"], c?.["image"], e?.["image"], { ...(obj(svc.image) ?? {}), name: c?.["image"] });
    edit([...base, "resources"], c?.["resources"], e?.["resources"], c?.["resources"] ?? {});
    const [p, q] = [podFields(dep), podFields(expDep)];
    for (const k of new Set([...Object.keys(p), ...Object.keys(q)])) edit([...base, "pod", k], p[k], q[k]);
  }
  const svcObj = given.get(key("Service", svc.name));
  if (svcObj) edit([...base, "routing", "policy"], routingOf(svcObj), routingOf(expected.get(key("Service", svc.name))));
  const hpa = given.get(key("HorizontalPodAutoscaler", svc.name));
  const expHpa = expected.get(key("HorizontalPodAutoscaler", svc.name));
  if (hpa && expHpa) {
    const a = [...base, "autoscaling"];
    edit([...a, "minReplicas"], at(hpa, "spec", "minReplicas"), at(expHpa, "spec", "minReplicas"));
    edit([...a, "maxReplicas"], at(hpa, "spec", "maxReplicas"), at(expHpa, "spec", "maxReplicas"));
    edit([...a, "metrics"], at(hpa, "spec", "metrics"), at(expHpa, "spec", "metrics"), scenarioMetrics(svc.model.kind, at(hpa, "spec", "metrics")));
    edit([...a, "behavior"], at(hpa, "spec", "behavior"), at(expHpa, "spec", "behavior"));
  }
  const so = given.get(key("ScaledObject", svc.name));
  const expSo = expected.get(key("ScaledObject", svc.name));
  if ((hpa || so) && !expHpa && !expSo) {
    // An autoscaler added to a service the scenario did not scale.
    edit([...base, "autoscaling"], true, false, autoscalingOf(svc.model.kind, svc.name, hpa ? [hpa] : [], so ? [so] : [], () => {}));
  }
  if (so && expSo) {
    const a = [...base, "autoscaling"];
    const keda = svc.autoscaling?.kind === "keda";
    edit([...a, keda ? "minReplicaCount" : "minReplicas"], at(so, "spec", "minReplicaCount"), at(expSo, "spec", "minReplicaCount"));
    edit([...a, keda ? "maxReplicaCount" : "maxReplicas"], at(so, "spec", "maxReplicaCount"), at(expSo, "spec", "maxReplicaCount"));
    if (keda) {
      edit([...a, "pollingInterval"], at(so, "spec", "pollingInterval"), at(expSo, "spec", "pollingInterval"));
      edit([...a, "cooldownPeriod"], at(so, "spec", "cooldownPeriod"), at(expSo, "spec", "cooldownPeriod"));
      edit([...a, "initialCooldownPeriod"], at(so, "spec", "initialCooldownPeriod"), at(expSo, "spec", "initialCooldownPeriod"));
      const metricTriggers = (o: Obj) => arr(at(o, "spec", "triggers")).filter((t) => at(t, "type") !== "cron");
      edit(
        [...a, "triggers"],
        metricTriggers(so),
        metricTriggers(expSo),
        metricTriggers(so).map((t) => ({
          metric: triggerMetric(svc.model.kind, t),
          threshold: at(t, "metadata", "threshold"),
          ...(at(t, "metadata", "activationThreshold") !== undefined ? { activationThreshold: Number(at(t, "metadata", "activationThreshold")) } : {}),
          metricType: at(t, "metricType") ?? "AverageValue",
          ...(at(t, "metadata", "ignoreNullValues") !== undefined ? { ignoreNullValues: String(at(t, "metadata", "ignoreNullValues")) !== "false" } : {}),
        })),
      );
      const crons = (o: Obj) => arr(at(o, "spec", "triggers")).filter((t) => at(t, "type") === "cron");
      edit([...a, "cron"], crons(so), crons(expSo), crons(so).flatMap((t) => cronOf(t) ?? []));
    }
    edit([...a, "behavior"], at(so, "spec", "advanced", "horizontalPodAutoscalerConfig", "behavior"), at(expSo, "spec", "advanced", "horizontalPodAutoscalerConfig", "behavior"));
  }
}

function poolEdits(sc: Scenario, given: Kinded, expected: Kinded, edit: (path: Path, mine: unknown, theirs: unknown, value?: unknown) => void, hasCount: (j: number) => boolean): void {
  sc.cluster.nodePools.forEach((p, j) => {
    const np = given.get(key("NodePool", p.name));
    const exp = expected.get(key("NodePool", p.name));
    if (!np || !exp) return;
    const gpuLimit = (o: Obj) => Number(at(o, "spec", "limits", "nvidia.com/gpu") ?? at(o, "spec", "limits", "amd.com/gpu") ?? NaN);
    const max = p.gpu && !p.gpu.mig ? Math.floor(gpuLimit(np) / p.gpu.count) : undefined;
    if (max !== undefined && Number.isFinite(max)) {
      const size = { min: Math.min(p.size.min, max), max, initial: Math.min(p.count, max) };
      edit(hasCount(j) ? ["cluster", "nodePools", j, "size"] : ["cluster", "nodePools", j, "size", "max"], gpuLimit(np), gpuLimit(exp), hasCount(j) ? size : max);
    }
    edit(["cluster", "nodePools", j, "taints"], at(np, "spec", "template", "spec", "taints") ?? [], at(exp, "spec", "template", "spec", "taints") ?? []);
  });
}

export type OverlayOutcome = { readonly ok: true; readonly text: string; readonly changed: readonly string[] } | { readonly ok: false; readonly message: string };

/** `source` and `figures` from the provenance ConfigMap; `given` the manifests by Kind/name. */
export function overlayImport(source: string, figures: Figures, given: Kinded): OverlayOutcome {
  const parsed = parseScenario(source, { file: "scenario.yaml" });
  if (!parsed.ok) return { ok: false, message: `the provenance scenario is not valid: ${parsed.issues.map((i) => i.message).join("; ")}` };
  const sc = parsed.scenario;
  const keda = sc.services.some((s) => s.autoscaling?.kind === "hpa" && given.has(key("ScaledObject", s.name)));
  const karpenter = [...given.keys()].some((k) => k.startsWith("NodePool/"));
  const expected = new Map(toObjects(sc, figures, { keda, karpenter }).objects.map((o): [string, Obj] => [key(o.object.kind, o.object.metadata?.name ?? ""), o.object as K8sObject as Obj]));
  const edits: Edit[] = [];
  const edit = (path: Path, mine: unknown, theirs: unknown, value: unknown = mine) => {
    if (!isDeepStrictEqual(mine ?? null, theirs ?? null)) edits.push({ path, value });
  };
  const doc = parseDocument(source, { version: "1.2" });
  sc.services.forEach((_, i) => serviceEdits(sc, i, given, expected, edit));
  poolEdits(sc, given, expected, edit, (j) => doc.getIn(["cluster", "nodePools", j, "count"]) !== undefined);
  if (edits.length === 0) return { ok: true, text: source, changed: [] };
  for (const e of edits) {
    if (e.path.at(-2) === "size" || e.path.at(-1) === "size") doc.deleteIn([...e.path.slice(0, e.path.indexOf("size")), "count"]);
    if (e.value === undefined) doc.deleteIn(e.path);
    else doc.setIn(e.path, doc.createNode(e.value));
  }
  if (!isMap(doc.contents)) return { ok: false, message: "the provenance scenario is not a mapping" };
  const text = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  const check = parseScenario(text, { file: "scenario.yaml" });
  if (!check.ok) return { ok: false, message: `the manifests' changes give an invalid scenario: ${check.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}` };
  return { ok: true, text, changed: edits.map((e) => e.path.join(".")) };
}

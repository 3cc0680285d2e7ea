/**
 * `servesim import`: manifests → a scenario. With the provenance ConfigMap of a servesim export,
 * the scenario it holds, changed where the manifests differ (import-overlay.ts); without it, a
 * scenario built from the manifests alone (import-fresh.ts). Deployments, Services, HPAs,
 * ScaledObjects and NodePools are read (and, without provenance, PriorityClasses, PDBs, Ingresses
 * and the KubeSchedulerConfiguration); other kinds are reported and skipped.
 */
import { parseScenario } from "../scenario/index.js";
import { at, obj } from "./import-convert.js";
import type { Obj } from "./import-convert.js";
import { freshImport } from "./import-fresh.js";
import { key, overlayImport } from "./import-overlay.js";
import type { ParsedDocument } from "./parse-manifests.js";
import { FIGURES_KEY, isProvenance, SCENARIO_KEY } from "./provenance.js";
import type { Figures, K8sObject, ManifestIssue } from "./types.js";
import { objectLabel, validateObject } from "./validate.js";

export const IMPORTED_KINDS = ["Deployment", "Service", "HorizontalPodAutoscaler", "ScaledObject", "NodePool", "PriorityClass", "PodDisruptionBudget", "Ingress", "KubeSchedulerConfiguration"] as const;

export type ImportOutcome =
  | { readonly ok: true; readonly text: string; readonly notes: readonly string[] }
  | { readonly ok: false; readonly issues: readonly ManifestIssue[] };

function figuresOf(text: unknown): Figures | undefined {
  try {
    const f = JSON.parse(String(text)) as unknown;
    return obj(f) && Array.isArray(at(f, "services")) ? (f as Figures) : undefined;
  } catch {
    return undefined;
  }
}

export function importManifests(docs: readonly ParsedDocument[], opts: { readonly name?: string } = {}): ImportOutcome {
  const issues: ManifestIssue[] = [];
  const notes: string[] = [];
  const byKind = new Map<string, Obj[]>();
  const given = new Map<string, Obj>();
  let provenance: { doc: ParsedDocument; object: K8sObject } | undefined;
  let schedulerConfig: Obj | undefined;
  for (const d of docs) {
    const v = validateObject(d.value);
    issues.push(...v.issues.map((i) => ({ ...i, file: d.file, document: d.index, ...(d.item !== undefined ? { item: d.item } : {}) })));
    if (v.issues.length > 0) continue;
    const o = d.value as K8sObject;
    if (isProvenance(o)) {
      if (provenance) issues.push({ object: objectLabel(o), file: d.file, document: d.index, path: "", message: "a second servesim provenance ConfigMap: import one export at a time", rule: "import/one-provenance" });
      provenance = { doc: d, object: o };
      continue;
    }
    if (v.skipped.length > 0 || !(IMPORTED_KINDS as readonly string[]).includes(o.kind)) {
      notes.push(`skipped ${d.file}#${d.index} ${objectLabel(o)} (import reads ${IMPORTED_KINDS.join(", ")})`);
      continue;
    }
    byKind.set(o.kind, [...(byKind.get(o.kind) ?? []), o as unknown as Obj]);
    given.set(key(o.kind, o.metadata?.name ?? ""), o as unknown as Obj);
    if (o.kind === "KubeSchedulerConfiguration") schedulerConfig = o as unknown as Obj;
  }
  if (issues.length > 0) return { ok: false, issues };
  const list = (k: string) => byKind.get(k) ?? [];
  if (provenance) {
    const data = obj(provenance.object["data"]) ?? {};
    const figures = figuresOf(data[FIGURES_KEY]);
    const at0 = { object: objectLabel(provenance.object), file: provenance.doc.file, document: provenance.doc.index };
    if (typeof data[SCENARIO_KEY] !== "string" || !figures) return { ok: false, issues: [{ ...at0, path: `data[${JSON.stringify(figures ? SCENARIO_KEY : FIGURES_KEY)}]`, message: "missing or unreadable", rule: "import/provenance" }] };
    const r = overlayImport(data[SCENARIO_KEY], figures, given);
    if (!r.ok) return { ok: false, issues: [{ ...at0, path: "", message: r.message, rule: "import/overlay" }] };
    for (const k of ["PriorityClass", "PodDisruptionBudget", "Ingress", "KubeSchedulerConfiguration"]) {
      for (const o of list(k)) notes.push(`${k}/${String(at(o, "metadata", "name") ?? "")}: kept as in the provenance scenario (import with provenance reads ${IMPORTED_KINDS.slice(0, 5).join(", ")})`);
    }
    notes.push(r.changed.length > 0 ? `changed from the provenance scenario: ${r.changed.join(", ")}` : "the manifests match the provenance scenario");
    return { ok: true, text: r.text, notes };
  }
  if (list("Deployment").length === 0) return { ok: false, issues: [{ object: "document", path: "", message: "no Deployment to import", rule: "import/no-deployment" }] };
  const name = opts.name ?? String(at(list("Deployment")[0], "metadata", "name"));
  const fresh = freshImport({ name, deployments: list("Deployment"), services: list("Service"), hpas: list("HorizontalPodAutoscaler"), scaledObjects: list("ScaledObject"), nodePools: list("NodePool"),
    priorityClasses: list("PriorityClass"),
    pdbs: list("PodDisruptionBudget"),
    ingresses: list("Ingress"),
    schedulerConfig,
  });
  const check = parseScenario(fresh.text, { file: "imported scenario" });
  if (!check.ok) {
    return { ok: false, issues: check.issues.map((i) => ({ object: "scenario", path: i.path.join("."), message: `the imported scenario is invalid: ${i.message}`, rule: "import/scenario" })) };
  }
  return { ok: true, text: fresh.text, notes: [...notes, ...fresh.notes] };
}

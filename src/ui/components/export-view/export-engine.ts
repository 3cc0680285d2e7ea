/**
 * The export view's work, loaded only when the view opens (the OpenAPI validators are large):
 * manifests of a scenario with the simulated figures in comments, the verdict of each of the
 * four validation layers, a zip `servesim lint` reads, linting of pasted or dropped manifests,
 * and importing manifests into a scenario.
 */
import { strToU8, unzipSync, zipSync } from "fflate";
import { documentYaml, figuresOf, importManifests, lintManifests, outputFiles, parseManifests, toObjects, toYaml, validateObject, yamlRoundTripIssues } from "../../../manifests/index.js";
import type { FiguresSource, ManifestIssue, ParsedDocument } from "../../../manifests/index.js";
import { parseScenario } from "../../../scenario/index.js";
import { issueText } from "../scenario-editor/issue-text.js";

/** The four layers, in the order they run; `rule` prefixes of ManifestIssue map to them. */
export const LAYERS = [
  { key: "yaml", label: "YAML round trip", about: "the YAML text reads back as exactly the objects (kubectl's YAML 1.1 reading)" },
  { key: "schema", label: "OpenAPI schema", about: "every object against the Kubernetes v1.32 OpenAPI (and KEDA, Karpenter CRDs)" },
  { key: "allowed-values", label: "allowed values", about: "enumerations and formats the API server enforces (quantities, names, ports)" },
  { key: "semantic", label: "semantic rules", about: "cross-field rules: selectors match labels, HPA min ≤ max, probes within the grace period, …" },
] as const;

export interface LayerVerdict {
  readonly key: string;
  readonly label: string;
  readonly about: string;
  readonly issues: readonly string[];
}

export interface ExportedView {
  readonly objects: readonly { readonly label: string; readonly yaml: string }[];
  readonly yaml: string;
  readonly layers: readonly LayerVerdict[];
  readonly warnings: readonly string[];
  /** Files of the zip (one per object, numbered in apply order). */
  readonly files: Readonly<Record<string, string>>;
}

export type ExportOutcome = { readonly ok: true; readonly view: ExportedView } | { readonly ok: false; readonly message: string };

const layerOf = (i: ManifestIssue): string => i.rule.split("/")[0] ?? "";
const formatIssue = (i: ManifestIssue): string => `${i.object}${i.path ? ` ${i.path}` : ""}: ${i.message} [${i.rule}]`;

export function exportScenario(text: string, results: FiguresSource, opts: { readonly keda: boolean; readonly karpenter: boolean }): ExportOutcome {
  const parsed = parseScenario(text, { file: "<editor>" });
  if (!parsed.ok) return { ok: false, message: `the scenario has problems: ${parsed.issues.map(issueText).join("; ")}` };
  const { objects, warnings } = toObjects(parsed.scenario, figuresOf(results), { keda: opts.keda, karpenter: opts.karpenter, source: text });
  const yaml = toYaml(objects);
  const issues = [...objects.flatMap((o) => validateObject(o.object).issues), ...yamlRoundTripIssues(yaml, objects.map((o) => o.object))];
  return {
    ok: true,
    view: {
      objects: objects.map((o) => ({ label: `${o.object.kind}/${o.object.metadata?.name ?? "config"}`, yaml: documentYaml(o.object, o.comment) })),
      yaml,
      layers: LAYERS.map((l) => ({ ...l, issues: issues.filter((i) => layerOf(i) === l.key || (l.key === "schema" && layerOf(i) === "document")).map(formatIssue) })),
      warnings,
      files: outputFiles(objects, {}),
    },
  };
}

/** A zip whose bytes depend only on the files (fixed timestamps), like `servesim export --out x.zip`. */
export function zipOf(files: Readonly<Record<string, string>>): Uint8Array<ArrayBuffer> {
  const mtime = new Date(1980, 0, 1);
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, [strToU8(text), { mtime }]])), { level: 6 }) as Uint8Array<ArrayBuffer>;
}

/** Largest manifest input (text or zip, and a zip's expanded files), as the CLI's lint bounds it. */
export const MAX_MANIFEST_BYTES = 16 << 20;

/** Manifest texts from a dropped or chosen file: YAML/JSON as is, the manifest files inside a zip. */
export async function manifestTexts(file: File): Promise<{ file: string; text: string }[]> {
  if (file.size > MAX_MANIFEST_BYTES) throw new Error(`${file.name}: expected at most ${MAX_MANIFEST_BYTES} bytes, got ${file.size}`);
  if (!/\.zip$/i.test(file.name)) return [{ file: file.name, text: await file.text() }];
  let total = 0;
  const entries = unzipSync(new Uint8Array(await file.arrayBuffer()), {
    filter: (f) => {
      total += f.originalSize;
      if (total > MAX_MANIFEST_BYTES) throw new Error(`${file.name}: expands beyond ${MAX_MANIFEST_BYTES} bytes`);
      return /\.(ya?ml|json)$/i.test(f.name);
    },
  });
  return Object.keys(entries).sort().map((name) => ({ file: `${file.name}:${name}`, text: new TextDecoder().decode(entries[name]) }));
}

export interface LintView {
  readonly documents: number;
  readonly issues: readonly string[];
  readonly skipped: readonly string[];
}

export function lintTexts(texts: readonly { file: string; text: string }[]): LintView {
  const out = { documents: 0, issues: [] as string[], skipped: [] as string[] };
  for (const { file, text } of texts) {
    const r = lintManifests(text, file);
    out.documents += r.documents;
    out.issues.push(...r.issues.map((i) => `${file}${i.document !== undefined ? `#${i.document}` : ""} ${formatIssue(i)}`));
    out.skipped.push(...r.skipped);
  }
  return out;
}

export type ImportView = { readonly ok: true; readonly text: string; readonly notes: readonly string[] } | { readonly ok: false; readonly issues: readonly string[] };

export function importTexts(texts: readonly { file: string; text: string }[]): ImportView {
  const docs: ParsedDocument[] = [];
  const issues: ManifestIssue[] = [];
  for (const { file, text } of texts) {
    const p = parseManifests(text, file);
    docs.push(...p.documents);
    issues.push(...p.issues);
  }
  const r = issues.length > 0 ? { ok: false as const, issues } : importManifests(docs);
  return r.ok ? r : { ok: false, issues: r.issues.map((i) => `${i.file ?? ""}${i.document !== undefined ? `#${i.document}` : ""} ${formatIssue(i)}`) };
}

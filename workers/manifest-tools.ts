/**
 * The browser's manifest tools, run in the tools worker (the OpenAPI validators are large and
 * slow to load): manifests of a scenario with the simulated figures in comments and each of the
 * four validation layers' verdicts, linting of manifest files, and importing them into a scenario.
 */
import { unzipSync } from "fflate";
import { documentYaml, importManifests, lintManifests, outputFiles, parseManifests, toObjects, toYaml, validateObject, yamlRoundTripIssues } from "../src/manifests/index.js";
import type { Figures, ManifestIssue, ParsedDocument } from "../src/manifests/index.js";
import { formatPath, parseScenario } from "../src/scenario/index.js";
import type { ExportOutcome, ImportView, LintView, ManifestFile } from "./protocol.js";

/** The four layers, in the order they run; `rule` prefixes of ManifestIssue map to them. */
const LAYERS = [
  { key: "yaml", label: "YAML round trip", about: "the YAML text reads back as exactly the objects (kubectl's YAML 1.1 reading)" },
  { key: "schema", label: "OpenAPI schema", about: "every object against the Kubernetes v1.32 OpenAPI (and KEDA, Karpenter CRDs)" },
  { key: "allowed-values", label: "allowed values", about: "enumerations and formats the API server enforces (quantities, names, ports)" },
  { key: "semantic", label: "semantic rules", about: "cross-field rules: selectors match labels, HPA min ≤ max, probes within the grace period, …" },
] as const;

const layerOf = (i: ManifestIssue): string => i.rule.split("/")[0] ?? "";
const formatIssue = (i: ManifestIssue): string => `${i.object}${i.path ? ` ${i.path}` : ""}: ${i.message} [${i.rule}]`;

export function exportScenario(text: string, figures: Figures, opts: { readonly keda: boolean; readonly karpenter: boolean }): ExportOutcome {
  const parsed = parseScenario(text, { file: "<editor>" });
  if (!parsed.ok) return { ok: false, message: `the scenario has problems: ${parsed.issues.map((i) => `${i.line}:${i.column} ${formatPath(i.path)}: ${i.message}`).join("; ")}` };
  const { objects, warnings } = toObjects(parsed.scenario, figures, { keda: opts.keda, karpenter: opts.karpenter, source: text });
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

/** Largest manifest input (text or zip, and a zip's expanded files), as the CLI's lint bounds it. */
export const MAX_MANIFEST_BYTES = 16 << 20;

/** Manifest texts of files: YAML/JSON as they are, the manifest files inside a zip (bounded). */
async function manifestTexts(files: readonly ManifestFile[]): Promise<{ file: string; text: string }[]> {
  const out: { file: string; text: string }[] = [];
  for (const f of files) {
    if (!(f instanceof Blob)) {
      out.push({ file: f.name, text: f.text });
      continue;
    }
    if (f.size > MAX_MANIFEST_BYTES) throw new Error(`${f.name}: expected at most ${MAX_MANIFEST_BYTES} bytes, got ${f.size}`);
    if (!/\.zip$/i.test(f.name)) {
      out.push({ file: f.name, text: await f.text() });
      continue;
    }
    let total = 0;
    const entries = unzipSync(new Uint8Array(await f.arrayBuffer()), {
      filter: (e) => {
        total += e.originalSize;
        if (total > MAX_MANIFEST_BYTES) throw new Error(`${f.name}: expands beyond ${MAX_MANIFEST_BYTES} bytes`);
        return /\.(ya?ml|json)$/i.test(e.name);
      },
    });
    for (const name of Object.keys(entries).sort()) out.push({ file: `${f.name}:${name}`, text: new TextDecoder().decode(entries[name]) });
  }
  return out;
}

export async function readManifests(files: readonly ManifestFile[]): Promise<string> {
  return (await manifestTexts(files)).map((t) => `# ${t.file}\n${t.text}`).join("\n---\n");
}

export async function lint(files: readonly ManifestFile[]): Promise<LintView> {
  const out = { documents: 0, issues: [] as string[], skipped: [] as string[] };
  for (const { file, text } of await manifestTexts(files)) {
    const r = lintManifests(text, file);
    out.documents += r.documents;
    out.issues.push(...r.issues.map((i) => `${file}${i.document !== undefined ? `#${i.document}` : ""} ${formatIssue(i)}`));
    out.skipped.push(...r.skipped);
  }
  return out;
}

export async function importInto(files: readonly ManifestFile[]): Promise<ImportView> {
  const docs: ParsedDocument[] = [];
  const issues: ManifestIssue[] = [];
  for (const { file, text } of await manifestTexts(files)) {
    const p = parseManifests(text, file);
    docs.push(...p.documents);
    issues.push(...p.issues);
  }
  const r = issues.length > 0 ? { ok: false as const, issues } : importManifests(docs);
  return r.ok ? r : { ok: false, issues: r.issues.map((i) => `${i.file ?? ""}${i.document !== undefined ? `#${i.document}` : ""} ${formatIssue(i)}`) };
}

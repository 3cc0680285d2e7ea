/** Validation of objects in layers (b) schema, (c) allowed values and (d) semantic rules; (a) is in to-yaml.ts. */
import { apiVerdict } from "./api-resources.js";
import { hasSchema, schemaIssues } from "./schema-check.js";
import { semanticIssues } from "./semantic.js";
import type { ManifestIssue } from "./types.js";

/** `Kind/name` of a document, as issues name it. */
export function objectLabel(doc: unknown): string {
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) return "document";
  const o = doc as Record<string, unknown>;
  const meta = o["metadata"];
  const name = meta !== null && typeof meta === "object" ? (meta as Record<string, unknown>)["name"] : undefined;
  return `${typeof o["kind"] === "string" ? o["kind"] : "(no kind)"}/${typeof name === "string" ? name : "(no name)"}`;
}

export interface ValidateOutcome {
  readonly issues: readonly ManifestIssue[];
  /** Documents whose kind has no schema here: `apiVersion kind: what was checked` (custom resources: nothing; served kinds: the semantic rules). */
  readonly skipped: readonly string[];
}

/**
 * Validates one document (any JSON value): its apiVersion and kind against what Kubernetes v1.32
 * serves, the schema and allowed values, then the semantic rules (written for untrusted data, so
 * they run even when the schema fails).
 */
export function validateObject(doc: unknown): ValidateOutcome {
  const object = objectLabel(doc);
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) return { issues: [{ object, path: "", message: "expected a Kubernetes object (a mapping)", rule: "document/object" }], skipped: [] };
  const o = doc as Record<string, unknown>;
  if (typeof o["apiVersion"] !== "string" || typeof o["kind"] !== "string") {
    const missing = typeof o["apiVersion"] !== "string" ? "apiVersion" : "kind";
    return { issues: [{ object, path: missing, message: `missing required field "${missing}"`, rule: "schema/required" }], skipped: [] };
  }
  const verdict = apiVerdict(o["apiVersion"], o["kind"]);
  if (verdict.status === "refused") return { issues: [{ object, path: verdict.rule === "api/unknown-kind" ? "kind" : "apiVersion", message: verdict.message, rule: verdict.rule }], skipped: [] };
  if (!hasSchema(o["apiVersion"], o["kind"])) {
    const what = `${o["apiVersion"]} ${o["kind"]}`;
    return verdict.status === "served"
      ? { issues: semanticIssues(o, object), skipped: [`${what}: no schema here, only names, labels and pod specs checked`] }
      : { issues: [], skipped: [`${what}: a custom resource, not checked`] };
  }
  return { issues: [...schemaIssues(o, object), ...semanticIssues(o, object)], skipped: [] };
}

/** `file#doc Kind/name path: message [rule]` — one line per issue. */
export function formatManifestIssue(i: ManifestIssue): string {
  const where = i.file !== undefined ? `${i.file}${i.document !== undefined ? `#${i.document}` : ""}${i.item !== undefined ? `.items[${i.item}]` : ""} ` : "";
  return `${where}${i.object}${i.path ? ` ${i.path}` : ""}: ${i.message} [${i.rule}]`;
}

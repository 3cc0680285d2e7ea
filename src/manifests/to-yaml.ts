/**
 * Layer (a) and the output: objects as multi-document YAML that YAML 1.1 readers (PyYAML, older
 * kubectl paths) read as YAML 1.2 readers do: strings such as on, yes, no, y, off, 0755, 1:20 are
 * quoted. The written text is re-parsed both ways and must give back the same objects.
 */
import { isDeepStrictEqual } from "./equal.js";
import { parseAllDocuments, stringify } from "yaml";
import type { ExportedObject, K8sObject, ManifestIssue } from "./types.js";
import { objectLabel } from "./validate.js";

/** Writes values so that both the YAML 1.1 and the 1.2 core schema read them back unchanged. */
const STRINGIFY = { version: "1.1", lineWidth: 0, indentSeq: true, aliasDuplicateObjects: false } as const;

/** One document: its comment lines (`# …`), then the object. */
export function documentYaml(object: K8sObject, comment: string): string {
  const lines = comment === "" ? "" : `${comment.split("\n").map((l) => (l === "" ? "#" : `# ${l}`)).join("\n")}\n`;
  return `${lines}${stringify(object, STRINGIFY)}`;
}

/** All objects as one multi-document stream. */
export const toYaml = (objects: readonly ExportedObject[]): string => objects.map((o) => documentYaml(o.object, o.comment)).join("---\n");

/** Re-parses `text` as YAML 1.1 and 1.2 and compares with the objects; each difference is an issue. */
export function yamlRoundTripIssues(text: string, objects: readonly K8sObject[]): ManifestIssue[] {
  const out: ManifestIssue[] = [];
  for (const version of ["1.1", "1.2"] as const) {
    const docs = parseAllDocuments(text, { version, schema: version === "1.1" ? "yaml-1.1" : "core" });
    const values = Array.isArray(docs) ? docs.map((d) => d.toJS()) : [];
    if (values.length !== objects.length) {
      out.push({ object: "document", path: "", message: `YAML ${version} reads ${values.length} documents, expected ${objects.length}`, rule: "yaml/round-trip" });
      continue;
    }
    objects.forEach((o, i) => {
      if (!isDeepStrictEqual(values[i], o)) out.push({ object: objectLabel(o), document: i, path: "", message: `YAML ${version} reads the document differently from what was written`, rule: "yaml/round-trip" });
    });
  }
  return out;
}

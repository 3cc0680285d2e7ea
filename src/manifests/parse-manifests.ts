/**
 * Reading manifest files: multi-document YAML (or JSON) parsed as kubectl reads it (YAML 1.1
 * booleans, as sigs.k8s.io/yaml), with syntax errors located by line, bounded in documents and aliases.
 */
import { parseAllDocuments } from "yaml";
import type { ManifestIssue } from "./types.js";
import { validateObject } from "./validate.js";

/** Documents one file may hold, and aliases one document may expand. */
export const MANIFEST_LIMITS = { documents: 10_000, aliases: 64, depth: 64 } as const;

/** Nesting depth of a decoded value, without recursion. */
function depthOf(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    max = Math.max(max, d + 1);
    if (max > MANIFEST_LIMITS.depth) return max;
    for (const x of Object.values(v)) stack.push([x, d + 1]);
  }
  return max;
}

const tooDeep = `expected nesting at most ${MANIFEST_LIMITS.depth} levels deep`;

export interface ParsedDocument {
  readonly file: string;
  /** 0-based index among the file's documents. */
  readonly index: number;
  readonly value: unknown;
}

export interface ParsedManifests {
  readonly documents: readonly ParsedDocument[];
  readonly issues: readonly ManifestIssue[];
}

export function parseManifests(text: string, file: string): ParsedManifests {
  const docs = parseAllDocuments(text, { version: "1.1", schema: "yaml-1.1", prettyErrors: true });
  const list = Array.isArray(docs) ? docs : [];
  const issues: ManifestIssue[] = [];
  const documents: ParsedDocument[] = [];
  if (list.length > MANIFEST_LIMITS.documents) {
    return { documents, issues: [{ object: "document", file, path: "", message: `expected at most ${MANIFEST_LIMITS.documents} documents, got ${list.length}`, rule: "document/limit" }] };
  }
  list.forEach((d, index) => {
    const error = d.errors[0];
    if (error) {
      const at = error.linePos?.[0];
      const message = /call stack/i.test(error.message) ? tooDeep : error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
      issues.push({ object: "document", file, document: index, path: "", message: `${at ? `line ${at.line}, column ${at.col}: ` : ""}${message}`, rule: "yaml/syntax" });
      return;
    }
    let value: unknown;
    try {
      value = d.toJS({ maxAliasCount: MANIFEST_LIMITS.aliases });
    } catch (e) {
      const message = e instanceof Error ? e.message.split("\n")[0]! : String(e);
      issues.push({ object: "document", file, document: index, path: "", message: /call stack/i.test(message) ? tooDeep : message, rule: /call stack/i.test(message) ? "yaml/depth" : "yaml/aliases" });
      return;
    }
    if (depthOf(value) > MANIFEST_LIMITS.depth) {
      issues.push({ object: "document", file, document: index, path: "", message: tooDeep, rule: "yaml/depth" });
      return;
    }
    if (value === null || value === undefined) return;
    documents.push({ file, index, value });
  });
  return { documents, issues };
}

export interface LintOutcome {
  readonly documents: number;
  readonly issues: readonly ManifestIssue[];
  /** `file#doc apiVersion kind` of documents without a schema here. */
  readonly skipped: readonly string[];
}

/** Parses and validates every document of one file. */
export function lintManifests(text: string, file: string): LintOutcome {
  const parsed = parseManifests(text, file);
  const issues: ManifestIssue[] = [...parsed.issues];
  const skipped: string[] = [];
  for (const d of parsed.documents) {
    const v = validateObject(d.value);
    issues.push(...v.issues.map((i) => ({ ...i, file, document: d.index })));
    skipped.push(...v.skipped.map((s) => `${file}#${d.index} ${s}`));
  }
  return { documents: parsed.documents.length, issues, skipped };
}

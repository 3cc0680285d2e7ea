/**
 * Reading manifest files: multi-document YAML (or JSON) parsed as kubectl reads it (YAML 1.1
 * booleans, as sigs.k8s.io/yaml), with syntax errors located by line, bounded in documents
 * (counted before parsing), aliases and depth; `List` objects are read item by item.
 */
import { parseAllDocuments } from "yaml";
import type { ManifestIssue } from "./types.js";
import { objectLabel, validateObject } from "./validate.js";

/** Documents (and List items) one file may hold, aliases one document may expand, nesting depth. */
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

/**
 * An upper bound on the documents of a YAML stream, from its markers alone: a line that starts with
 * `---` or `...` (then a blank or the end of the line) may start a document. Counting stops past
 * `limit`, so that a file of millions of separators is refused before the parser sees it.
 */
export function documentMarkers(text: string, limit: number): number {
  let n = 1;
  for (let at = 0; at < text.length && n <= limit; ) {
    const c = text.charCodeAt(at);
    if ((c === 45 || c === 46) && text.charCodeAt(at + 1) === c && text.charCodeAt(at + 2) === c) {
      const next = text.charCodeAt(at + 3);
      if (Number.isNaN(next) || next === 32 || next === 9 || next === 10 || next === 13) n++;
    }
    const nl = text.indexOf("\n", at);
    if (nl < 0) break;
    at = nl + 1;
  }
  return n;
}

export interface ParsedDocument {
  readonly file: string;
  /** 0-based index among the file's documents. */
  readonly index: number;
  /** 0-based index among the items of a `List` document. */
  readonly item?: number;
  readonly value: unknown;
}

export interface ParsedManifests {
  readonly documents: readonly ParsedDocument[];
  readonly issues: readonly ManifestIssue[];
}

/** Whether a document is a list of objects (`kind: List`, or `<Kind>List` with items), which kubectl applies item by item. */
function listItems(value: unknown): unknown[] | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const o = value as Record<string, unknown>;
  return typeof o["kind"] === "string" && o["kind"].endsWith("List") && Array.isArray(o["items"]) ? (o["items"] as unknown[]) : undefined;
}

export function parseManifests(text: string, file: string): ParsedManifests {
  const issues: ManifestIssue[] = [];
  const documents: ParsedDocument[] = [];
  const limit = (got: string): ParsedManifests => ({
    documents: [],
    issues: [{ object: "document", file, path: "", message: `expected at most ${MANIFEST_LIMITS.documents} documents (List items included), got ${got}`, rule: "document/limit" }],
  });
  if (typeof text !== "string") return { documents, issues: [{ object: "document", file, path: "", message: "expected manifest text (YAML or JSON)", rule: "document/text" }] };
  const markers = documentMarkers(text, MANIFEST_LIMITS.documents);
  if (markers > MANIFEST_LIMITS.documents) return limit(`more ('---' separators)`);
  const docs = parseAllDocuments(text, { version: "1.1", schema: "yaml-1.1", prettyErrors: true });
  const list = Array.isArray(docs) ? docs : [];
  let count = 0;
  for (const [index, d] of list.entries()) {
    const error = d.errors[0];
    if (error) {
      const at = error.linePos?.[0];
      const message = /call stack/i.test(error.message) ? tooDeep : error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
      issues.push({ object: "document", file, document: index, path: "", message: `${at ? `line ${at.line}, column ${at.col}: ` : ""}${message}`, rule: "yaml/syntax" });
      continue;
    }
    let value: unknown;
    try {
      value = d.toJS({ maxAliasCount: MANIFEST_LIMITS.aliases });
    } catch (e) {
      const message = e instanceof Error ? e.message.split("\n")[0]! : String(e);
      issues.push({ object: "document", file, document: index, path: "", message: /call stack/i.test(message) ? tooDeep : message, rule: /call stack/i.test(message) ? "yaml/depth" : "yaml/aliases" });
      continue;
    }
    if (depthOf(value) > MANIFEST_LIMITS.depth) {
      issues.push({ object: "document", file, document: index, path: "", message: tooDeep, rule: "yaml/depth" });
      continue;
    }
    if (value === null || value === undefined) continue;
    const items = listItems(value);
    count += items?.length ?? 1;
    if (count > MANIFEST_LIMITS.documents) return limit(String(count));
    if (items === undefined) documents.push({ file, index, value });
    else items.forEach((item, i) => documents.push({ file, index, item: i, value: item }));
  }
  return { documents, issues };
}

export interface LintOutcome {
  readonly documents: number;
  readonly issues: readonly ManifestIssue[];
  /** `file#doc apiVersion kind` of documents without a schema here. */
  readonly skipped: readonly string[];
}

/** Where an object was first seen, by identity (API group, kind, namespace, name): the same object twice is applied once, the last copy winning. */
export type ObjectRegistry = Map<string, string>;

const where = (d: ParsedDocument): string => `${d.file}#${d.index}${d.item !== undefined ? `.items[${d.item}]` : ""}`;

function identity(value: unknown): string | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const o = value as Record<string, unknown>;
  const meta = o["metadata"] as Record<string, unknown> | undefined;
  if (typeof o["apiVersion"] !== "string" || typeof o["kind"] !== "string" || typeof meta?.["name"] !== "string") return undefined;
  const group = o["apiVersion"].includes("/") ? o["apiVersion"].slice(0, o["apiVersion"].lastIndexOf("/")) : "";
  return `${group}\u0000${o["kind"]}\u0000${typeof meta["namespace"] === "string" ? meta["namespace"] : ""}\u0000${meta["name"]}`;
}

/** Parses and validates every document of one file; `seen` (shared across files) finds the same object written twice. */
export function lintManifests(text: string, file: string, seen: ObjectRegistry = new Map()): LintOutcome {
  const parsed = parseManifests(text, file);
  const issues: ManifestIssue[] = [...parsed.issues];
  const skipped: string[] = [];
  for (const d of parsed.documents) {
    const at = { file, document: d.index, ...(d.item !== undefined ? { item: d.item } : {}) };
    const v = validateObject(d.value);
    issues.push(...v.issues.map((i) => ({ ...i, ...at })));
    skipped.push(...v.skipped.map((s) => `${where(d)} ${s}`));
    const id = identity(d.value);
    if (id === undefined) continue;
    const first = seen.get(id);
    if (first !== undefined) issues.push({ object: objectLabel(d.value), ...at, path: "metadata.name", message: `the same object is also at ${first}: applying both keeps only the last`, rule: "document/duplicate-object" });
    else seen.set(id, where(d));
  }
  return { documents: parsed.documents.length, issues, skipped };
}

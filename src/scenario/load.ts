/**
 * Loading a scenario from YAML or JSON text: bounded parsing, schema validation, and issues
 * that carry file, line and column of the offending YAML node. Errors are data, never thrown.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import type { Document, Node as YamlNode } from "yaml";
import type * as z from "zod";
import { KEY_MESSAGE_SEPARATOR } from "./fields.js";
import { describeIssue } from "./errors.js";
import { Limits } from "./limits.js";
import { scenarioSchema } from "./schema.js";
import type { Scenario } from "./schema.js";

export type PathSegment = string | number;

/** One problem in a scenario: where it is and what was expected. */
export interface ScenarioIssue {
  readonly file: string;
  /** 1-based line and column of the offending node (or its closest existing ancestor). */
  readonly line: number;
  readonly column: number;
  readonly path: readonly PathSegment[];
  readonly message: string;
}

export type ParseOutcome = { readonly ok: true; readonly scenario: Scenario } | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

export interface ParseOptions {
  /** Name shown in issues (a file path, or "<editor>"). */
  readonly file?: string;
  /** Values that replace the file's own before validation (from the command line); validated like them. */
  readonly overrides?: { readonly seed?: string | number; readonly duration?: string | number };
}

/** Parses scenario text (YAML 1.2 or JSON). */
export function parseScenario(text: string, options: ParseOptions = {}): ParseOutcome {
  const o: ParseOptions = options ?? {};
  const r = parseDocumentAs(text, scenarioSchema, { file: typeof o.file === "string" ? o.file : "<scenario>", what: "a scenario", prepare: (data) => withOverrides(data, o.overrides) });
  return r.ok ? { ok: true, scenario: deepFreeze(r.value) } : r;
}

export type DocumentOutcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

export interface DocumentOptions {
  /** Name shown in issues. */
  readonly file: string;
  /** What the document is, for the size message ("a scenario"). */
  readonly what?: string;
  /** Changes the decoded data before validation (command-line overrides). */
  readonly prepare?: (data: unknown) => unknown;
}

/**
 * Parses YAML or JSON text with the input bounds of `Limits` and validates it with `schema`;
 * every issue carries the file, line and column of the offending node and what was expected.
 */
export function parseDocumentAs<S extends z.ZodType>(text: string, schema: S, options: DocumentOptions): DocumentOutcome<z.output<S>> {
  const file = typeof options?.file === "string" ? options.file : "<document>";
  const at = (line: number, column: number, message: string): DocumentOutcome<z.output<S>> => ({ ok: false, issues: [{ file, line, column, path: [], message }] });
  // The library is called from JavaScript too: anything but text is an issue, not a TypeError.
  if (typeof text !== "string") return at(1, 1, `expected ${options?.what ?? "a document"} as text (YAML or JSON), got ${text === null ? "null" : Array.isArray(text) ? "a list" : typeof text}`);
  if (text.length > Limits.fileBytes) return at(1, 1, `expected ${options.what ?? "a document"} of at most ${Limits.fileBytes} bytes, got ${text.length}`);
  const flowDepth = maxFlowDepth(text);
  if (flowDepth > Limits.nestingDepth) return at(1, 1, `expected nesting at most ${Limits.nestingDepth} levels deep, got ${flowDepth}`);

  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  let data: unknown;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    // A second document is reported before anything the parser made of it.
    const error = doc.errors.find((e) => e.code === "MULTIPLE_DOCS") ?? doc.errors[0];
    if (error) {
      const pos = lineCounter.linePos(error.pos[0]);
      return at(pos.line, pos.col, yamlProblem(error.code, error.message, options.what ?? "a document"));
    }
    data = doc.toJS({ maxAliasCount: Limits.yamlAliases });
  } catch (e) {
    // The yaml library throws for alias bombs (ReferenceError) and runaway recursion (RangeError).
    return at(1, 1, yamlProblem(undefined, e instanceof Error ? e.message : String(e), options.what ?? "a document"));
  }
  const depth = nodeDepth(doc.contents);
  if (depth > Limits.nestingDepth) return at(1, 1, `expected nesting at most ${Limits.nestingDepth} levels deep, got ${depth}`);

  // A document is parsed once: zod's compiled fast path (`new Function`, per object schema, kept by
  // no code cache) costs more to build than it saves on one parse. Same results and issues.
  const parsed = schema.safeParse(options.prepare ? options.prepare(data) : data, { reportInput: true, jitless: true });
  if (parsed.success) return { ok: true, value: parsed.data };
  const outcome = { issues: parsed.error.issues.flatMap((i) => toIssues(i, file)) };
  const locate = (path: readonly PathSegment[], isKey: boolean) => {
    const offset = offsetOf(doc, path, isKey);
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  return {
    ok: false,
    issues: sortIssues(outcome.issues.map((i) => ({ ...i, ...locate(i.path, keyIssues.has(i)) }))),
  };
}

/** The message of a YAML error: ours for the cases users meet (nesting, several documents), else the library's first line. */
function yamlProblem(code: string | undefined, message: string, what: string): string {
  // Deep block nesting (`- - - - …`) exhausts the parser's stack before any depth check can run.
  if (/call stack/i.test(message)) return `expected nesting at most ${Limits.nestingDepth} levels deep`;
  if (code === "MULTIPLE_DOCS") return `expected one YAML document, found a second one here ('---' starts a new document): ${what} is a single document`;
  return `invalid YAML: ${message.split("\n")[0]}`;
}

/** Validates an already-decoded scenario object (from JSON.parse, a test or the UI). Issues carry paths; line and column are 1:1. */
export function validateScenario(data: unknown, file = "<scenario>"): ParseOutcome {
  const r = scenarioSchema.safeParse(data, { reportInput: true });
  if (r.success) return { ok: true, scenario: deepFreeze(r.data) };
  return { ok: false, issues: sortIssues(r.error.issues.flatMap((i) => toIssues(i, file))) };
}

/** Issues about a mapping's key (an unknown field, a key that breaks its rule): located at the key, not its value. */
const keyIssues = new WeakSet<ScenarioIssue>();

function toIssues(issue: z.core.$ZodIssue, file: string): ScenarioIssue[] {
  const path = issue.path.filter((p): p is PathSegment => typeof p !== "symbol");
  if (issue.code === "unrecognized_keys") {
    const messages = issue.message.split(KEY_MESSAGE_SEPARATOR);
    const out = issue.keys.map((k, i) => ({ file, line: 1, column: 1, path: [...path, k], message: messages[i] ?? `unknown field "${k}"` }));
    out.forEach((i) => keyIssues.add(i));
    return out;
  }
  const out = { file, line: 1, column: 1, path, message: describeIssue(issue, path) };
  if (issue.code === "invalid_key" || (issue.code === "custom" && path.at(-1) === "__proto__")) keyIssues.add(out);
  return [out];
}

const sortIssues = (issues: ScenarioIssue[]): ScenarioIssue[] =>
  issues.sort((a, b) => a.line - b.line || a.column - b.column || a.path.join(".").localeCompare(b.path.join(".")));

function withOverrides(data: unknown, overrides: ParseOptions["overrides"]): unknown {
  if (overrides === undefined || data === null || typeof data !== "object" || Array.isArray(data)) return data;
  const out: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  if (overrides.seed !== undefined) out["seed"] = overrides.seed;
  if (overrides.duration !== undefined) out["duration"] = overrides.duration;
  return out;
}

/** Offset of the node at `path` (its key when `isKey`), or of its closest existing ancestor. */
function offsetOf(doc: Document.Parsed, path: readonly PathSegment[], isKey: boolean): number {
  let node: unknown = doc.contents;
  let offset = (node as YamlNode | null)?.range?.[0] ?? 0;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      const target = last && isKey ? pair.key : pair.value;
      node = target;
      const range = (target as YamlNode | null)?.range;
      if (range) offset = range[0];
    } else if (isSeq(node) && typeof seg === "number") {
      const item = node.items[seg];
      if (item === undefined) break;
      node = item;
      const range = (item as YamlNode | null)?.range;
      if (range) offset = range[0];
    } else break;
  }
  return offset;
}

/** Depth of nested collections in the parsed document (iterative, so depth cannot blow the stack). */
function nodeDepth(root: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (isMap(node)) {
      max = Math.max(max, depth);
      for (const p of node.items) stack.push([p.value, depth + 1]);
    } else if (isSeq(node)) {
      max = Math.max(max, depth);
      for (const item of node.items) stack.push([item, depth + 1]);
    }
  }
  return max;
}

/** Bracket depth of flow collections, checked before parsing so that `[[[[…` cannot exhaust the parser's stack. */
function maxFlowDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let quote = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote !== "") {
      if (c === quote) quote = "";
      else if (c === "\\" && quote === '"') i++;
    } else if ((c === '"' || c === "'") && (i === 0 || /[\s[{,:]/.test(text[i - 1]!))) quote = c;
    else if (c === "#" && (i === 0 || /\s/.test(text[i - 1]!))) {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "[" || c === "{") max = Math.max(max, ++depth);
    else if (c === "]" || c === "}") depth = Math.max(0, depth - 1);
  }
  return max;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

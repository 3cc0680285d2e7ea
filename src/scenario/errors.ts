/** Turning zod issues into the messages users read: what was expected, and what was found. */
import type * as z from "zod";
import type { PathSegment, ScenarioIssue } from "./load.js";

/** `services[0].model["nvidia.com/gpu"]`; the document root is `(root)`. */
export function formatPath(path: readonly PathSegment[]): string {
  if (path.length === 0) return "(root)";
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(seg)) out += out === "" ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** `file:line:col path: message`, the one-line form the CLI prints. */
export const formatIssue = (i: ScenarioIssue): string => `${i.file}:${i.line}:${i.column} ${formatPath(i.path)}: ${i.message}`;

/** A short description of a found value, for "got …". */
function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}

const noun: Record<string, string> = {
  number: "a number",
  int: "an integer",
  string: "a string",
  boolean: "true or false",
  object: "a mapping",
  array: "a list",
  record: "a mapping",
};

export function describeIssue(issue: z.core.$ZodIssue, path: readonly PathSegment[]): string {
  const input = "input" in issue ? issue.input : undefined;
  switch (issue.code) {
    case "invalid_type":
      if (input === undefined) return `missing required field "${String(path.at(-1) ?? "")}"`;
      return `expected ${noun[issue.expected] ?? issue.expected}, got ${describe(input)}`;
    case "too_big":
    case "too_small": {
      const bound = String(issue.code === "too_big" ? issue.maximum : issue.minimum);
      const cmp = issue.code === "too_big" ? (issue.inclusive ? "≤" : "<") : issue.inclusive ? "≥" : ">";
      if (issue.origin === "array") return `expected ${issue.code === "too_big" ? "at most" : "at least"} ${bound} items, got ${(input as unknown[] | undefined)?.length ?? "?"}`;
      if (issue.origin === "string") return `expected ${issue.code === "too_big" ? "at most" : "at least"} ${bound} characters, got ${(input as string | undefined)?.length ?? "?"}`;
      return `expected a number ${cmp} ${bound}, got ${describe(input)}`;
    }
    case "not_multiple_of":
      return `expected a multiple of ${String(issue.divisor)}, got ${describe(input)}`;
    case "invalid_value":
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(" | ")}, got ${describe(input)}`;
    case "invalid_union":
      if ("discriminator" in issue && issue.discriminator !== undefined) {
        const found = (input as Record<string, unknown> | undefined)?.[issue.discriminator as string];
        return `${issue.message}, got ${describe(found)}`;
      }
      return issue.message;
    case "invalid_format":
      // The Kubernetes name rules quote the value themselves ("invalid label key "x": expected …").
      return issue.message.startsWith("invalid ") ? issue.message : `${issue.message}, got ${describe(input)}`;
    case "invalid_key": {
      // A record key that fails its own rule: the key's message names the rule.
      const inner = issue.issues[0];
      return inner ? describeIssue(inner, path) : `invalid key ${JSON.stringify(path.at(-1))}`;
    }
    default:
      return issue.message;
  }
}

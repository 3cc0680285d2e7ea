/** Zod helpers for plugin args and profiles: strict objects whose unknown keys name the valid ones. */
import * as z from "zod";
import { strict } from "../cluster/index.js";

// The cluster's API schemas and the scheduler's arguments reject unknown keys alike.
export { strict };

/** `{ name, weight }` of a resource a scoring plugin looks at; weight 0 or absent means 1, as upstream defaults. */
export const resourceSpec = (maxWeight: number) =>
  strict({
    name: z.string().min(1).max(253),
    weight: z
      .number()
      .int()
      .min(0)
      .max(maxWeight)
      .default(1)
      .transform((w) => (w === 0 ? 1 : w)),
  });

/** Rejects a list that names a resource twice (field.Duplicate upstream). */
export const uniqueNames = <T extends { readonly name: string }>(list: readonly T[], ctx: z.RefinementCtx, path: (string | number)[]) => {
  const seen = new Set<string>();
  list.forEach((r, i) => {
    if (seen.has(r.name)) ctx.addIssue({ code: "custom", path: [...path, i, "name"], message: `duplicate resource "${r.name}"` });
    seen.add(r.name);
  });
};

/** A plugin-args issue as users read it: what was expected, and what was found. */
export function describeArgIssue(issue: z.core.$ZodIssue): string {
  const input = "input" in issue ? issue.input : undefined;
  const found = input === undefined ? "nothing" : JSON.stringify(input);
  switch (issue.code) {
    case "invalid_value":
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(" | ")}, got ${found}`;
    case "invalid_type":
      return input === undefined ? "missing required field" : `expected ${issue.expected}, got ${found}`;
    case "too_big":
    case "too_small":
      return `expected ${issue.code === "too_big" ? "at most" : "at least"} ${String(issue.code === "too_big" ? issue.maximum : issue.minimum)}${issue.origin === "array" ? " items" : ""}, got ${Array.isArray(input) ? input.length : found}`;
    default:
      return issue.message;
  }
}

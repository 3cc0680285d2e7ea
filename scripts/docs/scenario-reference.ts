/**
 * docs/reference/scenario.md from the zod schema: one table per object (field, type with its
 * bounds, default, description from the schema's TSDoc), variants of unions as their own tables.
 */
import * as z from "zod";
import { scenarioSchema } from "../../src/scenario/index.js";
import { formatBytes, formatCpu, formatDuration, formatRate } from "../../src/units/index.js";
import { schemaDocs } from "./schema-docs.js";

interface Def {
  readonly type: string;
  readonly [key: string]: unknown;
}
type Schema = z.core.$ZodType;
const def = (s: Schema): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

interface Row {
  readonly field: string;
  readonly type: string;
  readonly required: boolean;
  readonly defaultValue: string;
  readonly description: string;
}

interface Section {
  readonly path: string;
  readonly title: string;
  readonly rows: Row[];
}

/** A quantity's default as a person writes it (the schema stores base units). */
const QUANTITY_FORMAT: Readonly<Record<string, (v: number) => string>> = {
  duration: formatDuration,
  size: (v) => formatBytes(v),
  "cpu quantity": formatCpu,
  rate: formatRate,
  bandwidth: (v) => `${formatBytes(v)}/s`,
};

const code = (s: string) => `\`${s}\``;
const json = (v: unknown) => code(JSON.stringify(v));

/** Bounds of a string, number or array schema from its checks. */
function bounds(s: Schema): { min?: number; max?: number; integer?: boolean; pattern?: string } {
  const out: { min?: number; max?: number; integer?: boolean; pattern?: string } = {};
  for (const c of (def(s)["checks"] as Schema[] | undefined) ?? []) {
    const d = def(c) as Def & { check?: string; value?: number; minimum?: number; maximum?: number; format?: string; pattern?: RegExp };
    switch (d.check) {
      case "min_length":
        out.min = d.minimum!;
        break;
      case "max_length":
        out.max = d.maximum!;
        break;
      case "greater_than":
        out.min = d.value!;
        break;
      case "less_than":
        out.max = d.value!;
        break;
      case "number_format":
        out.integer = d.format === "safeint" || d.format === "int32";
        break;
      case "string_format":
        if (d.pattern) out.pattern = d.pattern.source;
        break;
    }
  }
  return out;
}

const range = (b: { min?: number; max?: number }, unit = "") =>
  b.min !== undefined && b.max !== undefined ? ` ${b.min}–${b.max}${unit}` : b.min !== undefined ? ` ≥ ${b.min}${unit}` : b.max !== undefined ? ` ≤ ${b.max}${unit}` : "";

/** Unwraps optional, default, nullable, readonly and lazy layers: the schema, its default and whether it may be left out. */
function unwrap(s: Schema): { inner: Schema; defaultValue?: unknown; optional: boolean } {
  let inner = s;
  let optional = false;
  let defaultValue: unknown;
  for (;;) {
    const d = def(inner);
    if (d.type === "optional" || d.type === "nullable" || d.type === "readonly" || d.type === "catch") {
      optional ||= d.type === "optional";
      inner = d["innerType"] as Schema;
    } else if (d.type === "default" || d.type === "prefault") {
      optional = true;
      if (defaultValue === undefined) defaultValue = d["defaultValue"];
      inner = d["innerType"] as Schema;
    } else if (d.type === "lazy") inner = (d["getter"] as () => Schema)();
    else return { inner, defaultValue, optional };
  }
}

const isObject = (s: Schema) => def(unwrap(s).inner).type === "object";
const quantityOf = (s: Schema) => z.globalRegistry.get(s as z.ZodType) as { quantity?: string; min?: number; max?: number } | undefined;

export function scenarioReference(docs: Map<string, string>): string {
  const sections: Section[] = [];
  const documented = new Map<Schema, string>();
  const typeText = (s: Schema, path: string): string => {
    const meta = quantityOf(s);
    if (meta?.quantity) {
      const f = QUANTITY_FORMAT[meta.quantity] ?? String;
      return `${meta.quantity} (${f(meta.min!)}–${f(meta.max!)})`;
    }
    const d = def(s);
    switch (d.type) {
      case "string": {
        const b = bounds(s);
        return `string${b.max !== undefined ? ` (≤ ${b.max} chars${b.pattern ? `, ${code(b.pattern)}` : ""})` : ""}`;
      }
      case "number": {
        const b = bounds(s);
        return `${b.integer ? "integer" : "number"}${range(b)}`;
      }
      case "boolean":
        return "boolean";
      case "literal":
        return (d["values"] as unknown[]).map((v) => json(v)).join(" \\| ");
      case "enum":
        return Object.values(d["entries"] as Record<string, unknown>).map((v) => json(v)).join(" \\| ");
      case "array": {
        const b = bounds(s);
        return `list of ${typeText(unwrap(d["element"] as Schema).inner, `${path}[]`)}${b.max !== undefined ? ` (≤ ${b.max})` : ""}`;
      }
      case "record":
        return `map of ${typeText(unwrap(d["valueType"] as Schema).inner, `${path}.*`)}`;
      case "object": {
        const title = objectSection(s, path, path);
        return `object, see [${title}](#${anchor(title)})`;
      }
      case "union": {
        const options = d["options"] as Schema[];
        const disc = d["discriminator"] as string | undefined;
        if (options.every(isObject)) {
          return options
            .map((o, i) => {
              const shape = def(unwrap(o).inner)["shape"] as Record<string, Schema>;
              const tag = disc ? `${disc}: ${(def(unwrap(shape[disc]!).inner)["values"] as unknown[]).join("")}` : `variant ${i + 1}`;
              const title = objectSection(unwrap(o).inner, path, `${path} (${tag})`);
              return `[${tag}](#${anchor(title)})`;
            })
            .join(", ");
        }
        return options.map((o) => typeText(unwrap(o).inner, path)).join(" or ");
      }
      case "pipe":
        // A guard in front of the real schema (recordOf: z.unknown() checked, then the record) is described by what it parses to.
        return def(d["in"] as Schema).type === "unknown" ? typeText(d["out"] as Schema, path) : typeText(d["in"] as Schema, path);
      case "intersection":
        return `${typeText(d["left"] as Schema, path)} and ${typeText(d["right"] as Schema, path)}`;
      default:
        return d.type;
    }
  };
  /** Documents an object once (a schema used at several paths links to its first section); returns the section's title. */
  const objectSection = (s: Schema, path: string, title: string): string => {
    const first = documented.get(s);
    if (first !== undefined) return first;
    documented.set(s, title);
    const section: Section = { path, title, rows: [] };
    sections.push(section);
    for (const [key, field] of Object.entries(def(s)["shape"] as Record<string, Schema>)) {
      const at = path === "" ? key : `${path}.${key}`;
      const { inner, defaultValue, optional } = unwrap(field);
      const format = QUANTITY_FORMAT[quantityOf(inner)?.quantity ?? ""];
      const empty = typeof defaultValue === "object" && defaultValue !== null && Object.keys(defaultValue).length === 0;
      const dv = defaultValue === undefined || empty ? "" : format && typeof defaultValue === "number" ? code(format(defaultValue)) : json(defaultValue);
      section.rows.push({ field: key, type: typeText(inner, at), required: !optional, defaultValue: dv, description: docs.get(at) ?? "" });
    }
    return title;
  };
  objectSection(scenarioSchema, "", "Top level");
  const table = (rows: readonly Row[]) => [
    "| field | type | default | description |",
    "|---|---|---|---|",
    ...rows.map((r) => `| ${code(r.field)}${r.required ? " (required)" : ""} | ${r.type} | ${r.defaultValue} | ${r.description.replace(/\|/g, "\\|")} |`),
  ];
  // Sections with the same fields as an earlier one (the scheduler's extension points) point to it.
  const bodies = new Map<string, string>();
  const body = sections.flatMap((s) => {
    const rows = table(s.rows);
    const key = rows.join("\n");
    const same = bodies.get(key);
    if (same === undefined) bodies.set(key, s.title);
    return ["", `## ${s.title}`, "", ...(same === undefined ? rows : [`Same fields as [${same}](#${anchor(same)}).`])];
  });
  return [
    "# Scenario reference",
    "",
    "<!-- Generated by `npm run docs` from the zod schema in src/scenario and its TSDoc comments: do not edit by hand. -->",
    "",
    "A scenario is a YAML or JSON file with `apiVersion: servesim/v1` and `kind: Scenario`. Unknown",
    "fields are errors that suggest the closest valid name. Quantities take units: durations `250ms`, `5m`,",
    "`1h30m`; sizes `16Gi`, `9GB`; CPU `500m`, `8`; rates `7.2/s`, `100/min`; bandwidths `100MB/s`; a plain",
    "number is in base units (seconds, bytes, cores, per second). Each table lists an object's fields; a",
    "field without a default and not marked required may be left out. The [tutorial](../tutorial.md) shows",
    "them in use and [concepts](../concepts.md) explains what they model.",
    ...body,
    "",
  ].join("\n");
}

const anchor = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, "")
    .replace(/ /g, "-");

export function generateScenarioReference(schemaFile = "src/scenario/schema.ts"): string {
  return scenarioReference(schemaDocs(schemaFile));
}

/** Zod building blocks shared by the scenario schema: strict objects with suggestions, unit-bearing fields, names. */
import * as z from "zod";
import { formatBytes, formatCpu, formatDuration, formatRate, parseBytes, parseCpu, parseDuration, parseRate } from "../units/index.js";
import type { ParseResult } from "../units/index.js";
import { k8sName, labelMapSchema } from "../cluster/index.js";
import { unknownName } from "./suggest.js";

/** Separates the per-key messages of one unrecognized_keys issue; load.ts splits them back into one issue per key. */
export const KEY_MESSAGE_SEPARATOR = "\n";

/** A strict object: unknown fields are errors that suggest the closest valid name. */
export function strictObject<S extends z.ZodRawShape>(shape: S) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? issue.keys.map((k) => unknownName("field", k, known)).join(KEY_MESSAGE_SEPARATOR)
        : undefined,
  });
}

type Parser = (input: string | number) => ParseResult<number>;

/**
 * One schema per rule and range, built the first time a field asks for it: schemas are immutable,
 * so one instance serves every field with the same rule, and building the scenario schema (once
 * per process, before the first parse) makes fewer zod objects.
 */
const made = new Map<string, z.ZodType>();
function once<S extends z.ZodType>(key: string, build: () => S): S {
  let schema = made.get(key) as S | undefined;
  if (schema === undefined) made.set(key, (schema = build()));
  return schema;
}

/** A quantity written with units (e.g. "5m", "16Gi"), checked against [min, max] and stored in base units. */
const quantity = (parse: Parser, format: (v: number) => string, what: string, min: number, max: number) =>
  once(`quantity ${what} ${min} ${max}`, () =>
    z.union([z.number(), z.string().max(64)], { error: `expected a ${what} (a number or a string with a unit)` }).transform((input, ctx) => {
      const r = parse(input);
      if (!r.ok) {
        ctx.addIssue({ code: "custom", message: r.error, input });
        return z.NEVER;
      }
      if (r.value < min || r.value > max) {
        const range = min === 0 ? `at most ${format(max)}` : `between ${format(min)} and ${format(max)}`;
        ctx.addIssue({ code: "custom", message: `expected a ${what} ${range}, got ${JSON.stringify(input)}`, input });
        return z.NEVER;
      }
      return r.value;
    }).meta({ quantity: what, min, max }), // read by the generated scenario reference (npm run docs)
  );

/** Seconds; accepts "250ms", "5m", "1h30m" or a number of seconds. */
export const duration = (min: number, max: number) => quantity(parseDuration, formatDuration, "duration", min, max);
/** Bytes; accepts "16Gi", "9GB" or a number of bytes. */
export const bytes = (min: number, max: number) => quantity(parseBytes, (v) => formatBytes(v, { binary: true }), "size", min, max);
/** Millicores; accepts "500m", "8" or a number of cores. */
export const cpu = (min: number, max: number) => quantity(parseCpu, formatCpu, "cpu quantity", min, max);
/** Bytes per second; accepts "100MB/s", "1Gi/s" or a number of bytes per second. */
export const bandwidth = (min: number, max: number) =>
  quantity(
    (input) => {
      if (typeof input === "number") return parseBytes(input);
      const m = /^(.*)\/s$/.exec(input.trim());
      if (!m) return { ok: false, error: `invalid bandwidth ${JSON.stringify(input)}: expected bytes per second such as "100MB/s" or "1Gi/s"` };
      return parseBytes(m[1]!.trim());
    },
    (v) => `${formatBytes(v, { binary: true })}/s`,
    "bandwidth",
    min,
    max,
  );

/** Events per second; accepts "7.2/s", "100/min" or a number per second. */
export const rate = (min: number, max: number) => quantity(parseRate, formatRate, "rate", min, max);

/** A DNS-1123 label: what Kubernetes accepts as a Deployment, container or node-pool name. */
export const dnsLabel = (max: number, what = "name") => once(`dns1123Label ${what} ${max}`, () => k8sName("dns1123Label", what, max));

/** A DNS-1035 label: what Kubernetes accepts as a Service name (it must start with a letter). */
export const dns1035Label = (max: number, what = "name") => once(`dns1035Label ${what} ${max}`, () => k8sName("dns1035Label", what, max));

/** A DNS-1123 subdomain: priority class and scheduler names. */
export const dnsSubdomain = (what = "name") => once(`dns1123Subdomain ${what}`, () => k8sName("dns1123Subdomain", what, 253));

/** An integer count in [min, max]. */
export const count = (min: number, max: number) => once(`count ${min} ${max}`, () => z.number().int().min(min).max(max));

/** Kubernetes label map (qualified-name keys, label values), bounded in entries. */
export const labels = (maxEntries: number) => labelMapSchema.refine((m) => Object.keys(m).length <= maxEntries, { error: `expected at most ${maxEntries} labels` });

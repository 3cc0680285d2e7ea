/**
 * Zod schemas of the core/v1 shapes in ./api.ts (taints, tolerations, node and label selectors,
 * node affinity, topology spread), shared by scenario files, scheduler plugin args and golden
 * tables. Every list and string is bounded (ApiLimits); unknown fields are errors.
 */
import * as z from "zod";
import { K8S_NAME_PATTERNS, k8sNameProblem } from "../units/index.js";
import type { K8sNameRule } from "../units/index.js";
import type { LabelSelector, NodeAffinity, NodeSelectorTerm, Taint, Toleration, TopologySpreadConstraint } from "./api.js";

export const ApiLimits = {
  /** A qualified name: a DNS-1123 subdomain prefix (253), "/", a name (63). */
  keyLength: 317,
  valueLength: 63,
  values: 64,
  expressions: 32,
  terms: 16,
  preferredTerms: 32,
  tolerations: 64,
  taints: 64,
  labels: 64,
  spreadConstraints: 16,
  matchLabelKeys: 16,
} as const;

const L = ApiLimits;

/** A strict object; an unknown key reads `unknown field "x" (expected one of a, b)`, one message per key. */
export function strict<S extends z.ZodRawShape>(shape: S) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? issue.keys.map((k) => `unknown field "${k}" (expected one of ${known.join(", ")})`).join("\n")
        : undefined,
  });
}

/** A string bounded by `max` that passes a Kubernetes name rule; the message names `what` and the rule. */
export function k8sName(rule: K8sNameRule, what: string, max: number, allowEmpty = false) {
  const pattern = allowEmpty ? new RegExp(`^$|${K8S_NAME_PATTERNS[rule].source}`) : K8S_NAME_PATTERNS[rule];
  return z
    .string()
    .max(max)
    .regex(pattern, { error: (issue) => k8sNameProblem(rule, String(issue.input), what) });
}

/**
 * A record whose keys pass `key`. A `__proto__` key (which zod's record drops without a word) is
 * checked by the key schema too, so that it is refused with the key's own rule. Typed as the
 * record it parses to: the guard in front accepts whatever the record accepts.
 */
export function recordOf<K extends z.ZodType<string, string>, V extends z.ZodType>(keySchema: K, valueSchema: V): z.ZodRecord<K, V> {
  const guard = z.unknown().superRefine((v, ctx) => {
    if (v === null || typeof v !== "object" || !Object.hasOwn(v, "__proto__")) return;
    const r = keySchema.safeParse("__proto__");
    const message = r.success ? 'key "__proto__" is not allowed here' : (r.error.issues[0]?.message ?? 'invalid key "__proto__"');
    ctx.addIssue({ code: "custom", path: ["__proto__"], message, input: "__proto__" });
  });
  return guard.pipe(z.record(keySchema, valueSchema)) as unknown as z.ZodRecord<K, V>;
}

const qualified = (what: string) => k8sName("qualifiedName", what, L.keyLength);
const key = qualified("label key");
const value = k8sName("labelValue", "label value", L.valueLength);
const values = z.array(value).max(L.values);

/** Labels (or a node selector): qualified-name keys, label values. */
export const labelMapSchema = recordOf(key, value).refine((m) => Object.keys(m).length <= L.labels, { error: `expected at most ${L.labels} labels` });

const effect = z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]);

export const taintSchema: z.ZodType<Taint> = strict({ key: qualified("taint key"), value: k8sName("labelValue", "taint value", L.valueLength).optional(), effect });

export const tolerationSchema: z.ZodType<Toleration> = strict({
  /** Empty (with operator Exists): every taint. */
  key: k8sName("qualifiedName", "toleration key", L.keyLength, true).optional(),
  operator: z.enum(["Equal", "Exists", "Gt", "Lt"]).optional(),
  value: k8sName("labelValue", "toleration value", L.valueLength).optional(),
  effect: z.union([effect, z.literal("")]).optional(),
  tolerationSeconds: z.number().int().optional(),
}).superRefine((t, ctx) => {
  if (t.operator === "Exists" && t.value !== undefined && t.value !== "") ctx.addIssue({ code: "custom", path: ["value"], message: "expected no value with operator Exists" });
  if ((t.key === undefined || t.key === "") && t.operator !== "Exists") ctx.addIssue({ code: "custom", path: ["operator"], message: "expected operator Exists when the key is empty" });
});

/** Node selector requirement values are not label values upstream (only In/NotIn need some, Gt/Lt one integer). */
const requirement = strict({
  key: qualified("node selector key"),
  operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"]),
  values: z.array(z.string().max(L.valueLength)).max(L.values).optional(),
}).superRefine((r, ctx) => {
  const n = r.values?.length ?? 0;
  if ((r.operator === "In" || r.operator === "NotIn") && n === 0) ctx.addIssue({ code: "custom", path: ["values"], message: `expected at least one value with operator ${r.operator}` });
  if ((r.operator === "Exists" || r.operator === "DoesNotExist") && n > 0) ctx.addIssue({ code: "custom", path: ["values"], message: `expected no values with operator ${r.operator}` });
  if ((r.operator === "Gt" || r.operator === "Lt") && (n !== 1 || !/^[+-]?\d+$/.test(r.values![0]!))) {
    ctx.addIssue({ code: "custom", path: ["values"], message: `expected exactly one integer value with operator ${r.operator}` });
  }
});

export const nodeSelectorTermSchema: z.ZodType<NodeSelectorTerm> = strict({
  matchExpressions: z.array(requirement).max(L.expressions).optional(),
  matchFields: z.array(requirement).max(L.expressions).optional(),
});

export const nodeAffinitySchema: z.ZodType<NodeAffinity> = strict({
  requiredDuringSchedulingIgnoredDuringExecution: strict({ nodeSelectorTerms: z.array(nodeSelectorTermSchema).min(1).max(L.terms) }).optional(),
  preferredDuringSchedulingIgnoredDuringExecution: z
    .array(strict({ weight: z.number().int().min(1).max(100), preference: nodeSelectorTermSchema }))
    .max(L.preferredTerms)
    .optional(),
});

export const labelSelectorSchema: z.ZodType<LabelSelector> = strict({
  matchLabels: labelMapSchema.optional(),
  matchExpressions: z
    .array(strict({ key, operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist"]), values: values.optional() }))
    .max(L.expressions)
    .optional(),
});

export const topologySpreadConstraintSchema: z.ZodType<TopologySpreadConstraint> = strict({
  maxSkew: z.number().int().min(1).max(1_000_000),
  topologyKey: qualified("topology key"),
  whenUnsatisfiable: z.enum(["DoNotSchedule", "ScheduleAnyway"]),
  labelSelector: labelSelectorSchema.optional(),
  minDomains: z.number().int().min(1).max(1_000_000).optional(),
  nodeAffinityPolicy: z.enum(["Honor", "Ignore"]).optional(),
  nodeTaintsPolicy: z.enum(["Honor", "Ignore"]).optional(),
  matchLabelKeys: z.array(key).max(L.matchLabelKeys).optional(),
}).superRefine((c, ctx) => {
  if (c.minDomains !== undefined && c.whenUnsatisfiable !== "DoNotSchedule") {
    ctx.addIssue({ code: "custom", path: ["minDomains"], message: "expected minDomains only with whenUnsatisfiable DoNotSchedule" });
  }
});

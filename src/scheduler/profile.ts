/**
 * Scheduler configuration in the KubeSchedulerConfiguration shape (kubescheduler.config.k8s.io/v1):
 * profiles with `plugins` per extension point (enabled with weights, disabled, `*`) and
 * `pluginConfig` args, resolved as upstream does: mergePluginSet against the defaults
 * (apis/config/v1/default_plugins.go), then multiPoint expansion and score weights
 * (framework/runtime/framework.go expandMultiPointPlugins, getScoreWeights).
 */
import * as z from "zod";
import { describeArgIssue, strict } from "./args.js";
import { EXTENSION_POINTS } from "./framework.js";
import type { ExtensionPoint, PluginName } from "./framework.js";
import { DEFAULT_MULTI_POINT, implementsPoint, UNMODELLED_PLUGINS } from "./registry.js";
import type { Registry } from "./registry.js";

const pluginName = z.string().min(1).max(128);
const pluginRef = strict({ name: pluginName, weight: z.number().int().min(0).max(100).optional() });
const pluginSet = strict({
  enabled: z.array(pluginRef).max(32).default([]),
  disabled: z.array(strict({ name: pluginName })).max(32).default([]),
});
const plugins = strict({
  multiPoint: pluginSet.optional(),
  preFilter: pluginSet.optional(),
  filter: pluginSet.optional(),
  postFilter: pluginSet.optional(),
  preScore: pluginSet.optional(),
  score: pluginSet.optional(),
});

export const profileSchema = strict({
  schedulerName: z.string().min(1).max(253).default("default-scheduler"),
  /** Overrides the global percentageOfNodesToScore for this profile. */
  percentageOfNodesToScore: z.number().int().min(0).max(100).optional(),
  plugins: plugins.optional(),
  /** Args per plugin (`<Name>Args`), checked against the plugin's own schema. */
  pluginConfig: z.array(strict({ name: pluginName, args: z.unknown().optional() })).max(32).default([]),
});

export const schedulerConfigSchema = strict({
  /** Share of nodes to find feasible before scoring; 0 = adaptive (50% − nodes/125, at least 5%). */
  percentageOfNodesToScore: z.number().int().min(0).max(100).default(0),
  /** Backoff of a pod that failed to schedule: initial, doubled per attempt up to the max (seconds). */
  podInitialBackoffSeconds: z.number().int().min(1).max(3600).default(1),
  podMaxBackoffSeconds: z.number().int().min(1).max(3600).default(10),
  profiles: z.array(profileSchema).min(1).max(8).default([{ schedulerName: "default-scheduler", pluginConfig: [] }]),
});

export type ProfileConfig = z.output<typeof profileSchema>;
export type SchedulerConfig = z.output<typeof schedulerConfigSchema>;

/** A profile resolved against a registry: plugins per extension point, score weights and parsed args. */
export interface Profile {
  readonly schedulerName: string;
  readonly percentageOfNodesToScore: number | undefined;
  readonly points: Readonly<Record<ExtensionPoint, readonly PluginName[]>>;
  readonly weights: ReadonlyMap<PluginName, number>;
  readonly args: ReadonlyMap<PluginName, unknown>;
  /** Names that did not affect the profile (unmodelled upstream plugins). */
  readonly warnings: readonly string[];
}

export interface ProfileIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

type Ref = { readonly name: PluginName; readonly weight?: number | undefined };

/** mergePluginSet: defaults minus disabled (or none with "*"), re-configured ones replaced in place, the rest appended. */
function mergePluginSet(defaults: readonly Ref[], enabled: readonly Ref[], disabled: ReadonlySet<string>): Ref[] {
  const custom = new Map(enabled.map((p, i) => [p.name, i]));
  const replaced = new Set<number>();
  const out: Ref[] = [];
  if (!disabled.has("*")) {
    for (const d of defaults) {
      if (disabled.has(d.name)) continue;
      const i = custom.get(d.name);
      if (i !== undefined) replaced.add(i);
      out.push(i !== undefined ? enabled[i]! : d);
    }
  }
  enabled.forEach((p, i) => replaced.has(i) || out.push(p));
  return out;
}

export function resolveProfile(config: ProfileConfig, registry: Registry): { profile?: Profile; issues: ProfileIssue[] } {
  const issues: ProfileIssue[] = [];
  const warnings: string[] = [];
  const known = (name: string, path: (string | number)[], enabling: boolean): boolean => {
    if (registry[name]) return true;
    if (UNMODELLED_PLUGINS.includes(name)) {
      if (enabling) warnings.push(`scheduler plugin ${name} is not modelled by servesim and is ignored`);
    } else if (name !== "*" || enabling) {
      issues.push({ path, message: `unknown scheduler plugin "${name}" (expected one of ${Object.keys(registry).join(", ")})` });
    }
    return false;
  };
  const sets = config.plugins ?? {};
  const disabledOf = (point: "multiPoint" | ExtensionPoint) => new Set((sets[point]?.disabled ?? []).map((d) => d.name));
  const enabledLists = new Map<string, Ref[]>();
  const enabledOf = (point: "multiPoint" | ExtensionPoint): Ref[] => {
    let list = enabledLists.get(point);
    if (!list) enabledLists.set(point, (list = (sets[point]?.enabled ?? []).filter((p, i) => known(p.name, ["plugins", point, "enabled", i, "name"], true))));
    return list;
  };
  for (const point of ["multiPoint", ...EXTENSION_POINTS] as const) {
    (sets[point]?.disabled ?? []).forEach((d, i) => known(d.name, ["plugins", point, "disabled", i, "name"], false));
  }

  const multiPoint = mergePluginSet(DEFAULT_MULTI_POINT, enabledOf("multiPoint"), disabledOf("multiPoint"));
  const points = {} as Record<ExtensionPoint, PluginName[]>;
  for (const point of EXTENSION_POINTS) {
    const explicit = enabledOf(point);
    explicit.forEach((p) => {
      if (!implementsPoint(registry, p.name, point)) issues.push({ path: ["plugins", point, "enabled"], message: `plugin "${p.name}" does not extend the ${point} extension point` });
    });
    const disabled = disabledOf(point);
    if (disabled.has("*")) {
      points[point] = explicit.map((p) => p.name);
      continue;
    }
    const explicitNames = explicit.map((p) => p.name);
    const overrides: string[] = [];
    const fromMulti: string[] = [];
    for (const p of multiPoint) {
      if (!implementsPoint(registry, p.name, point) || disabled.has(p.name)) continue;
      if (explicitNames.includes(p.name)) overrides.push(p.name);
      else if (fromMulti.includes(p.name)) issues.push({ path: ["plugins", "multiPoint"], message: `plugin "${p.name}" already registered as ${point}` });
      else fromMulti.push(p.name);
    }
    // Order: explicit plugins that override multiPoint ones, then multiPoint ones, then the other explicit ones.
    points[point] = [...explicitNames.filter((n) => overrides.includes(n)), ...fromMulti, ...explicitNames.filter((n) => !overrides.includes(n))];
  }

  const weights = new Map<PluginName, number>();
  for (const p of [...enabledOf("score"), ...multiPoint]) {
    if (!implementsPoint(registry, p.name, "score") || weights.has(p.name)) continue;
    weights.set(p.name, p.weight === undefined || p.weight === 0 ? 1 : p.weight);
  }

  const args = new Map<PluginName, unknown>();
  config.pluginConfig.forEach((pc, i) => {
    const m = registry[pc.name];
    if (!m) {
      if (!UNMODELLED_PLUGINS.includes(pc.name)) issues.push({ path: ["pluginConfig", i, "name"], message: `unknown scheduler plugin "${pc.name}" (expected one of ${Object.keys(registry).join(", ")})` });
      return;
    }
    if (args.has(pc.name)) {
      issues.push({ path: ["pluginConfig", i, "name"], message: `args for plugin "${pc.name}" given twice` });
      return;
    }
    const r = m.args.safeParse(pc.args ?? {}, { reportInput: true });
    if (r.success) args.set(pc.name, r.data);
    else for (const issue of r.error.issues) issues.push({ path: ["pluginConfig", i, "args", ...issue.path.filter((p) => typeof p !== "symbol")], message: describeArgIssue(issue) });
  });
  for (const name of new Set(Object.values(points).flat())) {
    if (!args.has(name)) args.set(name, registry[name]!.args.parse({}));
  }
  if (issues.length > 0) return { issues };
  return {
    issues,
    profile: { schedulerName: config.schedulerName, percentageOfNodesToScore: config.percentageOfNodesToScore, points, weights, args, warnings },
  };
}

/** The default profile, resolved. */
export function defaultProfile(registry: Registry): Profile {
  return resolveProfile(profileSchema.parse({}), registry).profile!;
}

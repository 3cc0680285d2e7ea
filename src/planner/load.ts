/**
 * Loading a plan: the plan file and the scenario files it names (read by the caller), validated
 * together so that every problem is reported against the plan's own lines — a missing scenario,
 * an address that lands nowhere, a value outside the scenario's bounds, a space too large.
 */
import * as z from "zod";
import { formatIssue, parseDocumentAs, parseScenario, validateScenario } from "../scenario/index.js";
import type { Scenario, ScenarioIssue } from "../scenario/index.js";
import { formatAddress, parseAddress, readAt, resolve } from "./address.js";
import type { Step } from "./address.js";
import { planSchema, PlanLimits } from "./plan-schema.js";
import type { PlanSpec } from "./plan-schema.js";
import { sha256Hex } from "./sha256.js";
import { applyValues, candidateCount, defaultMonotone, expandRange, isWriteError, orderValues } from "./space.js";
import type { Axis, Link, Monotone, Scalar } from "./space.js";

/** A scenario file's text as the caller read it, or why it could not. */
export type ScenarioText = { readonly text: string } | { readonly error: string };

/** What a plan is loaded from: its text and the texts of the scenarios it names (keyed as the plan writes them). */
export interface PlanSource {
  /** Name shown in issues (a path). */
  readonly file: string;
  readonly text: string;
  readonly scenarios: Readonly<Record<string, ScenarioText>>;
}

export interface LoadedScenario {
  /** As the plan names it (relative to the plan file). */
  readonly file: string;
  readonly weight: number;
  readonly text: string;
  /** The scenario as decoded from YAML, before defaults: candidates write their values into copies of it. */
  readonly raw: unknown;
  readonly base: Scenario;
}

/** A validated plan with everything a search needs; plain data, so it crosses worker boundaries. */
export interface LoadedPlan {
  readonly file: string;
  readonly spec: PlanSpec;
  readonly scenarios: readonly LoadedScenario[];
  readonly axes: readonly Axis[];
  readonly links: readonly Link[];
  /** The seeds of the plan (before per-candidate derivation). */
  readonly seeds: readonly (string | number)[];
  /** SHA-256 of the plan's content and its scenarios' texts (file names left out). */
  readonly hash: string;
  readonly candidates: number;
}

export type PlanOutcome = { readonly ok: true; readonly plan: LoadedPlan } | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

export const PLAN_FORMAT = "servesim.plan/v1";

const scenarioFile = (ref: PlanSpec["scenarios"][number]): string => (typeof ref === "string" ? ref : ref.file);

/** Scenario file names a plan text refers to (best effort, before validation): what the caller must read. */
export function scenarioFilesOf(text: string): string[] {
  const r = parseDocumentAs(text, planSchema.pick({ scenarios: true }).loose(), { file: "<plan>" });
  return r.ok ? r.value.scenarios.map(scenarioFile) : [];
}

interface AxisParts {
  readonly values: readonly Scalar[];
  readonly monotone: Monotone;
  /** Path inside the plan of the values (for issues). */
  readonly at: readonly (string | number)[];
}

function axisParts(address: string, entry: PlanSpec["vary"][string], issue: (path: (string | number)[], message: string) => void): AxisParts | undefined {
  const long = typeof entry === "object" && !Array.isArray(entry);
  const written = long ? entry.values : entry;
  const at = long ? ["vary", address, "values"] : ["vary", address];
  const values = typeof written === "string" ? expandRange(written, PlanLimits.valuesPerAxis) : written;
  if (typeof values === "string") return void issue(at, values);
  if (new Set(values.map((v) => JSON.stringify(v))).size !== values.length) return void issue(at, "expected distinct values");
  const stated = long ? entry.monotone : undefined;
  const monotone: Monotone = stated === undefined ? (defaultMonotone(address) ? "increasing" : null) : stated === true ? "increasing" : stated === false ? null : stated;
  if (monotone !== null && !values.every((v) => typeof v === "number")) {
    return void issue(at, `a monotone axis takes numbers${stated === undefined ? ` (${address} is monotone by default: set monotone: false to vary it freely)` : ""}`);
  }
  return { values: orderValues(values, monotone), monotone, at };
}

/** Checks that need the scenarios: files, addresses, values within bounds, the size of the space. */
function planChecks(sources: PlanSource["scenarios"], loaded: LoadedScenario[], axes: Axis[], links: Link[]) {
  return (spec: PlanSpec, ctx: z.RefinementCtx): void => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    spec.scenarios.forEach((ref, i) => {
      const file = scenarioFile(ref);
      const src = sources[file];
      if (src === undefined || "error" in src) return issue(["scenarios", i], `cannot read scenario ${file}${src ? `: ${src.error}` : ""}`);
      const parsed = parseScenario(src.text, { file });
      if (!parsed.ok) return issue(["scenarios", i], `scenario ${parsed.issues.slice(0, 3).map(formatIssue).join("; ")}`);
      const raw = parseDocumentAs(src.text, z.unknown(), { file });
      loaded.push({ file, weight: typeof ref === "string" ? 1 : ref.weight, text: src.text, raw: raw.ok ? raw.value : null, base: parsed.scenario });
    });
    if (loaded.length !== spec.scenarios.length) return;
    const stepsOf = (address: string, at: (string | number)[], mustExist = false): readonly Step[] | undefined => {
      const p = parseAddress(address);
      if (!p.ok) return void issue(at, p.message);
      // A followed field must be in the scenario, or be one the plan varies.
      const varied = mustExist && axes.some((a) => formatAddress(a.steps) === formatAddress(p.steps));
      for (const s of loaded) {
        const r = resolve(structuredCloneData(s.raw), p.steps, !mustExist || varied);
        if (!r.ok) return void issue(at, `${s.file}: ${r.message}${mustExist ? " (nor does the plan vary it)" : ""}`);
        if (mustExist && !varied && readAt(s.raw, p.steps) === undefined) return void issue(at, `${s.file}: ${address} is not in the scenario (nor does the plan vary it)`);
      }
      return p.steps;
    };
    for (const [address, entry] of Object.entries(spec.vary)) {
      const steps = stepsOf(address, ["vary", address]);
      const parts = axisParts(address, entry, issue);
      if (steps && parts) axes.push({ address, steps, values: parts.values, monotone: parts.monotone });
    }
    spec.link.forEach((l, i) => {
      const from = stepsOf(l.from, ["link", i, "from"], true);
      const set = (typeof l.set === "string" ? [l.set] : l.set).map((t, j) => stepsOf(t, typeof l.set === "string" ? ["link", i, "set"] : ["link", i, "set", j]));
      if (from && set.every((s) => s !== undefined)) links.push({ from, set: set as Step[][], ...(l.map ? { map: l.map } : {}), ...(l.multiply !== undefined ? { multiply: l.multiply } : {}) });
    });
    if (axes.length !== Object.keys(spec.vary).length || links.length !== spec.link.length) return;
    const n = candidateCount(axes);
    if (n > PlanLimits.candidates) return issue(["vary"], `expected at most ${PlanLimits.candidates} candidates, got ${n} (the product of the value counts)`);
    axes.forEach((axis, a) => {
      const entry = spec.vary[axis.address]!;
      const written = typeof entry === "object" && !Array.isArray(entry) ? entry.values : entry;
      const at = typeof entry === "object" && !Array.isArray(entry) ? ["vary", axis.address, "values"] : ["vary", axis.address];
      // A listed value is located at its item (in the order written); a range at the range.
      const where = (value: Scalar) => (Array.isArray(written) ? [...at, written.findIndex((v) => v === value)] : at);
      checkValues(axis, a, axes, links, loaded, (value, message) => issue(where(value), message));
    });
  };
}

/** Every value of an axis (the ends of a range) must be valid in each scenario where it lands, given the links. */
function checkValues(axis: Axis, a: number, axes: readonly Axis[], links: readonly Link[], loaded: readonly LoadedScenario[], issue: (value: Scalar, message: string) => void): void {
  // Scenario bounds are intervals: the ends of a numeric axis stand for the values between.
  const numeric = axis.values.length > 2 && axis.values.every((v) => typeof v === "number");
  const checked = numeric ? [0, axis.values.length - 1] : axis.values.map((_, k) => k);
  // Axes on the same service or pool may make a value valid in combination: try them before reporting.
  const entity = formatAddress(axis.steps.slice(0, 2));
  const peers = axes.filter((b, j) => j !== a && formatAddress(b.steps.slice(0, 2)) === entity);
  // The other axes at their first values, so that links following them have something to follow.
  const others = axes.filter((_, j) => j !== a).map((b) => ({ steps: b.steps, value: b.values[0]! }));
  for (const k of checked) {
    const value = axis.values[k]!;
    for (const s of loaded) {
      const problem = valueProblem(s, [...others, { steps: axis.steps, value }], links, axis);
      if (problem === undefined) continue;
      const rescued = peers.some((p) => p.values.some((pv) => valueProblem(s, [...others, { steps: p.steps, value: pv }, { steps: axis.steps, value }], links, axis) === undefined));
      if (!rescued) issue(value, `value ${JSON.stringify(value)}: ${s.file}: ${problem}`);
      break;
    }
  }
}

/** The scenario issue at the axis's own field when these values are written, if any. */
function valueProblem(s: LoadedScenario, writes: readonly { steps: readonly Step[]; value: Scalar }[], links: readonly Link[], axis: Axis): string | undefined {
  const data = applyValues(s.raw, writes, links);
  if (isWriteError(data)) return data.error;
  const target = resolve(structuredCloneData(s.raw), axis.steps, true);
  const parsed = validateScenario(data, s.file);
  if (parsed.ok || !target.ok) return undefined;
  const own = parsed.issues.find((i) => i.path.join("/") === target.path.join("/") || i.path.join("/").startsWith(`${target.path.join("/")}/`));
  return own ? `${formatPathOf(own)}: ${own.message}` : undefined;
}

const formatPathOf = (i: ScenarioIssue): string => formatIssue(i).replace(/^.*?:\d+:\d+ /, "").replace(/: .*$/, "");

const structuredCloneData = (v: unknown): unknown => JSON.parse(JSON.stringify(v ?? null)) as unknown;

/** Parses and checks a plan with its scenarios; issues name the plan file's line and column. */
export function loadPlan(source: PlanSource): PlanOutcome {
  const loaded: LoadedScenario[] = [];
  const axes: Axis[] = [];
  const links: Link[] = [];
  const schema = planSchema.superRefine(planChecks(source.scenarios, loaded, axes, links), { when: (payload) => payload.issues.length === 0 });
  const r = parseDocumentAs(source.text, schema, { file: source.file, what: "a plan" });
  if (!r.ok) return r;
  const spec = r.value;
  const seeds = typeof spec.seeds === "number" ? Array.from({ length: spec.seeds }, (_, i) => `${spec.seed}/${i}`) : spec.seeds;
  const content = { format: PLAN_FORMAT, spec: { ...spec, scenarios: loaded.map((s) => ({ sha256: sha256Hex(s.text), weight: s.weight })) } };
  return { ok: true, plan: { file: source.file, spec, scenarios: loaded, axes, links, seeds, hash: sha256Hex(JSON.stringify(content)), candidates: candidateCount(axes) } };
}

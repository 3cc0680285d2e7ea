/**
 * The search space: axes (an address and its values), links (fields that follow others), and
 * candidates — the cartesian product of the axes, numbered in mixed radix with the last axis
 * fastest, so a candidate's id depends only on the plan. A candidate's scenario is the base
 * scenario with its values and the links written in, then validated by the scenario schema.
 */
import { formatIssue, validateScenario } from "../scenario/index.js";
import type { Scenario } from "../scenario/index.js";
import { cloneData, formatAddress, readAt, writeAt } from "./address.js";
import type { Step } from "./address.js";
import { RANGE } from "./plan-schema.js";

export type Scalar = string | number | boolean;

/** Direction in which an axis gives more capacity (and never costs less), or null when it is not monotone. */
export type Monotone = "increasing" | "decreasing" | null;

export interface Axis {
  /** The address as written in the plan. */
  readonly address: string;
  readonly steps: readonly Step[];
  /** Values; a monotone axis holds them from least to most capacity. */
  readonly values: readonly Scalar[];
  readonly monotone: Monotone;
}

export interface Link {
  readonly set: readonly (readonly Step[])[];
  readonly from: readonly Step[];
  readonly map?: Readonly<Record<string, Scalar>>;
  readonly multiply?: number;
}

/** Expands `1..32`, `2..64 by 2` or `16..256 x2`; a message when the range is empty or too long. */
export function expandRange(text: string, max: number): Scalar[] | string {
  const m = RANGE.exec(text);
  if (!m) return `invalid range ${JSON.stringify(text)}`;
  const [from, to] = [Number(m[1]), Number(m[2])];
  const step = m[4] === undefined ? 1 : Number(m[4]);
  if (to < from) return `invalid range ${JSON.stringify(text)}: expected the first value at most the last`;
  if (step < 1 || (m[3] === "x" && (step < 2 || from < 1))) return `invalid range ${JSON.stringify(text)}: expected a step ≥ 1 (a factor ≥ 2 from a value ≥ 1)`;
  const out: number[] = [];
  for (let v = from; v <= to; v = m[3] === "x" ? v * step : v + step) {
    if (out.length >= max) return `range ${JSON.stringify(text)} has more than ${max} values`;
    out.push(v);
  }
  return out;
}

/** Fields whose larger values add capacity unless the plan says otherwise. */
const DEFAULT_MONOTONE = [/\.replicas$/, /\.minReplicas$/, /\.minReplicaCount$/, /nodePools\[[^\]]+\]\.count$/, /\.size\.(min|initial)$/];

export function defaultMonotone(address: string): boolean {
  return DEFAULT_MONOTONE.some((r) => r.test(address));
}

/** Orders a monotone axis from least to most capacity. */
export function orderValues(values: readonly Scalar[], monotone: Monotone): Scalar[] {
  if (monotone === null) return [...values];
  const sorted = [...(values as number[])].sort((a, b) => a - b);
  return monotone === "increasing" ? sorted : sorted.reverse();
}

export const candidateCount = (axes: readonly Axis[]): number => axes.reduce((n, a) => n * a.values.length, 1);

/** Coordinates (value index per axis) of candidate `index`. */
export function coordsOf(axes: readonly Axis[], index: number): number[] {
  const coords = new Array<number>(axes.length);
  let rest = index;
  for (let a = axes.length - 1; a >= 0; a--) {
    const n = axes[a]!.values.length;
    coords[a] = rest % n;
    rest = Math.floor(rest / n);
  }
  return coords;
}

export function indexOf(axes: readonly Axis[], coords: readonly number[]): number {
  let index = 0;
  for (let a = 0; a < axes.length; a++) index = index * axes[a]!.values.length + coords[a]!;
  return index;
}

export const candidateId = (index: number): string => `c${index}`;

/** The value a link writes for the followed value, or a message. */
export function linkedValue(link: Link, value: unknown): { readonly value: Scalar } | { readonly error: string } {
  let v: unknown = value;
  if (link.map !== undefined) {
    const key = String(v);
    if (!Object.hasOwn(link.map, key)) return { error: `link from ${formatAddress(link.from)}: no entry for ${JSON.stringify(key)} in its map (entries: ${Object.keys(link.map).join(", ")})` };
    v = link.map[key];
  }
  if (link.multiply !== undefined) {
    if (typeof v !== "number") return { error: `link from ${formatAddress(link.from)}: cannot multiply ${JSON.stringify(v)}, which is not a number` };
    v = Number.isInteger(v) ? Math.ceil(v * link.multiply - 1e-9) : v * link.multiply;
  }
  if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") return { error: `link from ${formatAddress(link.from)}: the scenario has no value there to follow` };
  return { value: v };
}

/** Writes values into a copy of `raw`, then the links; a message when an address cannot be written. */
export function applyValues(raw: unknown, writes: readonly { readonly steps: readonly Step[]; readonly value: Scalar }[], links: readonly Link[]): unknown {
  const data = cloneData(raw);
  for (const w of writes) {
    const problem = writeAt(data, w.steps, w.value);
    if (problem !== undefined) return { error: problem };
  }
  for (const link of links) {
    const linked = linkedValue(link, readAt(data, link.from));
    if ("error" in linked) return linked;
    for (const target of link.set) {
      const problem = writeAt(data, target, linked.value);
      if (problem !== undefined) return { error: problem };
    }
  }
  return data;
}

export type BuiltScenario = { readonly ok: true; readonly scenario: Scenario } | { readonly ok: false; readonly problems: readonly string[] };

export const isWriteError = (v: unknown): v is { error: string } => v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { error?: unknown }).error === "string";

/** The scenario of one candidate: base data, the candidate's values, the links; validated. */
export function buildScenario(raw: unknown, file: string, axes: readonly Axis[], coords: readonly number[], links: readonly Link[]): BuiltScenario {
  const data = applyValues(raw, axes.map((a, i) => ({ steps: a.steps, value: a.values[coords[i]!]! })), links);
  if (isWriteError(data)) return { ok: false, problems: [data.error] };
  const parsed = validateScenario(data, file);
  if (!parsed.ok) return { ok: false, problems: parsed.issues.slice(0, 5).map((i) => formatIssue(i).replace(/^([^:]*):1:1 /, "$1 ")) };
  return { ok: true, scenario: parsed.scenario };
}

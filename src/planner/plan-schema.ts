/**
 * The plan format (apiVersion servesim/v1, kind Plan): which scenarios a configuration must
 * survive, on which seeds, which fields vary over which values, how coupled fields follow, what
 * is minimised and what must hold. Built from the scenario schema's blocks, so errors read alike.
 */
import * as z from "zod";
import { count, dnsLabel, Limits, strictObject } from "../scenario/index.js";

/** Bounds of a plan: every list and count is limited, and so is the candidate space. */
export const PlanLimits = {
  scenarios: 16,
  seeds: 64,
  axes: 16,
  valuesPerAxis: 10_000,
  candidates: 1_000_000,
  links: 32,
  linkTargets: 8,
  addressLength: 256,
  stringValueLength: 256,
  stages: 4,
  weight: 1e6,
} as const;

const scalar = z.union([z.string().max(PlanLimits.stringValueLength), z.number(), z.boolean()], { error: "expected a string, a number or true/false" });

/** `1..32`, `2..64 by 2`, `16..256 x2` (each value twice the last). */
export const RANGE = /^\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*(?:(by|x)\s*(\d+))?\s*$/;

const values = z.union([z.array(scalar).min(1).max(PlanLimits.valuesPerAxis), z.string().regex(RANGE)], {
  error: 'expected a list of values or an integer range such as "1..32", "2..64 by 2" or "16..256 x2"',
});

const monotone = z.union([z.boolean(), z.enum(["increasing", "decreasing"])], { error: 'expected true, false, "increasing" or "decreasing"' });

const axis = z.union([
  values,
  strictObject({
    values,
    /**
     * The axis is monotone: a larger value (smaller, when `decreasing`) never makes an SLO worse
     * and never costs less. Monotone axes are searched by bisection. Default: true for replica
     * counts, HPA minimums and pool sizes, false otherwise.
     */
    monotone: monotone.optional(),
  }),
]);

const address = z.string().min(1).max(PlanLimits.addressLength);

const link = strictObject({
  /** Field(s) that follow. */
  set: z.union([address, z.array(address).min(1).max(PlanLimits.linkTargets)]),
  /** The field they follow (a varied one, or any scenario field). */
  from: address,
  /** A table from the followed value to the value set (strings are the keys); absent: the value itself. */
  map: z.record(z.string().max(PlanLimits.stringValueLength), scalar).optional(),
  /** A numeric followed value is multiplied by this (then rounded up to an integer when both are integers). */
  multiply: z.number().gt(0).max(1e6).optional(),
});

const seed = z.union([z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), z.string().min(1).max(Limits.seedLength)], {
  error: `expected an integer ≥ 0 or a string of at most ${Limits.seedLength} characters`,
});

const scenarioRef = z.union([
  z.string().min(1).max(Limits.traceFileNameLength),
  strictObject({
    /** The scenario file, relative to the plan file. */
    file: z.string().min(1).max(Limits.traceFileNameLength),
    /** Weight of this scenario's cost in the objective (a share of the time spent in it). */
    weight: z.number().gt(0).max(PlanLimits.weight).default(1),
  }),
]);

const stage = strictObject({
  /** Share of each scenario's measured time (after warm-up) simulated in this stage. */
  horizon: z.number().gt(0).max(1),
  /** Seeds run in this stage (the first ones of the plan's). */
  seeds: count(1, PlanLimits.seeds),
});

export const planSchema = strictObject({
  apiVersion: z.literal("servesim/v1"),
  kind: z.literal("Plan"),
  metadata: strictObject({ name: dnsLabel(Limits.nameLength), description: z.string().max(Limits.descriptionLength).optional() }),
  /** Root of the seeds the trials run on. */
  seed: seed.default(1),
  /** Scenarios every configuration must survive. */
  scenarios: z.array(scenarioRef).min(1).max(PlanLimits.scenarios),
  /** Seeds every candidate must pass on: a count (derived from `seed`) or the list itself. */
  seeds: z.union([count(1, PlanLimits.seeds), z.array(seed).min(1).max(PlanLimits.seeds)], { error: `expected a count of seeds (1 to ${PlanLimits.seeds}) or a list of seeds` }).default(1),
  /** Scenario field → values it takes. */
  vary: z.record(address, axis).refine((v) => Object.keys(v).length >= 1 && Object.keys(v).length <= PlanLimits.axes, { error: `expected 1 to ${PlanLimits.axes} fields to vary` }),
  /** Coupled fields, applied in order after the varied values. */
  link: z.array(link).max(PlanLimits.links).default([]),
  /** What is minimised: cost over the scenarios (weighted), or cost per 1M tokens or per 1,000 requests served. */
  objective: z.enum(["cost", "costPer1MTokens", "costPer1kRequests"]).default("cost"),
  constraints: strictObject({
    /** Every SLO of every service on every scenario and seed (the whole run's verdicts). */
    slo: z.boolean().default(true),
    /** Also every SLO window (output.sloWindow) of every run. */
    sloWindows: z.boolean().default(false),
    /**
     * Largest share of measured requests left rejected, failed, timed out or unfinished at the
     * end of a run: an overloaded configuration leaves a growing backlog (screening runs count
     * only the refused, since a short run always ends with a larger share in flight).
     */
    maxUnserved: z.number().min(0).max(1).default(0.05),
    /** Most nodes at once (all pools). */
    maxNodes: count(1, Limits.nodes).optional(),
    /** Most GPUs of a type at once, by catalog id. */
    maxGpus: z.record(z.string().max(Limits.nameLength), count(0, Limits.nodes * Limits.gpusPerNode)).optional(),
    /** Highest price per hour of the nodes present at once. */
    budgetPerHour: z.number().gt(0).max(1e9).optional(),
  }).prefault({}),
  search: strictObject({
    /** `auto`: analytic pruning, bisection on monotone axes, racing; `exhaustive`: every candidate in full. */
    strategy: z.enum(["auto", "exhaustive"]).default("auto"),
    /** Screening stages before the full one (every scenario, every seed, the whole duration). */
    stages: z.array(stage).max(PlanLimits.stages).default([{ horizon: 0.25, seeds: 1 }]),
    /** A screened candidate is dropped when some objective misses its target by more than this share. */
    margin: z.number().min(0).max(100).default(0.25),
    /** Stop a run once a constraint can no longer be met. */
    earlyStop: z.boolean().default(true),
    /** Candidates whose cost lower bound exceeds the best feasible cost by more than this share are pruned. */
    costSlack: z.number().min(0).max(1000).default(0.25),
    /** Lines of candidates probed per round, cheapest first (a fixed number, so results do not depend on the workers). */
    batch: count(1, 10_000).default(16),
    /** `common`: every candidate runs on the same seeds (common random numbers); `independent`: seeds also depend on the candidate. */
    seedMode: z.enum(["common", "independent"]).default("common"),
  }).prefault({}),
  ruleOfThumb: strictObject({
    /** Safety margin of the rule of thumb: instances = ⌈load ÷ capacity × (1 + margin)⌉. */
    margin: z.number().min(0).max(10).default(0.2),
  }).prefault({}),
});

export type PlanSpec = z.output<typeof planSchema>;
export type PlanSpecInput = z.input<typeof planSchema>;
export type Objective = PlanSpec["objective"];

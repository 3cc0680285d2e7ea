/**
 * The traffic part of a service: arrival sources, each entry naming exactly one kind — a
 * generator or a trace replay — plus, for generated LLM requests, their token lengths.
 * Entries superpose (each has its own random streams).
 */
import * as z from "zod";
import { count, duration, rate, strictObject } from "./fields.js";
import { Limits as L } from "./limits.js";
import { tokenLengthsSchema } from "./token-schema.js";
import { traceReplaySchema } from "./trace-schema.js";

/** Active span and cap shared by every generator. */
const bounds = {
  /** Simulated time at which the source starts. */
  start: duration(0, L.durationSeconds).default(0),
  /** Simulated time after which the source stops; absent: the end of the run. */
  end: duration(0, L.durationSeconds).optional(),
  /** Stop after this many arrivals (useful to simulate exactly N customers). */
  maxArrivals: count(0, L.arrivals).optional(),
};

const r = rate(0, L.ratePerSecond);
const d = (min = 0) => duration(min, L.durationSeconds);

/** Poisson arrivals at a constant rate. */
const poisson = strictObject({ rate: r, ...bounds });

/** rate(t) = mean × (1 + amplitude × sin(2π (t − phase) / period)): at the mean and rising at t = phase, peak a quarter period later. */
const diurnal = strictObject({ mean: r, amplitude: z.number().min(0).max(1), period: d(1e-3).default(86_400), phase: d().default(0), ...bounds });

/** The rate jumps from `before` to `after` at `at`. */
const step = strictObject({ before: r, after: r, at: d(), ...bounds });

/** A flash crowd (the shopping-festival peak): base rate, linear ramp to peak from `at`, hold, linear decay back to base. */
const flashCrowd = strictObject({ base: r, peak: r, at: d(), rampUp: d().default(0), hold: d(), decay: d().default(0), ...bounds });

const mmppState = strictObject({ rate: r, /** Mean time spent in the state (exponential sojourn). */ meanDuration: d(1e-6) });
/** A two-state Markov-modulated Poisson process: bursts (high) between quiet spells (low). */
const mmpp = strictObject({ low: mmppState, high: mmppState, ...bounds });

const point = strictObject({ at: d(), rate: r });
/** A rate profile given by knots (inline or a CSV of `time,rate` rows), held (step) or interpolated (linear) between them. */
const piecewise = strictObject({
  points: z.array(point).min(1).max(L.ratePoints).optional(),
  /** CSV file of `time,rate` rows (units allowed: `10m,5/s`; an optional header row), relative to the scenario file. */
  file: z.string().min(1).max(L.traceFileNameLength).optional(),
  interpolation: z.enum(["step", "linear"], { error: 'expected interpolation "step" or "linear"' }).default("step"),
  ...bounds,
}).superRefine((p, ctx) => {
  if ((p.points === undefined) === (p.file === undefined)) ctx.addIssue({ code: "custom", message: "expected exactly one of points, file" });
  p.points?.forEach((q, i) => {
    if (i > 0 && q.at < p.points![i - 1]!.at) ctx.addIssue({ code: "custom", path: ["points", i, "at"], message: "expected points in time order" });
  });
});

export const GENERATOR_KINDS = ["poisson", "diurnal", "step", "flashCrowd", "mmpp", "piecewise"] as const;
const KINDS = [...GENERATOR_KINDS, "trace"] as const;

export const trafficSourceSchema = strictObject({
  poisson: poisson.optional(),
  diurnal: diurnal.optional(),
  step: step.optional(),
  flashCrowd: flashCrowd.optional(),
  mmpp: mmpp.optional(),
  piecewise: piecewise.optional(),
  trace: traceReplaySchema.optional(),
  /** Token lengths of the requests (generators), or replacing the trace's own. */
  tokens: tokenLengthsSchema.optional(),
}).superRefine(
  (s, ctx) => {
    const kinds = KINDS.filter((k) => s[k] !== undefined);
    if (kinds.length !== 1) ctx.addIssue({ code: "custom", message: `expected exactly one source kind: ${KINDS.join(" | ")}${kinds.length > 1 ? ` (got ${kinds.join(", ")})` : ""}` });
  },
  { when: (payload) => payload.issues.length === 0 },
);

/**
 * The load a scenario puts on each service over its measured window, from the traffic
 * definitions (and, for traces and empirical lengths, from what prepareTraffic read): the mean
 * request rate and token lengths for capacity bounds, and an upper bound on measured arrivals
 * for early stopping. Unknown parts are null, and the bounds that need them are not applied.
 */
import type { Scenario, TrafficSource } from "../scenario/index.js";
import type { PreparedEntry, PreparedTraffic } from "../sim/index.js";

export interface ServiceLoad {
  /** Expected arrivals per second over the measured window (null: unknown). */
  readonly meanRate: number | null;
  /** Arrivals in the measured window will not exceed this (a hard bound for traces, mean + 6σ for random sources). */
  readonly maxArrivals: number | null;
  /** Mean prompt and output tokens per request (null: unknown); 0 for classic services. */
  readonly meanInput: number | null;
  readonly meanOutput: number | null;
}

const mean = (a: ArrayLike<number>): number | null => {
  if (a.length === 0) return null;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s / a.length;
};

/** ∫ of a piecewise-linear rate between knots (t, r), held at the last knot, over [a, b]. */
function integrate(knots: readonly (readonly [number, number])[], a: number, b: number, linear: boolean): number {
  let total = 0;
  for (let i = 0; i < knots.length; i++) {
    const [t0, r0] = knots[i]!;
    const next = knots[i + 1];
    const t1 = next ? next[0] : Infinity;
    const r1 = next && linear ? next[1] : r0;
    const lo = Math.max(a, t0);
    const hi = Math.min(b, t1);
    if (hi <= lo) continue;
    const at = (t: number) => (t1 === Infinity || t1 === t0 ? r0 : r0 + ((r1 - r0) * (t - t0)) / (t1 - t0));
    total += ((at(lo) + at(hi)) / 2) * (hi - lo);
  }
  return total;
}

interface Arrivals {
  readonly expected: number;
  readonly max: number;
}

/** Expected and bounded arrivals of one entry over [from, to]; null when unknown. */
function arrivalsOf(src: TrafficSource, from: number, to: number, prepared: PreparedEntry | undefined): Arrivals | null {
  const random = (expected: number, cap: number | undefined): Arrivals => {
    const max = expected + 6 * Math.sqrt(expected) + 10;
    return { expected: Math.min(expected, cap ?? Infinity), max: Math.min(max, cap ?? Infinity) };
  };
  const span = (g: { start: number; end?: number | undefined }): [number, number] => [Math.max(from, g.start), Math.min(to, g.end ?? Infinity)];
  const len = ([a, b]: [number, number]) => Math.max(0, b - a);
  if (src.poisson) return random(src.poisson.rate * len(span(src.poisson)), src.poisson.maxArrivals);
  if (src.diurnal) {
    const d = src.diurnal;
    const l = len(span(d));
    return { expected: Math.min(d.mean * l, d.maxArrivals ?? Infinity), max: random(d.mean * (1 + d.amplitude) * l, d.maxArrivals).max };
  }
  if (src.step) {
    const s = src.step;
    return random(integrate([[0, s.before], [s.at, s.after]], ...span(s), false), s.maxArrivals);
  }
  if (src.flashCrowd) {
    const f = src.flashCrowd;
    const knots: [number, number][] = [[0, f.base], [f.at, f.base], [f.at + f.rampUp, f.peak], [f.at + f.rampUp + f.hold, f.peak], [f.at + f.rampUp + f.hold + f.decay, f.base]];
    return random(integrate(knots, ...span(f), true), f.maxArrivals);
  }
  if (src.mmpp) {
    const { low, high } = src.mmpp;
    const rate = (low.rate * low.meanDuration + high.rate * high.meanDuration) / (low.meanDuration + high.meanDuration);
    const l = len(span(src.mmpp));
    return { expected: Math.min(rate * l, src.mmpp.maxArrivals ?? Infinity), max: random(Math.max(low.rate, high.rate) * l, src.mmpp.maxArrivals).max };
  }
  if (src.piecewise?.points) {
    const p = src.piecewise;
    return random(integrate(p.points!.map((q) => [q.at, q.rate] as const), ...span(p), p.interpolation === "linear"), p.maxArrivals);
  }
  const scan = prepared?.scan;
  if (src.trace && scan) {
    const t = src.trace;
    if (scan.rows === 0 || !(scan.period > 0)) return { expected: 0, max: 0 };
    const start = t.start ?? 0;
    const l = Math.max(0, to - Math.max(from, start));
    const perPass = scan.rows * t.rateScale;
    const passSeconds = scan.period / t.speedup;
    const expected = t.loop ? (perPass * l) / passSeconds : Math.min(perPass, (perPass * l) / passSeconds);
    const copies = Math.ceil(t.rateScale - 1e-12);
    const max = t.loop ? (Math.ceil(l / passSeconds) + 2) * scan.rows * copies : scan.rows * copies;
    return { expected, max };
  }
  return null;
}

/** Mean (input, output) tokens of an entry, or null when unknown. */
function tokensOf(src: TrafficSource, prepared: PreparedEntry | undefined): [number | null, number | null] {
  const t = src.tokens;
  const table = prepared?.scan?.table;
  const side = (which: "input" | "output"): number | null => {
    const l = t?.[which];
    if (l === undefined) {
      if (t?.joint) return prepared?.joint ? mean(prepared.joint[which]) : null;
      if (src.trace) return table ? mean(which === "input" ? table.inputTokens : table.outputTokens) : null;
      return 0;
    }
    switch (l.distribution) {
      case "fixed":
        return l.value;
      case "uniform":
        return (l.min + l.max) / 2;
      case "lognormal":
        return Math.min(l.max, Math.max(l.min, l.mean));
      case "empirical": {
        const arr = which === "input" ? prepared?.input : prepared?.output;
        return arr ? mean(arr) : null;
      }
    }
  };
  return [side("input"), side("output")];
}

/** Load per service over the measured window [warmup, duration]. */
export function serviceLoads(scenario: Scenario, prepared: PreparedTraffic | undefined): ServiceLoad[] {
  const from = scenario.warmup;
  const to = scenario.duration;
  const seconds = to - from;
  return scenario.services.map((svc, s) => {
    let expected = 0;
    let max = 0;
    let known = true;
    let inSum = 0;
    let outSum = 0;
    let tokensKnown = true;
    svc.traffic.forEach((src, i) => {
      const entry = prepared?.get(`${s}/${i}`);
      const a = arrivalsOf(src, from, to, entry);
      if (a === null) return void (known = false);
      expected += a.expected;
      max += a.max;
      const [tin, tout] = tokensOf(src, entry);
      if (tin === null || tout === null) tokensKnown = false;
      else {
        inSum += tin * a.expected;
        outSum += tout * a.expected;
      }
    });
    const isLlm = svc.model.kind === "llm";
    return {
      meanRate: known && seconds > 0 ? expected / seconds : null,
      maxArrivals: known ? max : null,
      meanInput: !isLlm ? 0 : known && tokensKnown && expected > 0 ? inSum / expected : null,
      meanOutput: !isLlm ? 0 : known && tokensKnown && expected > 0 ? outSum / expected : null,
    };
  });
}

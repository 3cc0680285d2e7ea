/**
 * The work a scenario asks for, bounded before it runs: the arrivals each traffic source can be
 * expected to make (its highest rate × its active time, at most its maxArrivals), summed over
 * every source of every service, must stay within Limits.expectedArrivals.
 */
import { formatDuration, formatRate } from "../units/index.js";
import { Limits as L } from "./limits.js";
import type { PathSegment } from "./load.js";

/** The parts of a traffic source this estimate reads (a parsed source, quantities in base units). */
interface GeneratorBounds {
  readonly start: number;
  readonly end?: number | undefined;
  readonly maxArrivals?: number | undefined;
}
export interface SourceForWork {
  readonly poisson?: undefined | (GeneratorBounds & { readonly rate: number });
  readonly diurnal?: undefined | (GeneratorBounds & { readonly mean: number; readonly amplitude: number });
  readonly step?: undefined | (GeneratorBounds & { readonly before: number; readonly after: number });
  readonly flashCrowd?: undefined | (GeneratorBounds & { readonly base: number; readonly peak: number });
  readonly mmpp?: undefined | (GeneratorBounds & { readonly low: { readonly rate: number }; readonly high: { readonly rate: number } });
  readonly piecewise?: undefined | (GeneratorBounds & { readonly points?: readonly { readonly rate: number }[] | undefined });
}

/** One source's estimate: expected arrivals, the field that sets the rate, and how the figure was made. */
export interface SourceWork {
  readonly arrivals: number;
  /** Path of the rate field, relative to the source. */
  readonly field: readonly PathSegment[];
  readonly why: string;
  /** What to change when this source is the largest (default: the rate, the duration or maxArrivals). */
  readonly hint?: string;
}

/**
 * Expected arrivals of a generator over a run of `duration` seconds: its highest rate × its
 * active time, capped by maxArrivals. Undefined for sources whose rate is in a file (trace
 * replays, piecewise files): those are bounded when the file is read.
 */
export function generatorWork(src: SourceForWork, duration: number): SourceWork | undefined {
  const pick = (): [GeneratorBounds, number, string] | undefined => {
    if (src.poisson) return [src.poisson, src.poisson.rate, "rate"];
    if (src.diurnal) return [src.diurnal, src.diurnal.mean * (1 + src.diurnal.amplitude), "mean"];
    if (src.step) return [src.step, Math.max(src.step.before, src.step.after), src.step.after >= src.step.before ? "after" : "before"];
    if (src.flashCrowd) return [src.flashCrowd, Math.max(src.flashCrowd.base, src.flashCrowd.peak), src.flashCrowd.peak >= src.flashCrowd.base ? "peak" : "base"];
    if (src.mmpp) return [src.mmpp, Math.max(src.mmpp.low.rate, src.mmpp.high.rate), src.mmpp.high.rate >= src.mmpp.low.rate ? "high" : "low"];
    if (src.piecewise?.points) return [src.piecewise, src.piecewise.points.reduce((m, q) => Math.max(m, q.rate), 0), "points"];
    return undefined;
  };
  const kind = (["poisson", "diurnal", "step", "flashCrowd", "mmpp", "piecewise"] as const).find((k) => src[k] !== undefined);
  const p = pick();
  if (p === undefined || kind === undefined) return undefined;
  const [bounds, rate, field] = p;
  const span = Math.max(0, Math.min(bounds.end ?? duration, duration) - bounds.start);
  const expected = rate * span;
  const arrivals = bounds.maxArrivals === undefined ? expected : Math.min(expected, bounds.maxArrivals);
  const why = arrivals < expected ? `maxArrivals ${bounds.maxArrivals}` : `${formatRate(rate)} × ${formatDuration(span)}`;
  return { arrivals, field: [kind, field], why };
}

/** An issue of the work bound: where (the largest source's rate field) and what was expected. */
export interface WorkIssue {
  readonly path: readonly PathSegment[];
  readonly message: string;
}

const big = (x: number): string => (x < 1e6 ? String(Math.round(x)) : x.toExponential(2).replace("e+", "e"));

/**
 * Checks the expected arrivals summed over every source; `extra` adds sources bounded elsewhere
 * (trace replays once their files are scanned). Returns the issue, or undefined within bounds.
 */
export function checkExpectedWork(
  services: readonly { readonly traffic: readonly SourceForWork[] }[],
  duration: number,
  extra: readonly { readonly path: readonly PathSegment[]; readonly work: SourceWork }[] = [],
): WorkIssue | undefined {
  const all = [
    ...services.flatMap((svc, i) =>
      svc.traffic.flatMap((src, j) => {
        const work = generatorWork(src, duration);
        return work ? [{ path: ["services", i, "traffic", j] as PathSegment[], work }] : [];
      }),
    ),
    ...extra,
  ];
  const total = all.reduce((n, s) => n + s.work.arrivals, 0);
  if (!(total > L.expectedArrivals)) return undefined;
  const worst = all.reduce((a, b) => (b.work.arrivals > a.work.arrivals ? b : a));
  const others = all.length > 1 ? `, ${big(total)} over all ${all.length} traffic sources` : "";
  return {
    path: [...worst.path, ...worst.work.field],
    message: `expected at most ${big(L.expectedArrivals)} arrivals in a run (each traffic source's highest rate × its active time, summed over every source), got ${big(worst.work.arrivals)} from this source (${worst.work.why})${others}: ${worst.work.hint ?? "lower the rate or the duration, or set maxArrivals"}`,
  };
}

/**
 * Summary statistics of a trace, as reference/traces/README.md defines them: 1-minute bins from
 * the first request, peak and minimum RPS = busiest and quietest bin ÷ 60, mean RPS = rows ÷ span,
 * token percentiles linear-interpolated (numpy's default). Exact, in memory bounded by the number
 * of distinct token counts and minutes, never by the number of rows.
 */
import type { TraceRow } from "./reader.js";

export interface TokenStats {
  readonly mean: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export interface TraceStats {
  readonly rows: number;
  /** Seconds from the first to the last request. */
  readonly span: number;
  readonly meanRps: number | null;
  readonly peakRps: number | null;
  readonly minRps: number | null;
  readonly input: TokenStats | null;
  readonly output: TokenStats | null;
  /** Share of hash ids already seen in an earlier request (null without hash ids). */
  readonly repeatedBlockShare: number | null;
}

/** Exact quantiles of integer samples from their counts. */
function createCounter() {
  const counts = new Map<number, number>();
  let n = 0;
  let sum = 0;
  return {
    add(x: number) {
      counts.set(x, (counts.get(x) ?? 0) + 1);
      n++;
      sum += x;
    },
    result(): TokenStats | null {
      if (n === 0) return null;
      const values = [...counts.keys()].sort((a, b) => a - b);
      const at = (rank: number): number => {
        let seen = 0;
        for (const v of values) {
          seen += counts.get(v)!;
          if (rank < seen) return v;
        }
        return values[values.length - 1]!;
      };
      const quantile = (q: number): number => {
        const h = (n - 1) * q;
        const lo = Math.floor(h);
        const a = at(lo);
        return h === lo ? a : a + (h - lo) * (at(lo + 1) - a);
      };
      return { mean: sum / n, p50: quantile(0.5), p99: quantile(0.99), max: values[values.length - 1]! };
    },
  };
}

export interface StatsAccumulator {
  add(row: TraceRow): void;
  result(): TraceStats;
}

export function createStatsAccumulator(has: { readonly input: boolean; readonly output: boolean; readonly hashIds: boolean }): StatsAccumulator {
  const bins = new Map<number, number>();
  const input = createCounter();
  const output = createCounter();
  const seen = new Set<number>();
  let blocks = 0;
  let repeated = 0;
  let rows = 0;
  let first = Infinity;
  let last = -Infinity;
  return {
    add(row) {
      rows++;
      first = Math.min(first, row.time);
      last = Math.max(last, row.time);
      const bin = Math.floor(row.time / 60);
      bins.set(bin, (bins.get(bin) ?? 0) + 1);
      if (has.input) input.add(row.inputTokens);
      if (has.output) output.add(row.outputTokens);
      if (has.hashIds && row.hashIds) {
        for (const id of row.hashIds) {
          blocks++;
          if (seen.has(id)) repeated++;
          else seen.add(id);
        }
      }
    },
    result() {
      const span = rows === 0 ? 0 : last - first;
      let peak = 0;
      let min = Infinity;
      if (rows > 0) {
        for (let b = Math.floor(first / 60); b <= Math.floor(last / 60); b++) {
          const c = bins.get(b) ?? 0;
          peak = Math.max(peak, c);
          min = Math.min(min, c);
        }
      }
      return {
        rows,
        span,
        meanRps: span > 0 ? rows / span : null,
        peakRps: rows > 0 ? peak / 60 : null,
        minRps: rows > 0 ? min / 60 : null,
        input: has.input ? input.result() : null,
        output: has.output ? output.result() : null,
        repeatedBlockShare: has.hashIds && blocks > 0 ? repeated / blocks : null,
      };
    },
  };
}

/** Scales of a time chart from its spec: the time extent of its lines and each value axis's domain. */
import { bisector } from "d3-array";
import { scaleLinear, scaleLog } from "d3-scale";
import type { NumericScale } from "../frame/axes.js";
import type { AxisSpec, LineSpec, TimeChartSpec } from "../frame/spec.js";

export const bisectTime = bisector((t: number) => t);

/** First and last sample time over all lines (a run's whole span). */
export function timeExtent(spec: TimeChartSpec): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const l of spec.lines) {
    if (l.t.length === 0) continue;
    lo = Math.min(lo, 0, l.t[0]!);
    hi = Math.max(hi, l.t[l.t.length - 1]!);
  }
  return lo < hi ? [lo, hi] : [0, 1];
}

/** Index range [from, to) of a line's samples to draw for the window, with one neighbour each side. */
export function visibleRange(t: Float64Array, start: number, end: number): [number, number] {
  const from = Math.max(0, bisectTime.left(t, start) - 1);
  const to = Math.min(t.length, bisectTime.right(t, end) + 1);
  return [from, to];
}

/** The value scale of one axis over the lines (and rules) drawn on it inside the window. */
export function valueScale(axis: AxisSpec, lines: readonly LineSpec[], rules: readonly number[], window: [number, number], range: [number, number]): NumericScale {
  let lo = Infinity;
  let hi = -Infinity;
  const isLog = axis.scale === "log";
  for (const l of lines) {
    const [from, to] = visibleRange(l.t, window[0], window[1]);
    for (let i = from; i < to; i++) {
      const v = l.y[i]!;
      if (!Number.isFinite(v) || (isLog && v <= 0)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  for (const v of rules) {
    if (!Number.isFinite(v) || (isLog && v <= 0)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (isLog) {
    if (!(lo < Infinity)) return scaleLog().domain([0.001, 1]).range(range);
    const top = hi <= lo ? lo * 10 : hi * 1.3;
    return scaleLog().domain([Math.max(axis.min ?? 0, lo / 1.3) || lo / 1.3, top]).range(range);
  }
  const min = axis.min ?? Math.min(0, lo < Infinity ? lo : 0);
  const max = hi > min ? hi * 1.08 : min + 1;
  return scaleLinear().domain([min, max]).nice().range(range);
}

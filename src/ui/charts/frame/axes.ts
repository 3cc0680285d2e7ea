/**
 * Axes as Lit SVG templates from d3 scales: tick positions from the scale (or round durations
 * for time), at most one label per ~80 px horizontally and ~36 px vertically so labels never
 * overlap, and a title carrying the unit.
 */
import type { ScaleContinuousNumeric } from "d3-scale";
import { svg } from "lit";
import type { SVGTemplateResult } from "lit";
import { timeTicks } from "./time-ticks.js";
import { formatClock } from "./units.js";
import type { Formatter } from "./units.js";

export type NumericScale = ScaleContinuousNumeric<number, number>;

/** Ticks of a value axis: a log scale puts them at 1, 2, 5 (or 1, 3, or 1) × powers of ten, as many as fit. */
export function valueTicks(scale: NumericScale, pixels: number, isLog: boolean): number[] {
  const room = Math.max(2, Math.floor(pixels / 36));
  if (!isLog) return scale.ticks(room);
  const [lo, hi] = scale.domain() as [number, number];
  const decades: number[] = [];
  for (let p = Math.floor(Math.log10(lo)); p <= Math.ceil(Math.log10(hi)); p++) decades.push(10 ** p);
  const inside = (v: number) => v >= lo * 0.999 && v <= hi * 1.001;
  for (const mults of [[1, 2, 5], [1, 3], [1]]) {
    const ticks = decades.flatMap((d) => mults.map((m) => m * d)).filter(inside);
    if (ticks.length <= room && ticks.length >= 2) return ticks;
  }
  const powers = decades.filter(inside);
  const every = Math.ceil(powers.length / room);
  return powers.length >= 2 ? powers.filter((_, i) => i % every === 0) : scale.ticks(room);
}

export function bottomAxis(x: NumericScale, y0: number, label: string): SVGTemplateResult {
  const [a, b] = x.domain() as [number, number];
  const [r0, r1] = x.range() as [number, number];
  const ticks = timeTicks(a, b, Math.max(2, Math.floor((r1 - r0) / 80)));
  return svg`<g class="axis x" transform="translate(0 ${y0})">
    <line class="domain" x1=${r0} x2=${r1}></line>
    ${ticks.map((t) => svg`<g transform="translate(${x(t)} 0)"><line y2="5"></line><text y="17" text-anchor="middle">${formatClock(t)}</text></g>`)}
    <text class="title" x=${r1} y="32" text-anchor="end">${label}</text>
  </g>`;
}

export function sideAxis(y: NumericScale, side: "left" | "right", x0: number, label: string, format: Formatter, isLog: boolean): SVGTemplateResult {
  const [r0, r1] = y.range() as [number, number];
  const ticks = valueTicks(y, Math.abs(r0 - r1), isLog);
  const sign = side === "left" ? -1 : 1;
  const anchor = side === "left" ? "end" : "start";
  return svg`<g class="axis y ${side}" transform="translate(${x0} 0)">
    <line class="domain" y1=${r0} y2=${r1}></line>
    ${ticks.map((v) => svg`<g transform="translate(0 ${y(v)})"><line x2=${sign * 5}></line><text x=${sign * 8} dy="0.32em" text-anchor=${anchor}>${format(v)}</text></g>`)}
    <text class="title" x=${side === "left" ? -x0 + 2 : 0} y=${Math.min(r0, r1) - 10} text-anchor=${side === "left" ? "start" : "end"}>${label}</text>
  </g>`;
}

/** Horizontal grid lines behind the plot at the value ticks. */
export function grid(y: NumericScale, x0: number, x1: number, isLog: boolean): SVGTemplateResult {
  const [r0, r1] = y.range() as [number, number];
  return svg`<g class="grid">${valueTicks(y, Math.abs(r0 - r1), isLog).map((v) => svg`<line x1=${x0} x2=${x1} y1=${y(v)} y2=${y(v)}></line>`)}</g>`;
}

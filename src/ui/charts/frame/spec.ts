/**
 * What a time chart draws, as plain data: lines over simulated time read straight from the
 * results' typed-array columns, horizontal rules (SLO targets), and point marks (scale events).
 * Chart modules are functions from Results to a spec; `ss-time-chart` renders any spec.
 */
import type { Formatter } from "./units.js";

/** Index into the colour-blind-safe palette (palette.ts). */
export type Colour = number;
/** Line styles, so that series stay apart without colour: run A solid, baseline dashed, etc. */
export type Dash = "solid" | "dash" | "dot" | "dashdot";

export interface LineSpec {
  /** Stable id, unique in the chart (tests and legends use it). */
  readonly id: string;
  readonly label: string;
  readonly colour: Colour;
  readonly dash: Dash;
  /** Sample times (seconds) and values; NaN values leave gaps. */
  readonly t: Float64Array;
  readonly y: Float64Array;
  /** `step`: the value holds until the next sample (counts); `linear` joins samples. */
  readonly curve: "linear" | "step";
  readonly axis: "left" | "right";
  /** Drawn fainter: the baseline run of a comparison. */
  readonly faint?: boolean;
}

export interface RuleSpec {
  readonly label: string;
  readonly y: number;
  readonly colour: Colour;
  readonly axis: "left" | "right";
}

export interface MarkSpec {
  readonly t: number;
  readonly y: number;
  readonly shape: "up" | "down" | "cross";
  readonly colour: Colour;
  /** Shown on hover and focus, and read by screen readers. */
  readonly label: string;
}

export interface AxisSpec {
  /** Axis title with its unit, e.g. "latency (s, log scale)". */
  readonly label: string;
  readonly format: Formatter;
  readonly scale: "linear" | "log";
  /** Lowest value shown (linear axes start at 0 unless given). */
  readonly min?: number;
}

export interface TimeChartSpec {
  readonly id: string;
  readonly title: string;
  /** One sentence under the title: what is drawn and how to read it. */
  readonly note?: string;
  readonly left: AxisSpec;
  readonly right?: AxisSpec;
  readonly lines: readonly LineSpec[];
  readonly rules: readonly RuleSpec[];
  readonly marks: readonly MarkSpec[];
}

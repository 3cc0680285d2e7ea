/**
 * Token lengths of generated LLM requests: fixed, uniform, lognormal (rounded, clamped) or
 * empirical per side, or (input, output) pairs of one trace row resampled together.
 */
import { exp, log } from "../../engine/index.js";
import type { Stream } from "../../engine/index.js";
import type { RequestAttrs } from "../attrs.js";
import type { AttrsFiller } from "./process.js";

/** Token counts of a trace, one entry per row (input[i] and output[i] from the same row). */
export interface TokenTable {
  readonly input: Int32Array;
  readonly output: Int32Array;
}

export type LengthSpec =
  | { readonly distribution: "fixed"; readonly value: number }
  | { readonly distribution: "uniform"; readonly min: number; readonly max: number }
  | { readonly distribution: "lognormal"; readonly mean: number; readonly cv: number; readonly min: number; readonly max: number }
  | { readonly distribution: "empirical"; readonly values: Int32Array };

export type TokenSpec = { readonly input?: LengthSpec; readonly output?: LengthSpec } | { readonly joint: TokenTable };

function lengthSampler(spec: LengthSpec, stream: Stream): () => number {
  switch (spec.distribution) {
    case "fixed": {
      const v = spec.value;
      return () => v;
    }
    case "uniform": {
      const { min } = spec;
      const span = spec.max - spec.min + 1;
      return () => min + stream.int(span);
    }
    case "lognormal": {
      const s2 = log(1 + spec.cv * spec.cv);
      const sigma = Math.sqrt(s2);
      const mu = log(spec.mean) - s2 / 2;
      const { min, max } = spec;
      return () => Math.min(max, Math.max(min, Math.round(exp(mu + sigma * stream.normal()))));
    }
    case "empirical": {
      const values = spec.values;
      if (values.length === 0) throw new Error("an empirical distribution needs at least one value");
      return () => values[stream.int(values.length)]!;
    }
  }
}

/** Fills inputTokens and outputTokens of each arrival (sides left unspecified keep their value). */
export function tokenFiller(spec: TokenSpec, stream: Stream): AttrsFiller {
  if ("joint" in spec) {
    const { input, output } = spec.joint;
    if (input.length === 0) throw new Error("a joint token table needs at least one row");
    return (a: RequestAttrs) => {
      const i = stream.int(input.length);
      a.inputTokens = input[i]!;
      a.outputTokens = output[i]!;
    };
  }
  const input = spec.input && lengthSampler(spec.input, stream);
  const output = spec.output && lengthSampler(spec.output, stream);
  return (a: RequestAttrs) => {
    if (input) a.inputTokens = input();
    if (output) a.outputTokens = output();
  };
}

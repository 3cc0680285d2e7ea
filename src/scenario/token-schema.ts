/** Token lengths of generated LLM requests: a distribution per side, or (input, output) pairs resampled from a trace. */
import * as z from "zod";
import { count, strictObject } from "./fields.js";
import { Limits as L } from "./limits.js";
import { traceFileSchema } from "./trace-schema.js";

const tokens = count(0, L.tokens);

const length = z.discriminatedUnion(
  "distribution",
  [
    strictObject({ distribution: z.literal("fixed"), value: tokens }),
    strictObject({ distribution: z.literal("uniform"), min: tokens, max: tokens }).refine((u) => u.min <= u.max, { error: "expected min ≤ max", path: ["max"] }),
    strictObject({
      distribution: z.literal("lognormal"),
      mean: z.number().min(1).max(L.tokens),
      /** Coefficient of variation (standard deviation ÷ mean). */
      cv: z.number().min(0).max(100),
      /** Draws are rounded and clamped to [min, max]. */
      min: tokens.default(1),
      max: tokens.default(L.tokens),
    }).refine((u) => u.min <= u.max, { error: "expected min ≤ max", path: ["max"] }),
    /** Resampled, with replacement, from the token counts of this side in a trace. */
    strictObject({ distribution: z.literal("empirical"), trace: traceFileSchema }),
  ],
  { error: 'expected distribution "fixed", "uniform", "lognormal" or "empirical"' },
);

export const tokenLengthsSchema = strictObject({
  input: length.optional(),
  output: length.optional(),
  /** Resample (input, output) pairs of one trace row together, keeping their correlation. */
  joint: traceFileSchema.optional(),
}).superRefine(
  (t, ctx) => {
    if (t.joint !== undefined && (t.input !== undefined || t.output !== undefined)) ctx.addIssue({ code: "custom", path: ["joint"], message: "expected either joint or input/output, not both" });
  },
  { when: (payload) => payload.issues.length === 0 },
);

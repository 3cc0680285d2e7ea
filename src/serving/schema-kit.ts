/**
 * What a server kind builds its scenario `model` block with: the scenario's own field helpers
 * (strict objects whose unknown fields suggest the closest name; quantities written with units)
 * and its bounds, passed in so that serving stays below the scenario module.
 */
import type * as z from "zod";

/** The scenario bounds a model block uses. */
export interface ModelLimits {
  readonly nameLength: number;
  readonly durationSeconds: number;
  readonly serviceTimeSeconds: number;
  readonly concurrency: number;
  readonly batchSize: number;
  readonly denoisingSteps: number;
  readonly queueLimit: number;
  readonly modelBytes: number;
  readonly tensorParallel: number;
  readonly maxNumSeqs: number;
  readonly maxNumBatchedTokens: number;
  readonly tokens: number;
}

export interface SchemaKit {
  strictObject<S extends z.ZodRawShape>(shape: S): z.ZodObject<S, z.core.$strict>;
  /** Seconds in [min, max], written "250ms", "5m" or as a number. */
  duration(min: number, max: number): z.ZodType<number, number | string>;
  /** Bytes in [min, max], written "16Gi", "9GB" or as a number. */
  bytes(min: number, max: number): z.ZodType<number, number | string>;
  /** An integer in [min, max]. */
  count(min: number, max: number): z.ZodNumber;
  readonly limits: ModelLimits;
}

/** A rule the field schemas cannot express: `issue(path, message)` reports a problem at a path below the model block. */
export type ModelIssue = (path: (string | number)[], message: string) => void;

/** What a model block's checks see of its service's pod. */
export interface PodShape {
  /** nvidia.com/gpu the pod requests (or limits). */
  readonly gpus: number;
}

/**
 * Reads published classic-model measurements (the format of shared/data/classic-references.json:
 * one figure per entry with its model, GPU, precision, batch, software and statistic) as
 * calibration references, and says why each entry it leaves out is left out. The rules follow
 * src/serving/perf/MODEL.md: the model describes TensorRT engines, alone or behind Triton.
 */
import * as z from "zod";
import type { Reference } from "./calibrate.js";

const entrySchema = z.looseObject({
  id: z.string().min(1).max(256),
  metric: z.enum(["latency_ms", "throughput_per_s"]),
  value: z.number().positive(),
  stat: z.string().max(32),
  model: z.string().max(256),
  gpu: z.string().max(64),
  dtype: z.string().max(64),
  batch: z.number().int().min(1).max(1_000_000).nullable(),
  software: z.string().max(1000),
  num_gpus: z.number().int().min(1).max(64),
  scenario: z.string().max(64).optional(),
});
export type Measurement = z.infer<typeof entrySchema>;

/** A file of published measurements (entries carry `metric` and `value` instead of a `kind`). */
export const measurementsFileSchema = z.looseObject({ references: z.array(entrySchema).min(1).max(10_000) });

export interface Exclusion {
  readonly id: string;
  readonly reason: string;
}

/** Catalog GPU of each GPU name the measurements use; the rest have no catalog GPU. */
const GPUS: Readonly<Record<string, string>> = {
  t4: "t4",
  l4: "l4",
  a10: "a10",
  "a100-40gb": "a100-40gb",
  "a100-40gb-sxm4": "a100-40gb",
  "a100-80gb-sxm": "a100-80gb-sxm",
  "h100-sxm-80gb": "h100-sxm",
  "h100-pcie-80gb": "h100-pcie",
};

/** Catalog model of a measured model, by the start of its name; null with the reason it cannot be compared. */
function modelOf(name: string): { id: string } | { reason: string } {
  if (name.startsWith("resnet-50")) return { id: "resnet-50" };
  if (name.includes("MLPerf bert-99"))
    return { reason: "MLPerf BERT runs the SQuAD samples at their own lengths (up to 384 tokens), whose mean is not published: the FLOPs per item are unknown" };
  if (name.startsWith("bert-large")) return name.includes("seq 128") ? { id: "bert-large-128" } : { id: "bert-large" };
  if (name.startsWith("ssd-resnet34")) return { id: "ssd-resnet34" };
  if (name.startsWith("retinanet")) return { id: "retinanet" };
  if (name.startsWith("stable-diffusion-xl")) return { id: "sdxl" };
  if (name.startsWith("whisper-large-v3")) return { id: "whisper-large-v3" };
  return { reason: `no catalog model for "${name}"` };
}

const STACK_EXCLUDED =
  "framework stack (PyTorch eager, TensorFlow 1, MXNet): per-operator dispatch and unfused kernels set these times, which the model of TensorRT engines does not describe";

function stackOf(software: string): "tensorrt" | "triton" | null {
  if (software.startsWith("Triton")) return "triton";
  if (software.startsWith("TensorRT")) return "tensorrt";
  return null;
}

/** Serving precision of a measured engine: the format of its heaviest part (SDXL's UNet). */
function dtypeOf(d: string): "int8" | "fp16" | "fp32" | "fp8" | null {
  if (d.startsWith("int8")) return "int8";
  if (d.startsWith("fp8")) return "fp8";
  if (d === "fp16" || d === "fp32") return d;
  return null;
}

/** Items per batch of an MLPerf Offline run whose batch size was not read (the harness's large batches). */
export const OFFLINE_DEFAULT_BATCH = 64;

/**
 * The measurements a TensorRT (or Triton) model of each catalog model should meet, as calibration
 * references, and every other entry with the reason it is left out. Where a table gives a run's
 * throughput, mean and p90 latency, the mean latency is compared (throughput = batch ÷ latency of
 * the same run).
 */
export function measurementsToReferences(entries: readonly Measurement[]): { references: Reference[]; excluded: Exclusion[] } {
  const references: Reference[] = [];
  const excluded: Exclusion[] = [];
  const skip = (id: string, reason: string) => excluded.push({ id, reason });
  const latencyRuns = new Set(entries.filter((e) => e.metric === "latency_ms").map((e) => `${e.model}|${e.gpu}|${e.dtype}|${e.batch}|${e.software}`));
  for (const e of entries) {
    const gpu = GPUS[e.gpu];
    if (gpu === undefined) {
      skip(e.id, `no catalog GPU for "${e.gpu}" (the 80 GB PCIe A100 differs from the SXM part in bandwidth and power)`);
      continue;
    }
    const model = modelOf(e.model);
    if ("reason" in model) {
      skip(e.id, model.reason);
      continue;
    }
    const stack = stackOf(e.software);
    if (stack === null) {
      skip(e.id, STACK_EXCLUDED);
      continue;
    }
    const precision = dtypeOf(e.dtype);
    if (precision === null) {
      skip(e.id, `no serving precision for "${e.dtype}"`);
      continue;
    }
    const base = { id: e.id, model: model.id, gpu, gpus: e.num_gpus, precision, stack, source: "see the measurement" } as const;
    if (e.metric === "latency_ms") {
      if (e.stat === "p90" && e.scenario === undefined) {
        skip(e.id, "the p90 of a run whose mean is compared");
        continue;
      }
      references.push({ ...base, kind: "classic-batch-latency", batch: e.batch ?? 1, measured: { latencySeconds: e.value / 1000 } });
    } else if (latencyRuns.has(`${e.model}|${e.gpu}|${e.dtype}|${e.batch}|${e.software}`)) {
      skip(e.id, "throughput of a run whose latency is compared (batch ÷ latency)");
    } else {
      references.push({ ...base, kind: "classic-offline-throughput", batch: e.batch ?? OFFLINE_DEFAULT_BATCH, measured: { itemsPerSecond: e.value } });
    }
  }
  return { references, excluded };
}

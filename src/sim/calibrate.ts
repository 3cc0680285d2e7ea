/**
 * Calibration against measured references (the format of shared/data/references.json): each
 * entry is simulated as its file's description says, and the prediction is compared with the
 * measurement. LLM entries run the real LLM server on the engine; classic entries time one batch
 * with the classic model (latency) or run full batches back to back (offline throughput).
 */
import * as z from "zod";
import { findGpu, findModel, gpuIds, modelIds } from "../catalog/index.js";
import type { Gpu } from "../catalog/index.js";
import { createEngine } from "../engine/index.js";
import type { ClassicCalibration, LlmCalibration } from "../serving/index.js";
import { CLASSIC_STACKS, createClassicPerfModel, createLlmPerfModel, createLlmServers, createRequestTable, DEFAULT_LLM_CALIBRATION, DTYPES, kvBlocks } from "../serving/index.js";
import { DEFAULT_LLM_SERVER } from "./llm-defaults.js";

const dtype = z.enum(DTYPES);
/** Items per batch of a classic offline entry that gives none (the harness's large batches). */
export const DEFAULT_CLASSIC_BATCH = 64;
const count = (max: number) => z.number().int().min(1).max(max);
const base = {
  id: z.string().min(1).max(256),
  model: z.string().max(64),
  gpu: z.string().max(64),
  gpus: count(64),
};
const llmBase = { ...base, tensorParallel: count(64), weightDtype: dtype, kvDtype: dtype, inputTokens: count(1_000_000), outputTokens: count(1_000_000) };
/** Classic entries: the serving precision, the software stack (default tensorrt) and the batch. */
const classicBase = { ...base, precision: dtype, stack: z.enum(CLASSIC_STACKS).default("tensorrt"), batch: count(1_000_000).default(DEFAULT_CLASSIC_BATCH) };

/** One measured reference; fields beyond these (sources, notes) are allowed and ignored. */
export const referenceSchema = z.discriminatedUnion("kind", [
  z.looseObject({ kind: z.literal("llm-offline-throughput"), ...llmBase, requests: count(1_000_000), measured: z.looseObject({ outputTokensPerSecond: z.number().positive() }) }),
  z.looseObject({ kind: z.literal("llm-batch-latency"), ...llmBase, batch: count(100_000), measured: z.looseObject({ endToEndSeconds: z.number().positive() }) }),
  z.looseObject({ kind: z.literal("classic-offline-throughput"), ...classicBase, measured: z.looseObject({ itemsPerSecond: z.number().positive() }) }),
  z.looseObject({ kind: z.literal("classic-batch-latency"), ...classicBase, measured: z.looseObject({ latencySeconds: z.number().positive() }) }),
]);
export type Reference = z.infer<typeof referenceSchema>;

export const referencesFileSchema = z.looseObject({ references: z.array(referenceSchema).min(1).max(10_000) });

export interface CalibrationRow {
  readonly id: string;
  readonly kind: Reference["kind"];
  /** What is compared: output tokens/s, end-to-end seconds, items/s or a classic batch's seconds. */
  readonly metric: "outputTokensPerSecond" | "endToEndSeconds" | "itemsPerSecond" | "latencySeconds";
  readonly measured: number;
  readonly predicted: number;
  /** predicted ÷ measured. */
  readonly ratio: number;
  /** Which performance model produced the prediction. */
  readonly mode: "roofline" | "profile";
}

export interface CalibrateOptions {
  readonly calibration?: LlmCalibration;
  readonly classicCalibration?: ClassicCalibration;
  /** Server settings for the simulated replicas (default: REFERENCE_SERVER). */
  readonly server?: ReferenceServer;
}

export type ReferenceServer = Omit<typeof DEFAULT_LLM_SERVER, "kvReservation" | "maxNumSeqs"> & { readonly kvReservation: "prompt" | "full"; readonly maxNumSeqs: number };

/**
 * The server the references are simulated on: servesim's defaults, except the KV policy. Every
 * LLM reference in shared/data/references.json was measured with TensorRT-LLM, whose default
 * capacity policy (GUARANTEED_NO_EVICT) reserves a request's whole KV need when it joins.
 */
export const REFERENCE_SERVER: ReferenceServer = { ...DEFAULT_LLM_SERVER, kvReservation: "full" };

/** Checks the ids of a reference, returning the catalog entries or an error message. */
function resolve(r: Reference): { gpu: Gpu; error?: undefined } | { error: string } {
  const gpu = findGpu(r.gpu);
  if (!gpu) return { error: `unknown GPU "${r.gpu}" (expected one of ${gpuIds.join(", ")})` };
  const model = findModel(r.model);
  if (!model) return { error: `unknown model "${r.model}" (expected one of ${modelIds.join(", ")})` };
  const wantsLlm = r.kind === "llm-offline-throughput" || r.kind === "llm-batch-latency";
  if ((model.kind === "llm") !== wantsLlm) return { error: `model "${r.model}" is a ${model.kind} model, which a ${r.kind} entry cannot use` };
  if (wantsLlm && r.tensorParallel !== r.gpus) return { error: `tensorParallel (${r.tensorParallel}) must equal gpus (${r.gpus}): one replica spans the GPUs` };
  return { gpu };
}

/** Simulates n requests queued at t=0 on one replica; returns the time the last one finishes. */
function lastFinish(r: Extract<Reference, { kind: "llm-offline-throughput" | "llm-batch-latency" }>, n: number, cal: LlmCalibration, gpu: Gpu, server: ReferenceServer): { time: number; mode: "roofline" | "profile" } {
  const model = findModel(r.model);
  if (model?.kind !== "llm") throw new Error("unreachable: checked by resolve");
  const perf = createLlmPerfModel({ model, gpu, tensorParallel: r.tensorParallel, weightDtype: r.weightDtype, kvDtype: r.kvDtype }, { calibration: cal });
  const blocks = kvBlocks(perf, server);
  if (blocks === 0) throw new Error(`the weights of ${r.model} do not fit on ${r.gpus} × ${r.gpu}`);
  const config = { ...server, prefixBlockTokens: 0 };
  const engine = createEngine();
  const requests = createRequestTable(n + 1);
  let last = 0;
  let refused = 0;
  const ignore = () => undefined;
  const servers = createLlmServers(engine, requests, [{ config, kvBlocks: () => blocks, maxContext: Infinity, queueLimit: Infinity, timeout: Infinity }], {
    started: ignore,
    firstToken: ignore,
    finished: (_req, now) => (last = Math.max(last, now)),
    failed: ignore,
    timedOut: ignore,
    drained: ignore,
  });
  servers.addPod(0, 0, perf, 0);
  for (let i = 0; i < n; i++) {
    const req = requests.alloc(0, 0, 0);
    requests.inputTokens[req] = r.inputTokens;
    requests.outputTokens[req] = r.outputTokens;
    if (servers.admit(req, 0) >= 0) refused++;
  }
  if (refused > 0) throw new Error(`${refused} requests of ${r.inputTokens}+${r.outputTokens} tokens can never fit the replica's KV cache`);
  engine.runUntil(Infinity);
  return { time: last, mode: perf.mode };
}

/** Simulates every reference; throws an Error naming the entry when one cannot be simulated. */
export function calibrate(references: readonly Reference[], options: CalibrateOptions = {}): CalibrationRow[] {
  const cal = options.calibration ?? DEFAULT_LLM_CALIBRATION;
  const server = options.server ?? REFERENCE_SERVER;
  return references.map((r) => {
    const found = resolve(r);
    if (found.error !== undefined) throw new Error(`${r.id}: ${found.error}`);
    const { gpu } = found;
    const row = (metric: CalibrationRow["metric"], measured: number, predicted: number, mode: CalibrationRow["mode"]): CalibrationRow => ({ id: r.id, kind: r.kind, metric, measured, predicted, ratio: predicted / measured, mode });
    try {
      switch (r.kind) {
        case "llm-offline-throughput": {
          const run = lastFinish(r, r.requests, cal, gpu, server);
          return row("outputTokensPerSecond", r.measured.outputTokensPerSecond, (r.requests * r.outputTokens) / run.time, run.mode);
        }
        case "llm-batch-latency": {
          const run = lastFinish(r, r.batch, cal, gpu, server);
          return row("endToEndSeconds", r.measured.endToEndSeconds, run.time, run.mode);
        }
        case "classic-offline-throughput": {
          // Saturation: full batches back to back on each GPU.
          const perf = classicPerf(r, gpu, options.classicCalibration);
          return row("itemsPerSecond", r.measured.itemsPerSecond, (r.gpus * r.batch) / perf.batchTime(r.batch), perf.mode);
        }
        case "classic-batch-latency": {
          const perf = classicPerf(r, gpu, options.classicCalibration);
          return row("latencySeconds", r.measured.latencySeconds, perf.batchTime(r.batch), perf.mode);
        }
      }
    } catch (e) {
      throw new Error(`${r.id}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  });
}

function classicPerf(r: Extract<Reference, { kind: "classic-offline-throughput" | "classic-batch-latency" }>, gpu: Gpu, calibration?: ClassicCalibration) {
  const model = findModel(r.model);
  if (model?.kind !== "classic") throw new Error("unreachable: checked by resolve");
  return createClassicPerfModel(model, gpu, r.precision, calibration ? { stack: r.stack, calibration } : { stack: r.stack });
}

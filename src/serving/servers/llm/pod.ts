/** A replica's LLM server state as it joins: an empty batch and cache, and the counters of its earlier life. */
import type { LlmPerfModel } from "../../perf/llm.js";
import { Mode } from "./batch.js";
import type { Pod } from "./batch.js";
import type { LlmServerConfig } from "./config.js";
import { createDeque } from "./deque.js";
import { createPrefixCache } from "./prefix-cache.js";

/** A pod of `service` with `cfg`, joining at `now`; a restarted pod (`old`: its previous state) keeps its counters over its whole life. */
export function createPod(service: number, cfg: LlmServerConfig, perf: LlmPerfModel, old: Pod | undefined, now: number): Pod {
  const prefixCapacity = cfg.prefixBlockTokens > 0 ? Math.floor((cfg.kvBlocks * cfg.blockSize) / cfg.prefixBlockTokens) : 0;
  return {
    service,
    cfg,
    perf,
    watermark: Math.floor(cfg.kvBlocks * 0.01),
    waiting: createDeque(),
    running: [],
    free: cfg.kvBlocks,
    mode: Mode.Idle,
    end: NaN,
    stepReq: [],
    stepTok: [],
    stepCount: 0,
    cruiseStart: 0,
    cruiseN: 0,
    cutAt: NaN,
    cruiseContext: 0,
    cruise: null,
    prefix: prefixCapacity > 0 ? createPrefixCache(prefixCapacity) : null,
    preemptions: old?.preemptions ?? 0,
    prefixQueries: old?.prefixQueries ?? 0,
    prefixHits: old?.prefixHits ?? 0,
    generated: old?.generated ?? 0,
    batchArea: old?.batchArea ?? 0,
    kvArea: old?.kvArea ?? 0,
    busyTime: old?.busyTime ?? 0,
    lastT: now,
    iterations: old?.iterations ?? 0,
  };
}

/**
 * The classic server kind (an image classifier, a detector, any request/response model): each pod
 * runs `concurrency` instances over one queue, serving requests one by one or in dynamic batches.
 * A pod's requests are timed by the service's distribution, or by the catalog model's roofline on
 * the GPU the pod landed on.
 */
import { findGpu, findModel } from "../../../catalog/index.js";
import type { ClassicModel } from "../../../catalog/index.js";
import type { ContainerExit } from "../../../cluster/index.js";
import { createSampler } from "../../../engine/index.js";
import type { Sampler } from "../../../engine/index.js";
import { ADMITTED, RejectReason } from "../../contract.js";
import type { Admission, ModelServer, PodLoad, ServedService, ServerHandle, ServerKindModule } from "../../contract.js";
import { createClassicPerfModel } from "../../perf/classic.js";
import { BYTES, dtypeSupport } from "../../perf/dtype.js";
import { checkClassic, classicModel } from "./model.js";
import type { ClassicServerModel } from "./model.js";
import { createClassicServers } from "./server.js";
import type { ClassicPodSpec, ClassicServers } from "./server.js";

/** How pods of one service are timed on one GPU type, or null (with a warning) when they cannot be. */
function podSpec(svc: ServedService<ClassicServerModel>, gpuType: string | null, draw: Sampler | null, warn: (m: string) => void): ClassicPodSpec | null {
  const m = svc.model;
  const gpu = gpuType === null ? undefined : findGpu(gpuType);
  const catalog = m.id === undefined ? undefined : (findModel(m.id) as ClassicModel);
  const roofline = catalog && gpu ? createClassicPerfModel(catalog, gpu, m.dtype, m.steps === undefined ? { stack: m.stack } : { stack: m.stack, steps: m.steps }) : null;
  // Without given times, the pod's instances share its GPU: each batch (or request) is a work item on it.
  const b = m.batching;
  const given = b === undefined ? draw !== null : b.batchTime !== undefined;
  if (!given && roofline === null) {
    warn(`service ${svc.name}: pods on nodes without a GPU cannot time model "${m.id}" (give serviceTime, or batching.batchTime): they receive no requests`);
    return null;
  }
  const batchTime = b?.batchTime ? (n: number) => b.batchTime!.fixed + n * b.batchTime!.perItem : (n: number) => roofline!.batchTime(n);
  return {
    service: svc.index,
    concurrency: m.concurrency,
    queueLimit: m.queueLimit ?? Infinity,
    timeout: m.timeout ?? Infinity,
    // Taken only without batching and without a GPU work model.
    serviceTime: draw ?? { draw: () => batchTime(1) },
    batching: b ? { maxBatchSize: b.maxBatchSize, maxQueueDelay: b.maxQueueDelay, batchTime } : null,
    gpuWork: given ? null : roofline!.work,
  };
}

/** Why pods of the service cannot start on GPUs of `gpuType` (with a warning), or null when they can (or there are no GPUs). */
function startFailureOf(svc: ServedService<ClassicServerModel>, gpuType: string | null, warn: (m: string) => void): ContainerExit | null {
  const gpu = gpuType === null ? undefined : findGpu(gpuType);
  if (!gpu) return null;
  const m = svc.model;
  const what = `${m.id ?? "its model"} (${m.dtype})`;
  const check = dtypeSupport(gpu, m.dtype, "compute");
  if (!check.ok) {
    warn(`service ${svc.name}: ${what} cannot run on ${gpu.id} (${check.message}): its pods there exit with an error at start and crash-loop (CrashLoopBackOff), never Ready`);
    return "Error";
  }
  // Every model instance holds its own copy of the weights.
  const catalog = m.id === undefined ? undefined : findModel(m.id);
  const weights = (m.weightsSize ?? (catalog ? catalog.parameters * BYTES[m.dtype] : 0)) * m.concurrency;
  if (weights <= gpu.memoryBytes) return null;
  const gib = (b: number) => `${(b / 2 ** 30).toFixed(1)} GiB`;
  warn(`service ${svc.name}: ${what}: ${m.concurrency} instance(s) need ${gib(weights)} of weights, more than the ${gib(gpu.memoryBytes)} of a ${gpu.id}: its pods there are OOM-killed once they load the model and crash-loop (CrashLoopBackOff), never Ready`);
  return "OOMKilled";
}

function create(services: readonly ServedService<ClassicServerModel>[], h: ServerHandle): ModelServer {
  return new ClassicModelServer(services, h);
}

const NO_LOAD = { generated: 0, preemptions: 0, kvUsed: 0, kvCapacity: 0 };

/** A class rather than an object of closures, so that every run in a process shares one optimised `admit`. */
class ClassicModelServer implements ModelServer {
  private readonly byIndex: Map<number, ServedService<ClassicServerModel>>;
  private readonly draws: Map<number, Sampler | null>;
  private readonly specs = new Map<string, ClassicPodSpec | null>();
  private readonly failures = new Map<string, ContainerExit | null>();
  private readonly servers: ClassicServers;

  constructor(
    services: readonly ServedService<ClassicServerModel>[],
    private readonly h: ServerHandle,
  ) {
    this.byIndex = new Map(services.map((svc) => [svc.index, svc]));
    this.draws = new Map(services.map((svc) => [svc.index, svc.model.serviceTime ? createSampler(svc.model.serviceTime, h.stream(svc.index, "service-time")) : null]));
    this.servers = createClassicServers(h.engine, h.requests, h.events);
  }

  startFailure(service: number, gpuType: string | null): ContainerExit | null {
    const key = `${service}/${gpuType}`;
    if (!this.failures.has(key)) this.failures.set(key, startFailureOf(this.byIndex.get(service)!, gpuType, this.h.warn));
    return this.failures.get(key)!;
  }

  addPod(pod: number, service: number, gpuType: string | null, now: number): boolean {
    const key = `${service}/${gpuType}`;
    if (!this.specs.has(key)) this.specs.set(key, podSpec(this.byIndex.get(service)!, gpuType, this.draws.get(service)!, this.h.warn));
    const spec = this.specs.get(key)!;
    if (spec === null) return false;
    this.servers.addPod(pod, spec, now);
    return true;
  }

  admit(req: number, now: number): Admission {
    return this.servers.admit(req, now) ? ADMITTED : RejectReason.QueueFull;
  }

  drain(pod: number, now: number): boolean {
    return this.servers.drain(pod, now);
  }

  abort(pod: number, now: number): void {
    this.servers.abort(pod, now);
  }

  queued(pod: number): number {
    return this.servers.queued(pod);
  }

  busyArea(pod: number): number {
    return this.servers.busyArea(pod);
  }

  slots(service: number): number {
    return this.byIndex.get(service)!.model.concurrency;
  }

  flush(now: number): void {
    this.servers.flush(now);
  }

  load(): PodLoad {
    return NO_LOAD;
  }

  summary(): null {
    return null;
  }
}

export const classicServer = { name: "classic", tokens: false, model: classicModel, check: checkClassic, create } satisfies ServerKindModule<ClassicServerModel>;

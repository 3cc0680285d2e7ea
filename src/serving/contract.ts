/**
 * The contracts of the serving plane: a model-server kind (classic, LLM, …) is a module that
 * builds a `ModelServer` for the services of its kind; the plane routes each admitted request to
 * the server of its service and hears back what became of it through `ServerEvents`.
 */
import type * as z from "zod";
import type { Engine, Stream } from "../engine/index.js";
import type { ContainerExit } from "../cluster/index.js";
import type { RequestTable } from "./requests.js";
import type { ModelIssue, PodShape, SchemaKit } from "./schema-kit.js";

/** Why a request was refused: its pod's queue was full, no pod was Ready, or it could never fit the model (context or KV cache). */
export const RejectReason = { QueueFull: 0, NoEndpoint: 1, TooLong: 2 } as const;
export type RejectReason = (typeof RejectReason)[keyof typeof RejectReason];
/** Reject reasons by their name in results (`requests.rejectedBy`), in index order. */
export const REJECT_REASONS = ["queueFull", "noEndpoint", "tooLong"] as const;

/** `admit`'s answer when the server took the request (it queues or serves it). */
export const ADMITTED = -1;
export type Admission = typeof ADMITTED | RejectReason;

/** What a server tells the plane about its requests; during each call the request's slot is still readable (the server releases it after). */
export interface ServerEvents {
  /** The request produced its first output token (servers that stream tokens). */
  firstToken(req: number, now: number): void;
  /** The request is complete. */
  finished(req: number, now: number): void;
  /** The request was cut: its pod was aborted. */
  failed(req: number, now: number): void;
  /** The request waited longer than its service's timeout and left. */
  timedOut(req: number, now: number): void;
  /** A draining pod holds no more requests. */
  drained(pod: number, now: number): void;
}

/** A server pod's load as metrics and routing read it. */
export interface PodLoad {
  /** Output tokens produced since the pod joined, and sequences preempted (0 for servers without them). */
  readonly generated: number;
  readonly preemptions: number;
  /** KV-cache blocks in use and in all (0 and 0 without a KV cache). */
  readonly kvUsed: number;
  readonly kvCapacity: number;
}

/** A batching server's figures over a pod's life (results' `pods[].llm`). */
export interface BatchingSummary {
  /** How the performance model timed the pod's iterations. */
  readonly mode: "roofline" | "profile";
  readonly kvBlocks: number;
  readonly meanBatch: number | null;
  readonly meanKvUsage: number | null;
  readonly preemptions: number;
  readonly outputTokensPerSecond: number | null;
  readonly prefixCacheQueries: number;
  readonly prefixCacheHits: number;
}

/**
 * The model servers of one kind, for the services of that kind: each Ready pod of those services
 * joins with `addPod` and is a server from then on. Requests name their pod (`requests.pod`).
 */
export interface ModelServer {
  /**
   * Pod `pod` of `service` is Ready on a node whose GPUs are `gpuType` (null: none). False when the
   * model cannot run there (the server warned): the pod then receives no requests. A pod cut by
   * `abort` may join again (its container restarted).
   */
  addPod(pod: number, service: number, gpuType: string | null, now: number): boolean;
  /**
   * Why a pod of `service` cannot start its server on a node whose GPUs are `gpuType`: OOMKilled
   * when its model does not fit their memory, Error when they lack its data type; null when it can
   * (or when there are no GPUs: `addPod` then decides). The pod then crash-loops, never Ready; the
   * server warns once per service and GPU type.
   */
  startFailure?(service: number, gpuType: string | null): ContainerExit | null;
  /** Takes the request (queued or served at once), or refuses it with the reason. */
  admit(req: number, now: number): Admission;
  /** The pod takes no new requests and finishes those it holds (then `drained`); false when it holds none. */
  drain(pod: number, now: number): boolean;
  /** Cuts every request the pod holds (each reported failed); the pod serves no more. */
  abort(pod: number, now: number): void;
  /** Requests waiting at the pod (not yet in service or in a batch); 0 for a pod that never joined. */
  queued(pod: number): number;
  /** Busy time of the pod since it joined, up to the last `flush`: busy slot-seconds. */
  busyArea(pod: number): number;
  /** Slots a pod of the service offers (what busyArea is a share of, per second): a classic pod's instances, 1 for an LLM pod. */
  slots(service: number): number;
  /** Brings the busy areas and other time integrals up to `now`. */
  flush(now: number): void;
  load(pod: number): PodLoad;
  /** Leading prefix blocks of `ids` the pod caches (servers with a prefix cache). */
  prefixMatch?(pod: number, ids: Int32Array): number;
  /** The pod's batching figures over its life, or null (servers that do not batch continuously, pods that never joined). */
  summary(pod: number, now: number): BatchingSummary | null;
}

/** What a server kind builds its servers with. */
export interface ServerHandle {
  readonly engine: Engine;
  readonly requests: RequestTable;
  readonly events: ServerEvents;
  /** The seeded stream `serving/<service name>/<name>` (each once). */
  stream(service: number, name: string): Stream;
  /** Records a non-fatal oddity for results.warnings. */
  warn(message: string): void;
}

/** One service of a server kind: its index, name and model block. */
export interface ServedService<M> {
  readonly index: number;
  readonly name: string;
  readonly model: M;
}

/**
 * A server kind: its name (the model block's `kind`), the schema of its model block (the scenario
 * takes it from the registry), the rules that block's fields cannot express alone, and a factory
 * for the servers of its services.
 */
export interface ServerKindModule<M extends { readonly kind: string }> {
  readonly name: M["kind"];
  /** Whether its requests produce output tokens (results then give TTFT, TPOT and token counts). */
  readonly tokens: boolean;
  /** The scenario's `model` block of this kind: a strict object whose `kind` is the literal name. */
  model(kit: SchemaKit): z.ZodType<M>;
  /** Cross-field rules of a parsed block (paths below the block). */
  check?(model: M, pod: PodShape, issue: ModelIssue): void;
  create(services: readonly ServedService<M>[], h: ServerHandle): ModelServer;
}

/**
 * The routing-policy contract: a policy picks one of a service's Ready pods for each request,
 * reading only a view of the pods' load, queues and KV caches. A policy module is a descriptor
 * (name, zod schema of its arguments, factory), listed in the registry (./registry.ts), like the
 * scheduler's plugins.
 */
import type * as z from "zod";
import type { Stream } from "../../engine/index.js";

/** What routing may read about pods (never change). */
export interface RoutingView {
  /** Requests in flight at the pod: queued, in service or in a batch. */
  load(pod: number): number;
  /** Requests waiting at the pod (not yet in service or in a batch). */
  queued(pod: number): number;
  /** Share of the pod's KV cache in use, in [0, 1] (0 for servers without one). */
  kvUsage(pod: number): number;
  /** Leading prefix blocks of `ids` the pod caches (0 without a prefix cache). */
  prefixMatch(pod: number, ids: Int32Array): number;
}

/** One service's policy. */
export interface RoutingPolicy {
  /** One of `pods` (at least two, in the order they became Ready) for a request carrying these prefix hashes. */
  pick(pods: readonly number[], hashIds: Int32Array | null): number;
  /** The pod at `index` of the list left the endpoints (a policy that keeps a place in the list moves it). */
  removed?(index: number): void;
}

/** What a policy is built with: the view of the pods and its service's own stream (`routing/<service>`). */
export interface RoutingHandle {
  readonly view: RoutingView;
  readonly stream: Stream;
}

/** A routing policy: its name (`routing.policy`), the schema of its arguments (the other fields of `routing`), its factory. */
export interface RoutingPolicyModule<A extends PolicyArgs = PolicyArgs> {
  readonly name: string;
  /** Strict, with a default for every field, so that `{ policy }` alone is valid. */
  readonly args: A;
  create(args: z.output<A>, h: RoutingHandle): RoutingPolicy;
}

/** The schema of a policy's arguments: a strict zod object. */
export type PolicyArgs = z.ZodObject<z.ZodRawShape, z.core.$strict>;

/** A service's routing as the scenario gives it: the policy's name and its arguments. */
export type RoutingSpec = { readonly policy: string } & Readonly<Record<string, unknown>>;

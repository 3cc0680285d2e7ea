/**
 * Request routing among each service's Ready pods (its endpoints), by the service's policy from
 * the registry. With no Ready pod there is nothing to pick; with one, it is the pick (no draw).
 */
import type { Stream } from "../../engine/index.js";
import type { RoutingPolicy, RoutingSpec, RoutingView } from "./policy.js";
import { routingPolicies } from "./registry.js";
import type { RoutingRegistry } from "./registry.js";

export interface Router {
  /** A Ready pod of the service for a request with these prefix hashes, or −1 when it has none. */
  pick(service: number, hashIds: Int32Array | null): number;
  /** Makes a pod eligible to receive requests. */
  addReady(service: number, pod: number): void;
  /** Stops routing to a pod (it is terminating, or its node is NotReady). */
  removeReady(service: number, pod: number): void;
  /** Ready pods of a service, in the order they became Ready. */
  readyPods(service: number): readonly number[];
}

/** The policy named by `spec`, built with its arguments (the scenario applied their defaults). */
function policyOf(spec: RoutingSpec, registry: RoutingRegistry, view: RoutingView, stream: Stream): RoutingPolicy {
  const m = registry[spec.policy];
  if (m === undefined) throw new Error(`unknown routing policy "${spec.policy}" (expected ${Object.keys(registry).join(" | ")})`);
  const { policy: _, ...args } = spec;
  return m.create(m.args.parse(args), { view, stream });
}

export function createRouter(specs: readonly RoutingSpec[], streams: readonly Stream[], view: RoutingView, registry: RoutingRegistry = routingPolicies): Router {
  return new ServiceRouter(
    specs.map(() => []),
    specs.map((spec, s) => policyOf(spec, registry, view, streams[s]!)),
  );
}

/** A class rather than closures, so that every run in a process shares one optimised `pick`. */
class ServiceRouter implements Router {
  constructor(
    private readonly ready: number[][],
    private readonly policies: readonly RoutingPolicy[],
  ) {}

  pick(service: number, hashIds: Int32Array | null): number {
    const pods = this.ready[service]!;
    if (pods.length === 0) return -1;
    if (pods.length === 1) return pods[0]!;
    return this.policies[service]!.pick(pods, hashIds);
  }

  addReady(service: number, pod: number): void {
    this.ready[service]!.push(pod);
  }

  removeReady(service: number, pod: number): void {
    const pods = this.ready[service]!;
    const i = pods.indexOf(pod);
    if (i < 0) return;
    pods.splice(i, 1);
    this.policies[service]!.removed?.(i);
  }

  readyPods(service: number): readonly number[] {
    return this.ready[service]!;
  }
}

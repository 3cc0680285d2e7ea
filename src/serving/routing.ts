/**
 * Request routing among a service's Ready pods, one policy per service:
 * - `random`: kube-proxy in iptables mode (statistic mode random with probabilities 1/n,
 *   1/(n−1), …, which composes to a uniform choice; pkg/proxy/iptables/proxier.go);
 * - `round-robin`: kube-proxy in IPVS mode with the default `rr` scheduler;
 * - `least-request`: the pod with the fewest requests in flight (ties drawn at random);
 * - `power-of-two`: two distinct pods drawn at random, the less loaded one (Envoy's LEAST_REQUEST);
 * - `prefix-aware`: an inference gateway: among pods whose load is within `loadSlack` of the
 *   least loaded, the one caching the longest prefix of the request's hash ids (then the less
 *   loaded, then at random).
 */
import type { Stream } from "../engine/index.js";

export const ROUTING_POLICIES = ["random", "round-robin", "least-request", "power-of-two", "prefix-aware"] as const;
export type RoutingPolicy = (typeof ROUTING_POLICIES)[number];

/** What routing may read about pods. */
export interface RoutingView {
  /** Requests in flight at the pod. */
  load(pod: number): number;
  /** Leading prefix blocks of `ids` the pod caches (0 without a prefix cache). */
  prefixMatch(pod: number, ids: Int32Array): number;
}

export interface RouterSpec {
  readonly policy: RoutingPolicy;
  /** prefix-aware: how many more requests than the least loaded pod a pod may hold and still be chosen for its cache. */
  readonly loadSlack: number;
}

export interface Router {
  /** A Ready pod of the service for a request with these prefix hashes, or −1 when it has none. */
  pick(service: number, hashIds: Int32Array | null): number;
  /** Makes a pod eligible to receive requests. */
  addReady(service: number, pod: number): void;
  /** Stops routing to a pod (it is terminating). */
  removeReady(service: number, pod: number): void;
  /** Ready pods of a service, in the order they became Ready. */
  readyPods(service: number): readonly number[];
}

export function createRouter(specs: readonly RouterSpec[], streams: readonly Stream[], view: RoutingView): Router {
  const ready: number[][] = specs.map(() => []);
  const cursor = specs.map(() => 0);

  /** Uniform choice among the pods for which `better` says no other beats them (one draw per tie). */
  const argBest = (pods: readonly number[], stream: Stream, compare: (a: number, b: number) => number): number => {
    let best = pods[0]!;
    let ties = 1;
    for (let i = 1; i < pods.length; i++) {
      const c = compare(pods[i]!, best);
      if (c < 0) {
        best = pods[i]!;
        ties = 1;
      } else if (c === 0 && stream.float() * ++ties < 1) best = pods[i]!;
    }
    return best;
  };

  return {
    pick(service, hashIds) {
      const pods = ready[service]!;
      const n = pods.length;
      if (n === 0) return -1;
      if (n === 1) return pods[0]!;
      const stream = streams[service]!;
      switch (specs[service]!.policy) {
        case "random":
          return pods[Math.floor(stream.float() * n)]!;
        case "round-robin": {
          const i = cursor[service]! % n;
          cursor[service] = i + 1;
          return pods[i]!;
        }
        case "least-request":
          return argBest(pods, stream, (a, b) => view.load(a) - view.load(b));
        case "power-of-two": {
          const i = Math.floor(stream.float() * n);
          let j = Math.floor(stream.float() * (n - 1));
          if (j >= i) j++;
          return view.load(pods[j]!) < view.load(pods[i]!) ? pods[j]! : pods[i]!;
        }
        case "prefix-aware": {
          let min = Infinity;
          for (const p of pods) min = Math.min(min, view.load(p));
          const limit = min + specs[service]!.loadSlack;
          // Among pods within the slack: the longest cached prefix, then the least load, then a
          // uniform draw among ties (one draw per tie, as argBest). Each pod's match is looked up once.
          let best = -1;
          let bestMatch = 0;
          let bestLoad = 0;
          let ties = 0;
          for (const p of pods) {
            const load = view.load(p);
            if (load > limit) continue;
            const match = hashIds === null ? 0 : view.prefixMatch(p, hashIds);
            const c = best < 0 ? -1 : bestMatch - match || load - bestLoad;
            if (c < 0) {
              best = p;
              bestMatch = match;
              bestLoad = load;
              ties = 1;
            } else if (c === 0 && stream.float() * ++ties < 1) best = p;
          }
          return best;
        }
      }
    },
    addReady(service, pod) {
      ready[service]!.push(pod);
    },
    removeReady(service, pod) {
      const pods = ready[service]!;
      const i = pods.indexOf(pod);
      if (i < 0) return;
      pods.splice(i, 1);
      // Round-robin carries on with the pod that followed the removed one.
      if (cursor[service]! > i) cursor[service]! -= 1;
    },
    readyPods: (service) => ready[service]!,
  };
}

/**
 * Request routing among a service's Ready pods. `random` is kube-proxy in iptables mode: each
 * connection picks an endpoint uniformly at random (pkg/proxy/iptables/proxier.go, statistic
 * mode random with per-rule probabilities 1/n, 1/(n−1), …, which composes to uniform).
 */
import type { Stream } from "../engine/index.js";

export interface Router {
  /** A Ready pod of the service, or -1 when it has none. */
  pick(service: number): number;
  /** Makes a pod eligible to receive requests. */
  addReady(service: number, pod: number): void;
  /** Stops routing to a pod (it is terminating). */
  removeReady(service: number, pod: number): void;
  /** Ready pods of a service, in the order they became Ready. */
  readyPods(service: number): readonly number[];
}

export function createRandomRouter(services: number, streams: readonly Stream[]): Router {
  const ready: number[][] = Array.from({ length: services }, () => []);
  return {
    pick(service) {
      const pods = ready[service]!;
      const n = pods.length;
      if (n === 0) return -1;
      // One pod: no draw needed, and none taken.
      return n === 1 ? pods[0]! : pods[Math.floor(streams[service]!.float() * n)]!;
    },
    addReady(service, pod) {
      ready[service]!.push(pod);
    },
    removeReady(service, pod) {
      const pods = ready[service]!;
      const i = pods.indexOf(pod);
      if (i >= 0) pods.splice(i, 1);
    },
    readyPods: (service) => ready[service]!,
  };
}

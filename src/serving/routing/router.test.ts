import { describe, expect, test } from "vitest";
import { createStreams } from "../../engine/index.js";
import { routingPolicies } from "./registry.js";
import type { RoutingPolicyName } from "./registry.js";
import { createRouter } from "./router.js";

/** A router over one service with the given pods Ready, in-flight loads and cached prefix lengths (by pod). */
function routerOf(policy: RoutingPolicyName, pods: readonly number[], opts: { load?: number[]; prefix?: number[]; loadSlack?: number; seed?: number } = {}) {
  const load = opts.load ?? [];
  const prefix = opts.prefix ?? [];
  const spec = policy === "prefix-aware" && opts.loadSlack !== undefined ? { policy, loadSlack: opts.loadSlack } : { policy };
  const router = createRouter([spec], [createStreams(opts.seed ?? 1)("routing/svc")], {
    load: (pod) => load[pod] ?? 0,
    queued: () => 0,
    kvUsage: () => 0,
    prefixMatch: (pod, ids) => Math.min(prefix[pod] ?? 0, ids.length),
  });
  for (const p of pods) router.addReady(0, p);
  return { router, load };
}

const counts = (picks: readonly number[]) => picks.reduce<Record<number, number>>((a, p) => ({ ...a, [p]: (a[p] ?? 0) + 1 }), {});
const HASHES = new Int32Array([7, 8, 9, 10]);

describe("routing", () => {
  test("every registered policy is filed under its own name and accepts its arguments' defaults", () => {
    for (const [name, m] of Object.entries(routingPolicies)) {
      expect(m.name).toBe(name);
      expect(() => m.args.parse({})).not.toThrow();
    }
  });

  test("an unknown policy is an error that lists the registered ones", () => {
    expect(() => createRouter([{ policy: "fastest" }], [createStreams(1)("routing/svc")], { load: () => 0, queued: () => 0, kvUsage: () => 0, prefixMatch: () => 0 })).toThrow(
      'unknown routing policy "fastest" (expected random | round-robin | least-request | power-of-two | prefix-aware)',
    );
  });

  test.each(["random", "round-robin", "least-request", "power-of-two", "prefix-aware"] as const)("%s returns −1 without Ready pods and the only pod when there is one", (policy) => {
    const { router } = routerOf(policy, []);
    expect(router.pick(0, null)).toBe(-1);
    router.addReady(0, 5);
    expect(router.pick(0, HASHES)).toBe(5);
    router.removeReady(0, 5);
    expect(router.pick(0, null)).toBe(-1);
  });

  test.each(["random", "round-robin", "least-request", "power-of-two", "prefix-aware"] as const)("%s only ever picks Ready pods", (policy) => {
    const { router } = routerOf(policy, [3, 9, 4, 12], { load: [0, 0, 0, 5, 1, 0, 0, 0, 0, 2, 0, 0, 3], prefix: [0, 0, 0, 1, 0, 0, 0, 0, 0, 4] });
    router.removeReady(0, 9);
    for (let i = 0; i < 2000; i++) expect([3, 4, 12]).toContain(router.pick(0, i % 2 === 0 ? HASHES : null));
  });

  test("random picks each of 4 pods uniformly (each count within 4.5 standard deviations of 1/4 of 40,000)", () => {
    const { router } = routerOf("random", [0, 1, 2, 3]);
    const c = counts(Array.from({ length: 40_000 }, () => router.pick(0, null)));
    const sd = Math.sqrt(40_000 * 0.25 * 0.75);
    for (const pod of [0, 1, 2, 3]) expect(Math.abs(c[pod]! - 10_000)).toBeLessThan(4.5 * sd);
  });

  test("round-robin cycles through the pods in the order they became Ready, and carries on with the successor of a removed pod", () => {
    const { router } = routerOf("round-robin", [10, 11, 12, 13]);
    expect(Array.from({ length: 6 }, () => router.pick(0, null))).toEqual([10, 11, 12, 13, 10, 11]);
    router.removeReady(0, 11);
    expect(Array.from({ length: 4 }, () => router.pick(0, null))).toEqual([12, 13, 10, 12]);
    router.addReady(0, 14);
    expect(Array.from({ length: 5 }, () => router.pick(0, null))).toEqual([13, 14, 10, 12, 13]);
  });

  test("least-request picks the least loaded pod, and draws among equally loaded ones", () => {
    const { router, load } = routerOf("least-request", [0, 1, 2], { load: [3, 1, 2] });
    for (let i = 0; i < 50; i++) expect(router.pick(0, null)).toBe(1);
    load[0] = 1;
    const c = counts(Array.from({ length: 2000 }, () => router.pick(0, null)));
    expect(c[2]).toBeUndefined();
    expect(c[0]! + c[1]!).toBe(2000);
    expect(Math.min(c[0]!, c[1]!)).toBeGreaterThan(850);
  });

  test("power-of-two picks the less loaded of two distinct pods: never the most loaded of 3, always the lighter of 2", () => {
    const three = routerOf("power-of-two", [0, 1, 2], { load: [9, 1, 4] });
    const c = counts(Array.from({ length: 3000 }, () => three.router.pick(0, null)));
    expect(c[0]).toBeUndefined();
    // Pod 1 wins whenever drawn (2 of 3 pairs), pod 2 only in the pair {0, 2}.
    expect(Math.abs(c[1]! / 3000 - 2 / 3)).toBeLessThan(0.04);
    const two = routerOf("power-of-two", [0, 1], { load: [2, 1] });
    for (let i = 0; i < 50; i++) expect(two.router.pick(0, null)).toBe(1);
  });

  test("prefix-aware sends a request to the pod with the longest cached prefix among pods within loadSlack of the least loaded", () => {
    // Pod 2 holds all 4 blocks but carries 6 more requests than pod 0; pod 1 holds 2 blocks, 4 more than pod 0.
    const load = [0, 4, 6];
    const prefix = [0, 2, 4];
    expect(routerOf("prefix-aware", [0, 1, 2], { load, prefix, loadSlack: 4 }).router.pick(0, HASHES)).toBe(1);
    expect(routerOf("prefix-aware", [0, 1, 2], { load, prefix, loadSlack: 6 }).router.pick(0, HASHES)).toBe(2);
    expect(routerOf("prefix-aware", [0, 1, 2], { load, prefix, loadSlack: 3 }).router.pick(0, HASHES)).toBe(0);
    // Without hashes, or with equal prefixes, the least loaded wins.
    expect(routerOf("prefix-aware", [0, 1, 2], { load: [5, 4, 6], prefix, loadSlack: 10 }).router.pick(0, null)).toBe(1);
    expect(routerOf("prefix-aware", [0, 1, 2], { load: [5, 4, 6], prefix: [3, 3, 3], loadSlack: 10 }).router.pick(0, HASHES)).toBe(1);
  });

  test("prefix-aware never exceeds the slack: whatever the loads and caches, the chosen pod holds at most loadSlack more than the least loaded", () => {
    const stream = createStreams(9)("test/loads");
    for (let trial = 0; trial < 500; trial++) {
      const load = Array.from({ length: 5 }, () => stream.int(20));
      const prefix = Array.from({ length: 5 }, () => stream.int(5));
      const slack = stream.int(6);
      const pod = routerOf("prefix-aware", [0, 1, 2, 3, 4], { load, prefix, loadSlack: slack, seed: trial }).router.pick(0, HASHES);
      const min = Math.min(...load);
      expect(load[pod]!).toBeLessThanOrEqual(min + slack);
      const best = Math.max(...load.map((l, p) => (l <= min + slack ? prefix[p]! : -1)));
      expect(prefix[pod]).toBe(best);
    }
  });
});

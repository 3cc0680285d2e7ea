import { describe, expect, test } from "vitest";
import type { NodeIx, NodeView, PodIx } from "../../../cluster/index.js";
import { Res } from "../../../cluster/index.js";
import { createStreams } from "../../../engine/index.js";
import type { NodeGroup, ScaleOption } from "../types.js";
import { bestOption } from "./chain.js";
import { createExpander, EXPANDER_NAMES, expanders } from "./registry.js";

/** A template node with `cpu` millicores and `memory` bytes. */
const template = (cpu: number, memory: number): NodeView => {
  const allocatable = new Float64Array(4);
  allocatable[Res.cpu] = cpu;
  allocatable[Res.memory] = memory;
  return { ix: -1 as NodeIx, name: "t", labels: new Map(), taints: [], unschedulable: false, allocatable, requested: new Float64Array(4), maxPods: 110, podCount: 0, version: -1, pods: () => [], countOf: () => 0 };
};
const GiB = 2 ** 30;
/** An option adding `nodes` nodes of pool `name` that take `pods` pods requesting `cpu` and `memory` in all. */
const option = (pool: number, name: string, nodes: number, pods: number, cpu: number, memory: number, price = 1, t = template(8000, 32 * GiB)): ScaleOption => {
  const group: NodeGroup = { pool, name, minSize: 0, maxSize: 10, size: 0, pricePerHour: price, template: t };
  return { group, nodeCount: nodes, pods: Array.from({ length: pods }, (_, i) => i as PodIx), requested: { cpu, memory } };
};
const names = (opts: readonly ScaleOption[]) => opts.map((o) => o.group.name);
const cx = { now: 0, stream: createStreams(1)("cluster-autoscaler/expander") };
const none = { priorities: new Map<number, readonly string[]>() };

describe("expander registry", () => {
  test("every expander is filed under its own name, and an unknown name lists the known ones", () => {
    for (const name of EXPANDER_NAMES) expect(expanders[name].create(none).name).toBe(name);
    expect(() => createExpander("cheapest", none)).toThrow('unknown expander "cheapest" (expected random | most-pods | least-waste | price | priority)');
  });

  test.each([
    ["most-pods", [option(0, "a", 1, 3, 0, 0), option(1, "b", 2, 5, 0, 0), option(2, "c", 1, 5, 0, 0)], ["b", "c"]],
    // Idle share of cpu plus of memory: a leaves (8000−4000)/8000 + (32−16)/32 = 1, b (8000−7000)/8000 + (32−30)/32 = 0.1875.
    ["least-waste", [option(0, "a", 1, 1, 4000, 16 * GiB), option(1, "b", 1, 1, 7000, 30 * GiB)], ["b"]],
    // Cost per pod taken: a 3 × 2 / 3 = 2, b 5 × 1 / 2 = 2.5.
    ["price", [option(0, "a", 2, 3, 0, 0, 3), option(1, "b", 1, 2, 0, 0, 5)], ["a"]],
  ] as const)("%s keeps the best options by its criterion, all of them on a tie", (name, opts, kept) => {
    expect(names(createExpander(name, none).narrow(opts, cx))).toEqual(kept);
  });

  test("priority keeps the options of the highest priority whose patterns match the group, and all when none matches", () => {
    const e = createExpander("priority", { priorities: new Map([[10, ["gpu-.*"]], [50, ["spot-a100"]], [1, [".*"]]]) });
    const opts = [option(0, "gpu-l4", 1, 1, 0, 0), option(1, "spot-a100", 1, 1, 0, 0), option(2, "cpu", 1, 1, 0, 0)];
    expect(names(e.narrow(opts, cx))).toEqual(["spot-a100"]);
    const strict = createExpander("priority", { priorities: new Map([[10, ["tpu"]]]) });
    expect(names(strict.narrow(opts, cx))).toEqual(["gpu-l4", "spot-a100", "cpu"]);
  });

  test("the chain narrows in order, then the random fallback picks one of what is left, and says what each step kept", () => {
    const opts = [option(0, "a", 1, 5, 0, 0, 9), option(1, "b", 1, 5, 0, 0, 1), option(2, "c", 1, 5, 0, 0, 1), option(3, "d", 1, 2, 0, 0, 1)];
    const chain = ["most-pods", "price"].map((n) => createExpander(n, none));
    const { best, narrowed } = bestOption(chain, opts, cx);
    expect(["b", "c"]).toContain(best!.group.name);
    expect(narrowed).toEqual([
      { expander: "most-pods", kept: 3 },
      { expander: "price", kept: 2 },
      { expander: "random", kept: 1 },
    ]);
    expect(bestOption(chain, [], cx).best).toBeNull();
  });
});

import { describe, expect, test } from "vitest";
import { profileSchema, resolveProfile } from "./profile.js";
import { inTreeRegistry } from "./registry.js";

const resolve = (config: unknown) => resolveProfile(profileSchema.parse(config), inTreeRegistry);

describe("scheduler profiles", () => {
  test("the default profile runs the upstream plugins at their points with the upstream weights", () => {
    const p = resolve({}).profile!;
    expect(p.points.filter).toEqual(["NodeUnschedulable", "NodeName", "TaintToleration", "NodeAffinity", "NodeResourcesFit", "PodTopologySpread"]);
    expect(p.points.postFilter).toEqual(["DefaultPreemption"]);
    expect(p.points.score).toEqual(["TaintToleration", "NodeAffinity", "NodeResourcesFit", "PodTopologySpread", "NodeResourcesBalancedAllocation", "ImageLocality"]);
    expect(Object.fromEntries(p.weights)).toEqual({ TaintToleration: 3, NodeAffinity: 2, NodeResourcesFit: 1, PodTopologySpread: 2, NodeResourcesBalancedAllocation: 1, ImageLocality: 1 });
    expect(p.args.get("NodeResourcesFit")).toMatchObject({ scoringStrategy: { type: "LeastAllocated", resources: [] } });
  });

  test("a plugin disabled at one point keeps its other points; a multiPoint weight re-configures it in place", () => {
    const p = resolve({ plugins: { score: { disabled: [{ name: "ImageLocality" }] }, multiPoint: { enabled: [{ name: "NodeResourcesFit", weight: 5 }] } } }).profile!;
    expect(p.points.score).toEqual(["TaintToleration", "NodeAffinity", "NodeResourcesFit", "PodTopologySpread", "NodeResourcesBalancedAllocation"]);
    expect(p.weights.get("NodeResourcesFit")).toBe(5);
    expect(p.points.filter).toContain("NodeResourcesFit");
  });

  test("an explicit score weight wins over the multiPoint one and puts the plugin first", () => {
    const p = resolve({ plugins: { score: { enabled: [{ name: "ImageLocality", weight: 10 }] } } }).profile!;
    expect(p.points.score[0]).toBe("ImageLocality");
    expect(p.weights.get("ImageLocality")).toBe(10);
  });

  test("disabling * at a point leaves only what the point enables", () => {
    const p = resolve({ plugins: { score: { disabled: [{ name: "*" }], enabled: [{ name: "NodeResourcesFit", weight: 0 }] } } }).profile!;
    expect(p.points.score).toEqual(["NodeResourcesFit"]);
    expect(p.weights.get("NodeResourcesFit")).toBe(1);
  });

  test("pluginConfig args go through the plugin's schema", () => {
    const p = resolve({ pluginConfig: [{ name: "NodeResourcesFit", args: { scoringStrategy: { type: "MostAllocated", resources: [{ name: "nvidia.com/gpu", weight: 5 }] } } }] }).profile!;
    expect(p.args.get("NodeResourcesFit")).toMatchObject({ scoringStrategy: { type: "MostAllocated", resources: [{ name: "nvidia.com/gpu", weight: 5 }] } });
  });

  test("unknown plugins, points a plugin does not extend and bad args are reported with their paths", () => {
    const r = resolve({
      plugins: { filter: { enabled: [{ name: "ImageLocality" }, { name: "NodeResourceFit" }] } },
      pluginConfig: [{ name: "NodeResourcesFit", args: { scoringStrategy: { type: "MostAlocated" } } }],
    });
    expect(r.profile).toBeUndefined();
    expect(r.issues.map((i) => `${i.path.join(".")}: ${i.message.split(" (expected")[0]}`)).toEqual([
      'plugins.filter.enabled.1.name: unknown scheduler plugin "NodeResourceFit"',
      'plugins.filter.enabled: plugin "ImageLocality" does not extend the filter extension point',
      expect.stringMatching(/^pluginConfig\.0\.args\.scoringStrategy\.type: /),
    ]);
  });

  test("upstream plugins servesim does not model are accepted with a warning", () => {
    const r = resolve({ plugins: { multiPoint: { enabled: [{ name: "InterPodAffinity", weight: 2 }] }, filter: { disabled: [{ name: "VolumeBinding" }] } } });
    expect(r.issues).toEqual([]);
    expect(r.profile!.warnings).toEqual(["scheduler plugin InterPodAffinity is not modelled by servesim and is ignored"]);
  });
});

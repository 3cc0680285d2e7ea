import { describe, expect, test } from "vitest";
import { formatAddress, parseAddress, readAt, resolve, writeAt } from "./address.js";

const steps = (text: string) => {
  const p = parseAddress(text);
  if (!p.ok) throw new Error(p.message);
  return p.steps;
};

const scenario = () => ({
  cluster: { nodePools: [{ name: "cpu", count: 1 }, { name: "gpu", gpu: { type: "l4", count: 1 }, count: 2 }] },
  services: [{ name: "chat", replicas: 2, resources: { requests: { "nvidia.com/gpu": 1 } } }],
});

describe("parseAddress", () => {
  test.each([
    ["services[chat].replicas", [{ key: "services" }, { name: "chat" }, { key: "replicas" }]],
    ["cluster.nodePools[gpu].gpu.type", [{ key: "cluster" }, { key: "nodePools" }, { name: "gpu" }, { key: "gpu" }, { key: "type" }]],
    ["cluster.nodePools.1.count", [{ key: "cluster" }, { key: "nodePools" }, { index: 1 }, { key: "count" }]],
    ['services[0].resources.requests["nvidia.com/gpu"]', [{ key: "services" }, { index: 0 }, { key: "resources" }, { key: "requests" }, { key: "nvidia.com/gpu" }]],
  ])("parseAddress(%j) gives its steps, and formatAddress gives the address back", (text, expected) => {
    expect(steps(text)).toEqual(expected);
    expect(steps(formatAddress(steps(text)))).toEqual(expected);
  });

  test.each([
    ["", "expected a field name at character 1"],
    ["services[chat", 'expected "]" at character 9'],
    ["services..replicas", "expected a field name at character 10"],
    ["services[a b]", "expected a name, an index or a quoted key inside [ ] at character 9"],
  ])("parseAddress(%j) says what it expected where", (text, message) => {
    expect(parseAddress(text)).toEqual({ ok: false, message: `invalid address ${JSON.stringify(text)}: ${message}` });
  });
});

describe("resolve, readAt and writeAt", () => {
  test("a name selects the list item with that name; an index selects by position", () => {
    const data = scenario();
    expect(readAt(data, steps("cluster.nodePools[gpu].gpu.type"))).toBe("l4");
    expect(readAt(data, steps("cluster.nodePools.0.count"))).toBe(1);
    writeAt(data, steps("cluster.nodePools[gpu].count"), 5);
    expect(data.cluster.nodePools[1]!.count).toBe(5);
  });

  test("writeAt creates missing mappings but never list items", () => {
    const data = scenario();
    expect(writeAt(data, steps('services[chat].resources.limits["nvidia.com/gpu"]'), 2)).toBeUndefined();
    expect(data.services[0]).toMatchObject({ resources: { limits: { "nvidia.com/gpu": 2 } } });
    expect(writeAt(data, steps("services[chat].traffic[0].poisson.rate"), 3)).toBe("services[chat].traffic is not in the scenario, and a list cannot be made up");
  });

  test("an unknown name lists the names there are; the path is the index path in the scenario", () => {
    expect(resolve(scenario(), steps("services[chta].replicas"), false)).toEqual({ ok: false, message: 'services has no item named "chta" (names: chat)' });
    expect(resolve(scenario(), steps("cluster.nodePools[gpu].count"), false)).toMatchObject({ ok: true, path: ["cluster", "nodePools", 1, "count"] });
    expect(resolve(scenario(), steps("services.3.replicas"), false)).toEqual({ ok: false, message: "services has 1 items, so it has no item [3]" });
  });
});

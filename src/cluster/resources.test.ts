import { describe, expect, test } from "vitest";
import { createResourceIndex, DEFAULT_MEMORY_REQUEST, DEFAULT_MILLI_CPU_REQUEST, defaultRequests, isExtendedResource, isScalarResource, podRequests, requestRow, Res } from "./resources.js";

const c = (requests: Record<string, number>, restartPolicy?: "Always") => ({ requests, ...(restartPolicy ? { restartPolicy } : {}) });

describe("podRequests", () => {
  test.each([
    { name: "sums the containers", spec: { containers: [c({ cpu: 100 }), c({ cpu: 200, memory: 5 })] }, actual: { cpu: 300, memory: 5 } },
    { name: "takes the largest init container when it exceeds the containers", spec: { containers: [c({ cpu: 1 })], initContainers: [c({ cpu: 3 }), c({ cpu: 2 })] }, actual: { cpu: 3 } },
    { name: "takes the containers when they exceed every init container", spec: { containers: [c({ cpu: 5 })], initContainers: [c({ cpu: 3 })] }, actual: { cpu: 5 } },
    {
      name: "adds sidecars to the containers and to every later init container",
      spec: { containers: [c({ cpu: 1 })], initContainers: [c({ cpu: 2 }, "Always"), c({ cpu: 4 })] },
      // max(1 + 2, 4 + 2) = 6
      actual: { cpu: 6 },
    },
    { name: "adds the overhead", spec: { containers: [c({ cpu: 1, memory: 1 })], overhead: { cpu: 3, memory: 13 } }, actual: { cpu: 4, memory: 14 } },
    {
      name: "lets pod-level cpu, memory and hugepages replace the aggregate, not extended resources",
      spec: { containers: [c({ cpu: 1, "example.com/a": 2, "hugepages-2Mi": 3 })], resources: { requests: { cpu: 7, "hugepages-2Mi": 5, "example.com/a": 9 } } },
      actual: { cpu: 7, "example.com/a": 2, "hugepages-2Mi": 5 },
    },
    { name: "ignores the pods pseudo-resource", spec: { containers: [c({ cpu: 1, pods: 0 })] }, actual: { cpu: 1 } },
  ])("podRequests $name", ({ spec, actual }) => {
    expect(Object.fromEntries(podRequests(spec).actual)).toEqual(actual);
  });

  test("podRequests counts 100m and 200Mi for each container that sets no cpu or memory, as the Fit scorer does", () => {
    const r = podRequests({ containers: [c({}), c({ cpu: 0 }), c({ memory: 10 })] });
    expect(r.nonZeroCpu).toBe(2 * DEFAULT_MILLI_CPU_REQUEST);
    expect(r.nonZeroMemory).toBe(2 * DEFAULT_MEMORY_REQUEST + 10);
    expect(Object.fromEntries(r.actual)).toEqual({ cpu: 0, memory: 10 });
  });
});

describe("resource index", () => {
  test("createResourceIndex puts cpu, memory, ephemeral-storage and the non-zero columns first, then scalars sorted", () => {
    const ix = createResourceIndex(["nvidia.com/gpu", "cpu", "example.com/a", "nvidia.com/gpu", "pods"]);
    expect(ix.names).toEqual(["cpu", "memory", "ephemeral-storage", "(non-zero cpu)", "(non-zero memory)", "example.com/a", "nvidia.com/gpu"]);
    expect(ix.id("nvidia.com/gpu")).toBe(6);
    expect(ix.id("pods")).toBe(-1);
    expect(ix.id("(non-zero cpu)")).toBe(-1);
  });

  test("requestRow reports names the run does not know", () => {
    const ix = createResourceIndex([]);
    const unknown: string[] = [];
    const row = requestRow(ix, podRequests({ containers: [c({ cpu: 5, "x.io/y": 1 })] }), (n) => unknown.push(n));
    expect(row[Res.cpu]).toBe(5);
    expect(row[Res.nonZeroCpu]).toBe(5);
    expect(unknown).toEqual(["x.io/y"]);
  });

  test.each([
    ["nvidia.com/gpu", true, true],
    ["hugepages-2Mi", true, false],
    ["kubernetes.io/something", true, false],
    ["cpu", false, false],
    ["ephemeral-storage", false, false],
  ])("%s is scalar: %s, extended: %s", (name, scalar, extended) => {
    expect(isScalarResource(name)).toBe(scalar);
    expect(isExtendedResource(name)).toBe(extended);
  });

  test("defaultRequests fills missing requests from limits and keeps given ones", () => {
    expect(defaultRequests({ requests: { cpu: 1 }, limits: { cpu: 2, "nvidia.com/gpu": 1 } }).requests).toEqual({ cpu: 1, "nvidia.com/gpu": 1 });
  });
});

import { describe, expect, test } from "vitest";
import { aloneTime, createSharedGpu, fairShares } from "./gpu-share.js";

const shares = (caps: number[]) => {
  const out = new Float64Array(caps.length);
  fairShares(caps, caps.length, out);
  return [...out];
};

describe("fairShares", () => {
  test("items that can use the whole GPU split it equally", () => {
    expect(shares([1, 1, 1, 1])).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  test("an item capped below the equal share keeps its cap and the others split the rest (water-filling)", () => {
    expect(shares([0.1, 1, 1])).toEqual([0.1, 0.45, 0.45]);
    expect(shares([0.2, 0.2, 0.2])).toEqual([0.2, 0.2, 0.2]);
    const s = shares([0.05, 0.3, 0.5, 1]);
    expect(s[0]).toBe(0.05);
    expect(s[1]).toBe(0.3);
    expect(s[2]).toBeCloseTo(0.325, 12);
    expect(s[3]).toBeCloseTo(0.325, 12);
  });
});

describe("createSharedGpu", () => {
  test("two items of equal work started together finish together, after twice the time of one alone", () => {
    const gpu = createSharedGpu();
    gpu.add(1, 0.01, 1, 0);
    gpu.add(2, 0.01, 1, 0);
    expect(gpu.nextAt()).toBeCloseTo(0.02, 15);
    expect(gpu.remove(gpu.nextId(), gpu.nextAt())).toBeCloseTo(0, 15);
    expect(gpu.nextAt()).toBeCloseTo(0.02, 15);
  });

  test("an item joining later slows the first one from then on", () => {
    const gpu = createSharedGpu();
    gpu.add(1, 1, 1, 0);
    gpu.add(2, 1, 1, 0.5);
    // Item 1 has 0.5 left at half speed: done at 1.5; item 2 then has 0.5 left alone: done at 2.
    expect(gpu.nextId()).toBe(1);
    expect(gpu.nextAt()).toBeCloseTo(1.5, 12);
    gpu.remove(1, 1.5);
    expect(gpu.nextAt()).toBeCloseTo(2, 12);
  });

  test("small batches that cannot fill the GPU run side by side at their caps", () => {
    const gpu = createSharedGpu();
    for (let i = 0; i < 4; i++) gpu.add(i, 0.001, 0.25, 0);
    expect(gpu.share(0)).toBe(0.25);
    expect(gpu.nextAt()).toBeCloseTo(aloneTime({ fixed: 0, work: 0.001, cap: 0.25, flops: 0, bytes: 0 }), 15);
    gpu.add(9, 0.001, 1, 0);
    expect(gpu.share(9)).toBeCloseTo(0.2, 15);
    expect(gpu.share(0)).toBeCloseTo(0.2, 15);
  });

  test("an aborted item gives back its remaining work; bad input throws", () => {
    const gpu = createSharedGpu();
    gpu.add(7, 2, 1, 0);
    expect(gpu.remove(7, 0.5)).toBeCloseTo(1.5, 12);
    expect(gpu.size).toBe(0);
    expect(gpu.nextAt()).toBe(Infinity);
    expect(gpu.nextId()).toBe(-1);
    expect(() => gpu.add(1, 1, 0, 1)).toThrow(/cap 0 of item 1 is not in \(0, 1\]/);
    gpu.add(1, 1, 1, 1);
    expect(() => gpu.add(1, 1, 1, 1)).toThrow(/added twice/);
    expect(() => gpu.remove(1, 0.5)).toThrow(/time went back/);
  });
});

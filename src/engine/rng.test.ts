import seedrandom from "seedrandom";
import { describe, expect, test } from "vitest";
import { createSampler, createStreams } from "./rng.js";

const draws = (s: { float(): number }, n: number) => Array.from({ length: n }, () => s.float());

describe("random streams", () => {
  test("the same seed and name give the same draws; another seed or name does not", () => {
    expect(draws(createStreams(42)("a/b"), 5)).toEqual(draws(createStreams(42)("a/b"), 5));
    expect(draws(createStreams(42)("a/b"), 5)).not.toEqual(draws(createStreams(43)("a/b"), 5));
    expect(draws(createStreams(42)("a/b"), 5)).not.toEqual(draws(createStreams(42)("a/c"), 5));
  });

  test("draws are seedrandom's Alea doubles for the seed `${seed}/${name}`, bit for bit, and so is the state", () => {
    for (const [seed, name] of [[42, "traffic/chat/0"], ["s", "a/b"], [0, "serving/x/service-time"]] as const) {
      const stream = createStreams(seed)(name);
      const alea = seedrandom.alea(`${seed}/${name}`, { state: true });
      const ours = draws(stream, 10_000);
      const theirs = Array.from({ length: 10_000 }, () => alea.double());
      expect(ours).toEqual(theirs);
      expect(stream.snapshot()).toEqual(alea.state());
    }
  });

  test("adding a stream does not shift another stream's draws", () => {
    const alone = createStreams("s");
    const a1 = alone("traffic/a");
    const together = createStreams("s");
    const b = together("traffic/b");
    const a2 = together("traffic/a");
    const interleaved: number[] = [];
    for (let i = 0; i < 100; i++) {
      b.float();
      interleaved.push(a2.float());
    }
    expect(interleaved).toEqual(draws(a1, 100));
  });

  test("asking for the same stream twice throws", () => {
    const streams = createStreams(1);
    streams("x/y");
    expect(() => streams("x/y")).toThrowErrorMatchingInlineSnapshot(`[Error: random stream "x/y" requested twice: streams are never shared]`);
  });

  test("floats are in [0, 1) and ints in [0, n)", () => {
    const s = createStreams(7)("t/u");
    let bad = 0;
    const faces = new Set<number>();
    for (let i = 0; i < 10_000; i++) {
      const f = s.float();
      const k = s.int(6);
      faces.add(k);
      if (!(f >= 0 && f < 1) || !(Number.isInteger(k) && k >= 0 && k < 6)) bad++;
    }
    expect(bad).toBe(0);
    expect([...faces].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  test("a snapshot captures the generator state", () => {
    const s = createStreams(3)("a/b");
    s.float();
    const snap = s.snapshot();
    expect(Object.keys(snap).sort()).toEqual(["c", "s0", "s1", "s2"]);
    s.float();
    expect(s.snapshot()).not.toEqual(snap);
  });

  test.each([
    ["exponential", { distribution: "exponential", mean: 2 } as const, 2, 2],
    ["lognormal", { distribution: "lognormal", mean: 0.04, cv: 0.5 } as const, 0.04, 0.02],
    ["deterministic", { distribution: "deterministic", mean: 0.25 } as const, 0.25, 0],
  ])("createSampler draws %s values with the right mean and standard deviation", (_, d, mean, sd) => {
    const sample = createSampler(d, createStreams(11)("svc/time"));
    const n = 200_000;
    let sum = 0;
    let sq = 0;
    let min = Infinity;
    for (let i = 0; i < n; i++) {
      const x = sample.draw();
      min = Math.min(min, x);
      sum += x;
      sq += x * x;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    const m = sum / n;
    const s = Math.sqrt(Math.max(0, sq / n - m * m));
    // Five standard errors of the mean, and 3% on the standard deviation.
    expect(Math.abs(m - mean)).toBeLessThanOrEqual((5 * sd) / Math.sqrt(n) + 1e-12);
    expect(Math.abs(s - sd)).toBeLessThanOrEqual(0.03 * sd + 1e-12);
  });

  test("a standard normal has mean 0 and variance 1", () => {
    const s = createStreams(5)("n/z");
    const n = 100_000;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const z = s.normal();
      sum += z;
      sq += z * z;
    }
    expect(Math.abs(sum / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(sq / n - 1)).toBeLessThan(0.02);
  });
});

import { describe, expect, test } from "vitest";
import { parseScenario } from "../../../scenario/index.js";
import { applyKnob, readKnobs } from "./knobs.js";

const texts = import.meta.glob<string>("../../../../scenarios/*.yaml", { query: "?raw", import: "default", eager: true });
const bundled = (name: string): string => {
  const text = texts[`../../../../scenarios/${name}`];
  if (text === undefined) throw new Error(`no bundled scenario ${name}`);
  return text;
};
const quickstart = bundled("quickstart.yaml");

describe("readKnobs", () => {
  test("readKnobs finds seed, duration, pools and replicas of the quickstart", () => {
    const k = readKnobs(quickstart);
    expect(k).toEqual({
      ok: true,
      value: { seed: 42, duration: "1h", pools: [{ name: "t4", gpuType: "t4", gpuCount: 1, count: 3, sizeMin: null, sizeMax: null }], services: [{ name: "classifier", replicas: 3 }] },
    });
  });
  test("readKnobs reads autoscaling bounds of a pool without a fixed count", () => {
    const k = readKnobs(bundled("flash-crowd-llm.yaml"));
    if (!k.ok) throw new Error(k.message);
    expect(k.value.pools[0]).toMatchObject({ count: null, sizeMin: 1, sizeMax: 10 });
  });
  test("readKnobs of text that is not YAML says so", () => {
    const k = readKnobs("services: [\n");
    expect(k.ok).toBe(false);
  });
});

describe("applyKnob", () => {
  test("applyKnob changes one value and keeps every comment", () => {
    const r = applyKnob(quickstart, { kind: "pool", pool: 0, field: "gpu.type", value: "l4" });
    if (!r.ok) throw new Error(r.message);
    const comments = (t: string) => t.split("\n").filter((l) => l.trimStart().startsWith("#"));
    expect(comments(r.value.text)).toEqual(comments(quickstart));
    const parsed = parseScenario(r.value.text);
    if (!parsed.ok) throw new Error(parsed.issues[0]!.message);
    expect(parsed.scenario.cluster.nodePools[0]!.gpu?.type).toBe("l4");
  });
  test("applyKnob sets seed, duration and replicas that the scenario parser then reads", () => {
    let text = quickstart;
    for (const edit of [{ kind: "seed", value: 7 }, { kind: "duration", value: "10m" }, { kind: "replicas", service: 0, value: 2 }] as const) {
      const r = applyKnob(text, edit);
      if (!r.ok) throw new Error(r.message);
      text = r.value.text;
    }
    const parsed = parseScenario(text);
    if (!parsed.ok) throw new Error(parsed.issues[0]!.message);
    expect([parsed.scenario.seed, parsed.scenario.duration, parsed.scenario.services[0]!.replicas]).toEqual([7, 600, 2]);
  });
  test("scaleLoad multiplies every generator's rates and a trace's rateScale", () => {
    const r = applyKnob(bundled("shopping-festival.yaml"), { kind: "scaleLoad", factor: 1.5 });
    if (!r.ok) throw new Error(r.message);
    const before = parseScenario(bundled("shopping-festival.yaml"));
    const after = parseScenario(r.value.text);
    if (!before.ok || !after.ok) throw new Error("should parse");
    expect(JSON.stringify(after.scenario.services[0]!.traffic)).not.toBe(JSON.stringify(before.scenario.services[0]!.traffic));
    const t = r.value.text;
    expect(t).toContain("mean: 30/s");
    expect(t).toContain("peak: 90/s");
    expect(t).toMatch(/high: \{ rate: 37\.5\/s/);
    const trace = applyKnob(bundled("azure-conv-trace.yaml"), { kind: "scaleLoad", factor: 2 });
    if (!trace.ok) throw new Error(trace.message);
    const tp = parseScenario(trace.value.text);
    if (!tp.ok) throw new Error(tp.issues[0]!.message);
    const entry = tp.scenario.services[0]!.traffic[0]!;
    expect("trace" in entry && entry.trace?.rateScale).toBe(2);
  });
  test("scaleLoad refuses a factor that is not positive", () => {
    expect(applyKnob(quickstart, { kind: "scaleLoad", factor: 0 }).ok).toBe(false);
  });
});

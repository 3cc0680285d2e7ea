import { describe, expect, test } from "vitest";
import { scenarioCard } from "./tags.js";

const texts = import.meta.glob<string>("../../../../scenarios/*.yaml", { query: "?raw", import: "default", eager: true });
const card = (name: string) => scenarioCard(`scenarios/${name}`, texts[`../../../../scenarios/${name}`]!);

describe("scenarioCard", () => {
  test("scenarioCard reads name and description from the scenario's metadata", () => {
    const c = card("quickstart.yaml");
    expect([c.name, c.description]).toEqual(["quickstart", "Image classifier on three T4 GPUs under steady Poisson traffic"]);
  });
  test("scenarioCard tags model kinds, GPU types, traffic, autoscaling, faults and the duration", () => {
    expect(card("flash-crowd-llm.yaml").tags).toEqual(["LLM", "L40S", "flash crowd", "HPA", "cluster autoscaler", "90m"]);
    expect(card("node-failure-at-peak.yaml").tags).toContain("faults");
    expect(card("azure-conv-trace.yaml").tags).toContain("trace replay");
    expect(card("scale-to-zero.yaml").tags).toContain("KEDA");
  });
  test("scenarioCard of text that is not YAML still gives a card named after its file", () => {
    expect(scenarioCard("scenarios/broken.yaml", "a: [\n")).toMatchObject({ name: "scenarios/broken.yaml", tags: [] });
  });
});

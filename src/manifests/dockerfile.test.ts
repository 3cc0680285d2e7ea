import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { formatIssue, parseScenario } from "../scenario/index.js";
import type { Scenario } from "../scenario/index.js";
import { baseImageOf, dockerContextOf } from "./dockerfile.js";
import { DEFAULT_IMAGE } from "./server.js";

const dir = new URL("../../scenarios/", import.meta.url);
const fixture = new URL("../../test/manifests/fixtures/full.yaml", import.meta.url);
const load = (url: URL): Scenario => {
  const r = parseScenario(readFileSync(url, "utf8"), { file: url.pathname });
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
  return r.scenario;
};
const scenarios: [string, Scenario][] = [...readdirSync(dir).filter((f) => f.endsWith(".yaml")).map((f): [string, Scenario] => [f, load(new URL(f, dir))]), ["full.yaml", load(fixture)]];

describe("the Docker build context of each service", () => {
  test.each(scenarios)("%s: every file a COPY names is written beside the Dockerfile", (_, sc) => {
    for (const svc of sc.services) {
      const files = dockerContextOf(svc);
      const copies = [...files["Dockerfile"]!.matchAll(/^COPY (\S+) /gm)].map((m) => m[1]!);
      for (const src of copies) expect(Object.keys(files).some((f) => f === src || (src.endsWith("/") && f.startsWith(src)))).toBe(true);
      expect(files["Dockerfile"]).not.toContain("requirements.txt");
    }
  });

  test("an LLM service running the vLLM image is built FROM that very image (the Deployment's version)", () => {
    const sc = scenarios.find(([f]) => f === "flash-crowd-llm.yaml")![1];
    const svc = sc.services[0]!;
    expect(svc.image?.name).toBe("vllm/vllm-openai:v0.6");
    expect(baseImageOf(svc)).toBe("vllm/vllm-openai:v0.6");
    expect(dockerContextOf(svc)["Dockerfile"]).toMatch(/^FROM vllm\/vllm-openai:v0\.6$/m);
  });

  test("a service with its own image is built FROM the server's default image and named as the image it builds", () => {
    const svc = scenarios.find(([f]) => f === "quickstart.yaml")![1].services[0]!;
    const files = dockerContextOf(svc);
    expect(files["Dockerfile"]).toMatch(new RegExp(`build and push it as registry\\.example\\.com/resnet50-server:1\\.0\\.\\nFROM ${DEFAULT_IMAGE.classic.replace(/[.]/g, "\\.")}\\n`));
    expect(files["model_repository/resnet-50/config.pbtxt"]).toBe('name: "resnet-50"\nmax_batch_size: 0\ninstance_group [ { count: 4, kind: KIND_GPU } ]\n');
  });
});

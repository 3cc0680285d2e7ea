import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, test } from "vitest";

const repo = new URL("../../", import.meta.url).pathname;
const bin = join(repo, "bin", "servesim.js");
const servesim = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: repo, encoding: "utf8", maxBuffer: 1 << 28 });

interface Verdict {
  service: string;
  objective: string;
  status: string;
}

describe("a classic and an LLM service in one scenario", () => {
  test("each reports its own latencies and SLO verdicts; the LLM also its TTFT and TPOT", () => {
    const r = servesim("run", "scenarios/mixed-serving.yaml", "--duration", "12m", "--format", "json");
    expect(r.status, r.stderr).toBe(0);
    const results = JSON.parse(r.stdout) as {
      services: { name: string; requests: { arrived: number; completed: number }; latency: { p50: number; p99: number }; ttft: { p99: number } | null; tpot: { p99: number } | null; tokens: { output: number } | null }[];
      pods: { service: string; node: string; llm: { mode: string; kvBlocks: number } | null }[];
      slo: { verdicts: Verdict[] };
    };
    const [classifier, chat] = results.services;
    expect(classifier!.name).toBe("classifier");
    expect(chat!.name).toBe("chat");
    // Each has its own measured traffic: 1,500/s of images, 8/s of chats.
    expect(classifier!.requests.completed / chat!.requests.completed).toBeGreaterThan(100);
    // Image batches take milliseconds; chats take seconds.
    expect(classifier!.latency.p99).toBeLessThan(0.05);
    expect(chat!.latency.p50).toBeGreaterThan(0.5);
    expect(classifier!.ttft).toBeNull();
    expect(chat!.ttft!.p99).toBeLessThan(chat!.latency.p99);
    expect(chat!.tpot!.p99).toBeGreaterThan(0.001);
    expect(chat!.tokens!.output).toBeGreaterThan(0);
    // Pods sit on the GPU their nodeSelector names; LLM pods report their KV cache.
    for (const p of results.pods.filter((x) => x.service === "classifier")) expect(p.node).toMatch(/^t4-/);
    for (const p of results.pods.filter((x) => x.service === "chat")) {
      expect(p.node).toMatch(/^h100-/);
      expect(p.llm!.kvBlocks).toBeGreaterThan(1000);
    }
    const objectives = (svc: string) => results.slo.verdicts.filter((v) => v.service === svc).map((v) => v.objective);
    expect(objectives("classifier")).toEqual(["latency.p50", "latency.p99", "rejectRate"]);
    expect(objectives("chat")).toEqual(["latency.p99", "ttft.p50", "ttft.p99", "tpot.p99", "rejectRate"]);
    expect(results.slo.verdicts.every((v) => v.status === "pass")).toBe(true);
    // The table shows the same.
    const table = servesim("run", "scenarios/mixed-serving.yaml", "--duration", "6m");
    expect(table.stdout).toMatch(/^llm service +timed by +ttft p50 +ttft p99 +tpot p50 +tpot p99/m);
    expect(table.stdout).toMatch(/^chat +roofline +\d/m);
    expect(table.stdout).toMatch(/^chat +ttft\.p99 +2s +\S+ +PASS$/m);
  });
});

/**
 * A pod that lands where its model does not fit (two GPU pools, no node selector: one pod on a T4
 * that cannot hold Llama 3.1 8B in fp16) never becomes Ready: its server container is OOM-killed
 * each time it has loaded the weights and the kubelet restarts it after CrashLoopBackOff (10 s
 * doubling to 5 min); no request is ever routed to it.
 */
import { describe, expect, test } from "vitest";
import { formatIssue, validateScenario } from "../../src/scenario/index.js";
import { checkPlacements, runScenario } from "../../src/sim/index.js";

const scenario = (duration: number) => {
  const r = validateScenario({
    apiVersion: "servesim/v1",
    kind: "Scenario",
    metadata: { name: "oom" },
    seed: 7,
    duration,
    cluster: {
      nodePools: [
        { name: "t4", gpu: { type: "t4", count: 1 }, cpu: 16, memory: "64Gi", count: 1 },
        { name: "l4", gpu: { type: "l4", count: 1 }, cpu: 16, memory: "64Gi", count: 1 },
      ],
    },
    services: [
      {
        name: "chat",
        model: { kind: "llm", id: "llama-3.1-8b", dtype: "fp16" },
        resources: { requests: { cpu: "4", memory: "32Gi", "nvidia.com/gpu": 1 } },
        pod: { containerStartTime: 2 },
        replicas: 2,
        traffic: [{ poisson: { rate: "2/s" }, tokens: { input: { distribution: "fixed", value: 200 }, output: { distribution: "fixed", value: 100 } } }],
      },
    ],
  });
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
  return r.scenario;
};

/** Container starts and OOM kills up to `end` of a container that loads for `load` seconds and is restarted after the kubelet's back-off. */
function crashLoop(firstStart: number, load: number, containerStart: number, end: number) {
  const starts = [firstStart];
  const kills: number[] = [];
  for (;;) {
    const kill = starts.at(-1)! + load;
    if (kill > end) break;
    kills.push(kill);
    const next = kill + Math.min(300, 10 * 2 ** (kills.length - 1)) + containerStart;
    if (next > end) break;
    starts.push(next);
  }
  return { starts, kills };
}

describe("a pod whose model does not fit the GPU it landed on", () => {
  test.each([900, 480, 200])("validates with a warning (another pool fits), then crash-loops OOMKilled, is never Ready and receives no request (%d s)", (duration) => {
    const sc = scenario(duration);
    expect(checkPlacements(sc).map((p) => p.severity)).toEqual(["warning"]);
    const r = runScenario(sc);
    const onT4 = r.pods.find((p) => p.node === "t4-0")!;
    const onL4 = r.pods.find((p) => p.node === "l4-0")!;
    expect(onL4.ready).toBe(true);
    expect([onL4.restarts, onL4.lastTermination]).toEqual([0, null]);

    expect(onT4.ready).toBe(false);
    expect(onT4.timeline.ready).toBeNull();
    expect(onT4.coldStart).toBeNull();
    expect(onT4.requests).toBe(0);
    expect(onT4.lastTermination).toBe("OOMKilled");
    // The same load time as the pod that fits (same pool bandwidth, same weights), then the kubelet's back-off.
    const load = onL4.timeline.modelLoaded! - onL4.timeline.started!;
    const loop = crashLoop(onT4.timeline.scheduled! + 2, load, 2, r.simulatedTime);
    expect(loop.kills.length).toBeGreaterThanOrEqual(duration >= 900 ? 6 : 3);
    // restartCount counts the restarts that happened; after a kill the pod waits in CrashLoopBackOff.
    expect(onT4.restarts).toBe(loop.starts.length - 1);
    expect(onT4.timeline.started).toBeCloseTo(loop.starts.at(-1)!, 9);
    expect(onT4.status).toBe(loop.kills.length === loop.starts.length ? "CrashLoopBackOff" : "Running");

    // Nothing lost, everything served by the one Ready pod; the warning says what happens.
    const svc = r.services[0]!;
    expect(svc.total.arrived).toBe(svc.total.completed + svc.total.rejected + svc.total.failed + svc.total.timedOut + svc.total.inFlight);
    expect(onL4.requests).toBe(svc.total.arrived - svc.total.rejected);
    expect(r.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/does not fit on 1 × t4 .*OOM-killed .*CrashLoopBackOff\), never Ready/));
  });

  test("a classic model whose instances' weights overflow the GPU crash-loops the same way", () => {
    const r = validateScenario({
      apiVersion: "servesim/v1",
      kind: "Scenario",
      metadata: { name: "oom-classic" },
      seed: 1,
      duration: 120,
      cluster: {
        nodePools: [
          { name: "t4", gpu: { type: "t4", count: 1 }, cpu: 16, memory: "64Gi", count: 1 },
          { name: "h100", gpu: { type: "h100-sxm", count: 1 }, cpu: 16, memory: "64Gi", count: 1 },
        ],
      },
      services: [
        {
          name: "img",
          // 4 instances × 6 GB: 24 GB, more than a T4's 16 GB, less than an H100's 80 GB.
          model: { kind: "classic", concurrency: 4, weightsSize: "6GB", serviceTime: { distribution: "deterministic", mean: "10ms" } },
          resources: { requests: { cpu: "1", "nvidia.com/gpu": 1 } },
          replicas: 2,
          traffic: [{ poisson: { rate: "50/s" } }],
        },
      ],
    });
    if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
    const res = runScenario(r.scenario);
    const onT4 = res.pods.find((p) => p.node === "t4-0")!;
    expect([onT4.ready, onT4.requests, onT4.lastTermination]).toEqual([false, 0, "OOMKilled"]);
    expect(onT4.restarts).toBeGreaterThan(0);
    expect(res.pods.find((p) => p.node === "h100-0")!.ready).toBe(true);
  });
});

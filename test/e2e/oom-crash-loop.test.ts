/** A pod that lands where its model does not fit, through the real binary: validate warns nothing fatal, run shows it crash-looping, never Ready. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";

const repo = new URL("../../", import.meta.url).pathname;
const bin = join(repo, "bin", "servesim.js");
const servesim = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: repo, encoding: "utf8", timeout: 60_000 });

const yaml = `apiVersion: servesim/v1
kind: Scenario
metadata: { name: oom-mixed-pools }
seed: 7
duration: 600
cluster:
  nodePools:
    - { name: t4, gpu: { type: t4, count: 1 }, cpu: 16, memory: 64Gi, count: 1 }
    - { name: l4, gpu: { type: l4, count: 1 }, cpu: 16, memory: 64Gi, count: 1 }
services:
  - name: chat
    model: { kind: llm, id: llama-3.1-8b, dtype: fp16 }
    resources: { requests: { cpu: "4", memory: 32Gi, nvidia.com/gpu: 1 } }
    replicas: 2
    traffic:
      - poisson: { rate: 2/s }
        tokens: { input: { distribution: fixed, value: 200 }, output: { distribution: fixed, value: 100 } }
`;

test("run: the pod on the T4 is OOMKilled in CrashLoopBackOff, 1 of 2 pods Ready, with a warning; its JSON says so", () => {
  const file = join(mkdtempSync(join(tmpdir(), "servesim-oom-")), "oom.yaml");
  writeFileSync(file, yaml);
  expect(servesim(["validate", file]).status).toBe(0);
  const r = servesim(["run", file]);
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^chat +1\/2 /m);
  expect(r.stdout).toMatch(/^pod chat-\S+ CrashLoopBackOff: OOMKilled on t4-0, \d+ restarts$/m);
  expect(r.stdout).toMatch(/^warning: service chat: llama-3.1-8b \(fp16\) does not fit on 1 × t4 .*OOM-killed once they load the model and crash-loop \(CrashLoopBackOff\), never Ready$/m);
  const json = JSON.parse(servesim(["run", file, "--format", "json"]).stdout) as { pods: { node: string; ready: boolean; status: string; restarts: number; lastTermination: string | null; requests: number }[] };
  const pod = json.pods.find((p) => p.node === "t4-0")!;
  expect(pod).toMatchObject({ ready: false, status: "CrashLoopBackOff", lastTermination: "OOMKilled", requests: 0 });
  expect(pod.restarts).toBeGreaterThanOrEqual(4);
});

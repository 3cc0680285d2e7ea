import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { proxy } from "comlink";
import { beforeAll, describe, expect, test } from "vitest";
import { parseScenario } from "../../src/scenario/index.js";
import { resultsToJson, runScenario, runScenarioAsync } from "../../src/sim/index.js";
import { fileTraceIo } from "../../workers/file-traces.js";
import type * as NodeThread from "../../workers/node-thread.js";
import type { Progress } from "../../workers/protocol.js";

// The compiled worker_threads entry (dist/ is built by test/support/build-node.ts).
const root = fileURLToPath(new URL("../../", import.meta.url));
const quickstart = readFileSync(join(root, "scenarios/quickstart.yaml"), "utf8");
const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

let expected: string;
let nodeThread: typeof NodeThread;

beforeAll(async () => {
  const parsed = parseScenario(quickstart);
  if (!parsed.ok) throw new Error("quickstart does not parse");
  expected = sha256(resultsToJson(runScenario(parsed.scenario)));
  nodeThread = (await import(pathToFileURL(join(root, "dist/workers/node-thread.js")).href)) as typeof NodeThread;
});

describe("the Node worker thread", () => {
  test("startNodeWorker serves SimWorkerApi and gives the digest of a direct run", async () => {
    const worker = nodeThread.startNodeWorker();
    try {
      const progress: Progress[] = [];
      const reply = await worker.api.run({ text: quickstart, file: "scenarios/quickstart.yaml" }, proxy((p: Progress) => void progress.push(p)));
      if (!reply.ok) throw new Error(`quickstart failed in the worker thread: ${reply.issues.map((i) => i.message).join("; ")}`);
      expect(reply.digest).toBe(expected);
      expect(reply.results.series.t).toBeInstanceOf(Float64Array);
      expect(sha256(resultsToJson(reply.results))).toBe(expected);
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.at(-1)!.simulatedTime).toBeLessThanOrEqual(3600);

      const bad = await worker.api.run({ text: "kind: Scenario\n", file: "bad.yaml" });
      expect(bad.ok).toBe(false);
    } finally {
      await worker.close();
    }
  });

  test("a scenario replaying a trace reads it relative to the scenario file, and a bad trace line comes back as an issue", async () => {
    const file = join(root, "scenarios/mooncake-trace.yaml");
    const text = readFileSync(file, "utf8");
    const parsed = parseScenario(text);
    if (!parsed.ok) throw new Error("mooncake-trace does not parse");
    const direct = sha256(resultsToJson(await runScenarioAsync(parsed.scenario, { io: fileTraceIo(join(root, "scenarios")) })));
    const worker = nodeThread.startNodeWorker();
    try {
      const reply = await worker.api.run({ text, file });
      if (!reply.ok) throw new Error(reply.issues.map((i) => i.message).join("; "));
      expect(reply.digest).toBe(direct);
      expect(reply.results.services[0]!.total.arrived).toBe(2 * 12_031);
      const bad = await worker.api.run({ text: text.replace("format: mooncake", "format: azure"), file });
      expect(bad).toEqual({
        ok: false,
        issues: [{ file: "../traces/mooncake-fast25/conversation_trace.jsonl", line: 1, column: 1, path: [], message: expect.stringMatching(/^\.\.\/traces\/mooncake-fast25\/conversation_trace\.jsonl:1: expected a CSV header row/) }],
      });
    } finally {
      await worker.close();
    }
  });

  test("closing the worker (the documented cancel) rejects the run in flight and every later call", async () => {
    const file = join(root, "scenarios/mooncake-trace.yaml");
    const worker = nodeThread.startNodeWorker();
    let onProgress = () => undefined as void;
    const started = new Promise<void>((resolve) => (onProgress = resolve));
    const run = worker.api.run({ text: readFileSync(file, "utf8"), file }, proxy(() => onProgress()));
    run.catch(() => undefined);
    await started;
    await worker.close();
    await expect(run).rejects.toMatchObject({ name: "SimWorkerExit", reason: "terminated", message: "the simulation worker was terminated before the run finished" });
    await expect(worker.api.run({ text: quickstart, file: "q.yaml" })).rejects.toMatchObject({ reason: "terminated" });
  });

  test("a worker that runs out of memory rejects the run with a clear error instead of leaving it pending", async () => {
    const file = join(root, "scenarios/mooncake-trace.yaml");
    const worker = nodeThread.startNodeWorker({ resourceLimits: { maxOldGenerationSizeMb: 8 } });
    try {
      await expect(worker.api.run({ text: readFileSync(file, "utf8"), file })).rejects.toMatchObject({ name: "SimWorkerExit", reason: "out-of-memory", message: expect.stringMatching(/^the simulation worker ran out of memory/) });
    } finally {
      await worker.close();
    }
  });

  test("a trace that is a FIFO is refused as not a regular file instead of hanging the worker", async () => {
    const dir = mkdtempSync(join(tmpdir(), "servesim-fifo-"));
    execFileSync("mkfifo", [join(dir, "trace.jsonl")]);
    const text = readFileSync(join(root, "scenarios/mooncake-trace.yaml"), "utf8").replace("../traces/mooncake-fast25/conversation_trace.jsonl", "trace.jsonl");
    const worker = nodeThread.startNodeWorker();
    try {
      const reply = await worker.api.run({ text, file: join(dir, "s.yaml") });
      expect(reply).toEqual({ ok: false, issues: [{ file: "trace.jsonl", line: 1, column: 1, path: [], message: "trace.jsonl: not a regular file (a FIFO): traces and rate files are read from regular files only" }] });
    } finally {
      await worker.close();
    }
  });
});

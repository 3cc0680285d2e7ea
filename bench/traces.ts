/**
 * The trace benchmark: rows per second parsing the shipped Mooncake trace and a generated
 * 1,000,000-row Azure-format file, and peak RSS parsing (and replaying through a whole run)
 * 100,000 rows against 1,000,000 rows. Every measurement runs in a fresh child process, so
 * that peaks and JIT state never mix; figures are medians over runs.
 */
import { execFileSync } from "node:child_process";
import { createWriteStream, existsSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import seedrandom from "seedrandom";
import { validateScenario } from "../src/scenario/index.js";
import { runScenarioAsync, traceMapping } from "../src/sim/index.js";
import { createTraceReader, pumpTrace } from "../src/traffic/index.js";
import { fileTraceIo } from "../workers/file-traces.js";
import { limitSummary, median, round, runLimit } from "./limit.js";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const MOONCAKE = join(repo, "traces/mooncake-fast25/conversation_trace.jsonl");
/** Requests per second of the generated trace: 1,000,000 rows span 10,000 s, across midnight. */
const RATE = 100;

const mib = (kib: number) => Number((kib / 1024).toFixed(1));

/** Writes an Azure-format CSV of `rows` rows (seeded, so every run benches the same file). */
async function generateAzure(path: string, rows: number): Promise<void> {
  const rng = seedrandom.alea("bench/traces");
  const out = createWriteStream(path);
  const pad = (n: number, w: number) => String(n).padStart(w, "0");
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r())));
  await write("TIMESTAMP,ContextTokens,GeneratedTokens\r\n");
  let t = 18 * 3600 * 1e7; // 100 ns ticks since midnight of day 0
  let batch = "";
  for (let i = 0; i < rows; i++) {
    t += Math.floor((-Math.log(1 - rng()) / RATE) * 1e7);
    const day = 16 + Math.floor(t / 864e9);
    const s = t % 864e9;
    const stamp = `2023-11-${pad(day, 2)} ${pad(Math.floor(s / 36e9), 2)}:${pad(Math.floor(s / 6e8) % 60, 2)}:${pad(Math.floor(s / 1e7) % 60, 2)}.${pad(s % 1e7, 7)}`;
    batch += `${stamp},${1 + Math.floor(rng() * 8000)},${1 + Math.floor(rng() * 1000)}${i < rows - 1 ? "\r\n" : ""}`;
    if (batch.length > 1 << 16) {
      await write(batch);
      batch = "";
    }
  }
  await write(batch);
  await new Promise<void>((r) => out.end(() => r()));
}

/** In the child: parse (or replay through a run) one file, print rows, seconds and peak RSS. */
async function child(mode: string, file: string, format: "azure" | "mooncake"): Promise<void> {
  const t0 = performance.now();
  let rows = 0;
  if (mode === "parse") {
    const reader = createTraceReader({ file, mapping: traceMapping(format, undefined) }, () => (rows++, true));
    await pumpTrace(fileTraceIo("/"), file, (c) => reader.push(c), () => reader.end());
  } else {
    const r = validateScenario({
      apiVersion: "servesim/v1",
      kind: "Scenario",
      metadata: { name: "bench-replay" },
      duration: "4h",
      cluster: { nodePools: [{ name: "cpu", cpu: 64, memory: "64Gi", count: 1, pricePerHour: 0 }] },
      services: [
        {
          name: "svc",
          model: { kind: "classic", concurrency: 64, serviceTime: { distribution: "exponential", mean: 0.1 } },
          traffic: [{ trace: { file, format } }],
        },
      ],
    });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    rows = (await runScenarioAsync(r.scenario, { io: fileTraceIo("/") })).services[0]!.total.arrived;
  }
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(`${JSON.stringify({ rows, seconds, maxRssKiB: process.resourceUsage().maxRSS })}\n`);
}

function spawnChild(mode: string, file: string, format: string): { rows: number; seconds: number; maxRssKiB: number } {
  const out = execFileSync(process.execPath, [join(here, "main.js"), "traces", "--child", mode, file, format], { encoding: "utf8", maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split("\n").at(-1)!) as { rows: number; seconds: number; maxRssKiB: number };
}

export async function tracesBench(argv: readonly string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: { child: { type: "string" }, runs: { type: "string", default: "5" } } });
  if (values.child !== undefined) return child(values.child, positionals[0]!, positionals[1] as "azure" | "mooncake");
  if (!existsSync(MOONCAKE)) throw new Error(`${MOONCAKE} not found`);
  const runs = Number(values.runs);
  const dir = mkdtempSync(join(tmpdir(), "servesim-bench-traces-"));
  const small = join(dir, "azure-100000.csv");
  const large = join(dir, "azure-1000000.csv");
  await generateAzure(small, 100_000);
  await generateAzure(large, 1_000_000);
  const limit = limitSummary([runLimit()]);

  for (const [name, file, format] of [["mooncake conversation_trace.jsonl", MOONCAKE, "mooncake"], ["generated azure-format, 1,000,000 rows", large, "azure"]] as const) {
    const results = Array.from({ length: runs }, () => spawnChild("parse", file, format));
    const rowsPerSec = results.map((r) => r.rows / r.seconds);
    process.stdout.write(`${JSON.stringify({ bench: "traces", case: "parse-throughput", file: name, rows: results[0]!.rows, runs, rowsPerSec: Math.round(median(rowsPerSec)), rowsPerSecRuns: rowsPerSec.map(Math.round), mibPerSec: Number(((median(rowsPerSec) * statSync(file).size) / results[0]!.rows / 2 ** 20).toFixed(1)), limit, ratio: round(median(rowsPerSec) / limit.eventsPerSec) })}\n`);
  }

  for (const mode of ["parse", "replay-run"] as const) {
    // Alternate the two sizes, so that machine noise falls on both alike.
    const peaks: { k100: number[]; m1: number[] } = { k100: [], m1: [] };
    let rows = { k100: 0, m1: 0 };
    for (let i = 0; i < Math.max(3, Math.ceil(runs / 2)); i++) {
      const a = spawnChild(mode, small, "azure");
      const b = spawnChild(mode, large, "azure");
      peaks.k100.push(a.maxRssKiB);
      peaks.m1.push(b.maxRssKiB);
      rows = { k100: a.rows, m1: b.rows };
    }
    const ratio = median(peaks.m1) / median(peaks.k100);
    process.stdout.write(
      `${JSON.stringify({ bench: "traces", case: "peak-rss", mode, rows100k: rows.k100, rows1M: rows.m1, peakRssMiB100k: mib(median(peaks.k100)), peakRssMiB1M: mib(median(peaks.m1)), ratio: Number(ratio.toFixed(3)), withinTwentyPercent: ratio <= 1.2 })}\n`,
    );
  }
}

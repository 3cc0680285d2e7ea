/**
 * The yardstick of every benchmark: the tuned typed-array M/M/8 limit script
 * (reference/peers/limit_mmc.mjs), run as its own process beside the benchmark so that each
 * result can be given as a ratio to it, measured in the same minutes on the same (shared, noisy)
 * machine.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const LIMIT_SCRIPT = join(REPO, "reference", "peers", "limit_mmc.mjs");
/** Customers of the limit's reference run (`limit_mmc.mjs 2000000`): 4,000,000 events. */
export const LIMIT_CUSTOMERS = 2_000_000;

export interface LimitRun {
  /** Events per second of the limit's run, by the wall clock and by the process's CPU time. */
  readonly eventsPerSec: number;
  readonly eventsPerCpuSec: number;
  /** Seconds of its run (without Node's start-up), by the wall clock and in CPU time. */
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  /** Seconds of the whole process. */
  readonly processSeconds: number;
}

/**
 * Runs the limit script's own `run` (its M/M/8 model, sfc32 stream, seed 12345, as
 * `node limit_mmc.mjs customers` does) in a fresh process, timed by the wall clock and by CPU
 * time: on a shared machine the CPU time is the steadier of the two.
 */
export function runLimit(customers = LIMIT_CUSTOMERS): LimitRun {
  const script = `
    import { run, sfc32 } from ${JSON.stringify(pathToFileURL(LIMIT_SCRIPT).href)};
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = run(${customers}, 1, sfc32(12345));
    const wall = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    console.log(JSON.stringify({ events: r.events, wall, cpu: (c.user + c.system) / 1e6 }));`;
  const t0 = performance.now();
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  const processSeconds = (performance.now() - t0) / 1000;
  const r = JSON.parse(out) as { events: number; wall: number; cpu: number };
  if (r.events !== 2 * customers) throw new Error(`${LIMIT_SCRIPT}: ${r.events} events for ${customers} customers`);
  return { eventsPerSec: r.events / r.wall, eventsPerCpuSec: r.events / r.cpu, wallSeconds: r.wall, cpuSeconds: r.cpu, processSeconds };
}

/** CPU seconds (user + system, every thread) spent by this process in `f`, with its wall seconds. */
export function timed<T>(f: () => T): { readonly value: T; readonly wallSeconds: number; readonly cpuSeconds: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  const wallSeconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { value, wallSeconds, cpuSeconds: (c.user + c.system) / 1e6 };
}

export const median = (xs: readonly number[]): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Rounds to `digits` decimals (for the JSON lines). */
export const round = (x: number, digits = 3): number => Number(x.toFixed(digits));

/** The limit's runs summarised for a JSON line. */
export function limitSummary(runs: readonly LimitRun[]) {
  return {
    script: "reference/peers/limit_mmc.mjs",
    customers: LIMIT_CUSTOMERS,
    runs: runs.length,
    eventsPerSec: Math.round(median(runs.map((r) => r.eventsPerSec))),
    eventsPerCpuSec: Math.round(median(runs.map((r) => r.eventsPerCpuSec))),
    wallSeconds: round(median(runs.map((r) => r.wallSeconds))),
    cpuSeconds: round(median(runs.map((r) => r.cpuSeconds))),
    processSeconds: round(median(runs.map((r) => r.processSeconds))),
  };
}

const CPU_MARK = "bench-cpu-seconds=";
let cpuReporter: string | undefined;

/** A preload that prints the process's CPU time (user + system, since it started) to stderr as it exits. */
function cpuReporterFile(): string {
  if (cpuReporter === undefined) {
    cpuReporter = join(mkdtempSync(join(tmpdir(), "servesim-bench-")), "cpu-report.cjs");
    writeFileSync(cpuReporter, `process.on("exit", () => { const c = process.cpuUsage(); process.stderr.write("\\n${CPU_MARK}" + (c.user + c.system) / 1e6 + "\\n"); });\n`);
  }
  return cpuReporter;
}

/**
 * Runs `node ...args` from the repository's root and times the whole process, by the wall clock
 * and by its CPU time (read by a one-line preload as the process exits).
 */
export function timeNode(args: readonly string[]): { readonly seconds: number; readonly cpuSeconds: number; readonly stdout: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ["--require", cpuReporterFile(), ...args], { cwd: REPO, encoding: "utf8", maxBuffer: 1 << 26 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited with ${r.status}: ${r.stderr}`);
  const cpuSeconds = Number(r.stderr.slice(r.stderr.lastIndexOf(CPU_MARK) + CPU_MARK.length));
  return { seconds, cpuSeconds, stdout: r.stdout };
}

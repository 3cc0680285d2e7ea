/**
 * The yardstick of every benchmark: the tuned typed-array M/M/8 limit script
 * (reference/peers/limit_mmc.mjs), run as its own process beside the benchmark so that each
 * result can be given as a ratio to it, measured in the same minutes on the same (shared, noisy)
 * machine.
 */
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const LIMIT_SCRIPT = join(REPO, "reference", "peers", "limit_mmc.mjs");
/** Customers of the limit's reference run (`limit_mmc.mjs 2000000`): 4,000,000 events. */
export const LIMIT_CUSTOMERS = 2_000_000;

export interface LimitRun {
  /** Events per second of the limit's own run (its `events_per_s`). */
  readonly eventsPerSec: number;
  /** Seconds of its run, as it times itself (`wall_s`, without Node's start-up). */
  readonly wallSeconds: number;
  /** Seconds of the whole `node limit_mmc.mjs N` process. */
  readonly processSeconds: number;
}

/** Runs `node limit_mmc.mjs customers` once and reads its figures. */
export function runLimit(customers = LIMIT_CUSTOMERS): LimitRun {
  const t0 = performance.now();
  const out = execFileSync(process.execPath, [LIMIT_SCRIPT, String(customers)], { encoding: "utf8" });
  const processSeconds = (performance.now() - t0) / 1000;
  const field = (k: string) => {
    const v = Number(new RegExp(`\\b${k}=([0-9.e+-]+)`).exec(out)?.[1]);
    if (!Number.isFinite(v)) throw new Error(`${LIMIT_SCRIPT}: no ${k}= in its output:\n${out}`);
    return v;
  };
  return { eventsPerSec: field("events_per_s"), wallSeconds: field("wall_s"), processSeconds };
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
    wallSeconds: round(median(runs.map((r) => r.wallSeconds))),
    processSeconds: round(median(runs.map((r) => r.processSeconds))),
  };
}

/** Runs `node ...args` from the repository's root and times the whole process. */
export function timeNode(args: readonly string[]): { readonly seconds: number; readonly stdout: string } {
  const t0 = performance.now();
  const stdout = execFileSync(process.execPath, [...args], { cwd: REPO, encoding: "utf8", maxBuffer: 1 << 26 });
  return { seconds: (performance.now() - t0) / 1000, stdout };
}

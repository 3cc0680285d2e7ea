/** The plan's progress bar (cli-progress, on a terminal only): candidates settled, pruned, left, simulations, and an ETA from the simulations' pace. */
import cliProgress from "cli-progress";
import type { SearchProgress } from "../planner/index.js";

export interface PlanProgressBar {
  update(p: SearchProgress): void;
  stop(): void;
}

const clock = (s: number): string => (Number.isFinite(s) ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, "0")}s` : "?");

export function createPlanProgressBar(enabled: boolean, now: () => number = () => performance.now()): PlanProgressBar {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { format: "planning [{bar}] {value}/{total} candidates | {pruned} pruned | {left} left | {simulations} simulations | eta {eta}", stream: process.stderr, hideCursor: true, clearOnComplete: true, fps: 5 },
    cliProgress.Presets.shades_classic,
  );
  const t0 = now();
  let started = false;
  return {
    update(p) {
      const elapsed = (now() - t0) / 1000;
      const eta = p.simulations > 0 ? (elapsed / p.simulations) * p.remainingEstimate : Infinity;
      const payload = { pruned: p.pruned, left: p.candidates - p.resolved, simulations: p.simulations, eta: clock(eta) };
      if (!started) {
        bar.start(p.candidates, p.resolved, payload);
        started = true;
      } else bar.update(p.resolved, payload);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

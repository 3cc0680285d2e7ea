/** A terminal progress bar for long runs (cli-progress), drawn on stderr only when it is a TTY. */
import { createRequire } from "node:module";
import type * as CliProgress from "cli-progress";
import type { Progress } from "../sim/index.js";

export interface ProgressReporter {
  update(p: Progress): void;
  stop(): void;
}

const silent: ProgressReporter = { update: () => undefined, stop: () => undefined };

export function createProgressBar(enabled: boolean): ProgressReporter {
  if (!enabled) return silent;
  // Loaded only for a terminal: a run whose stderr is a pipe or a file never needs it.
  const cliProgress = createRequire(import.meta.url)("cli-progress") as typeof CliProgress;
  const bar = new cliProgress.SingleBar(
    {
      format: "simulating [{bar}] {percentage}% | t={simTime}s of {endTime}s | {events} events | eta {eta_formatted}",
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(p) {
      const payload = { simTime: p.simulatedTime.toFixed(0), endTime: p.endTime.toFixed(0), events: p.events };
      if (!started) {
        bar.start(p.endTime, p.simulatedTime, payload);
        started = true;
      } else bar.update(p.simulatedTime, payload);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

import type { Stream } from "../../engine/index.js";
import type { ArrivalProcess } from "./process.js";

export interface MmppState {
  readonly rate: number;
  readonly meanDuration: number;
}

/** Long-run arrival rate: each state's rate weighted by its share of time. */
export const mmppStationaryRate = (low: MmppState, high: MmppState): number =>
  (low.rate * low.meanDuration + high.rate * high.meanDuration) / (low.meanDuration + high.meanDuration);

/**
 * A two-state Markov-modulated Poisson process, simulated exactly: in each state the next event
 * is the earlier of an arrival (rate λ) and a switch (mean sojourn d), both exponential. The
 * first state is drawn from the stationary distribution, so the process is stationary from its start.
 */
export function createMmpp(low: MmppState, high: MmppState, stream: Stream): ArrivalProcess {
  const states = [low, high] as const;
  let state = -1;
  let clock = 0;
  return {
    next(after, horizon = Infinity) {
      if (low.rate <= 0 && high.rate <= 0) return Infinity;
      if (state < 0) {
        state = stream.float() * (low.meanDuration + high.meanDuration) < low.meanDuration ? 0 : 1;
        clock = after;
      }
      clock = Math.max(clock, after);
      for (;;) {
        if (clock >= horizon) return Infinity;
        const s = states[state]!;
        const toArrival = s.rate > 0 ? stream.exponential(1 / s.rate) : Infinity;
        const toSwitch = stream.exponential(s.meanDuration);
        if (toArrival < toSwitch) {
          clock += toArrival;
          return clock;
        }
        clock += toSwitch;
        state = 1 - state;
      }
    },
  };
}

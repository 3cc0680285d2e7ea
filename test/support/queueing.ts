/** Checks shared by the queueing fidelity suites: Little's law on a run, the share of requests that waited, replications. */
import { expect } from "vitest";
import { runScenario } from "../../src/sim/index.js";
import type { Results } from "../../src/sim/index.js";
import type { Scenario } from "../../src/scenario/index.js";

/** Independent replications of a scenario, seeds 1000, 1001, … */
export function replicate(s: Scenario, replications: number): Results[] {
  return Array.from({ length: replications }, (_, i) => runScenario(s, { seed: 1000 + i }));
}

/**
 * Little's law on one run, for every service: the time-average number in the system L against λ·W over
 * the measured window, λ counting admitted requests (rejected ones never enter). W is the mean latency
 * of completions, so the run must have no timeouts nor failures (they leave without a latency).
 */
export function expectLittlesLaw(r: Results, tolerance: number): void {
  for (const svc of r.services) {
    expect(svc.requests.timedOut + svc.requests.failed).toBe(0);
    const lambda = (svc.requests.arrived - svc.requests.rejected) / (r.simulatedTime - r.scenario.warmup);
    expect(svc.meanInSystem).toBeGreaterThan(0);
    expect(Math.abs(svc.meanInSystem - lambda * svc.latency.mean!) / svc.meanInSystem).toBeLessThan(tolerance);
  }
}

/** Share of a service's measured requests that waited at all (zero waits land in the wait histogram's underflow). */
export function waitedShare(r: Results, service = "svc"): number {
  const h = r.histograms[service]!.wait;
  return 1 - h.underflow / h.count;
}

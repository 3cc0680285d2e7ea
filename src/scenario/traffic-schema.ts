/** The traffic part of a service: arrival sources, each entry naming exactly one kind. */
import { count, duration, rate, strictObject } from "./fields.js";
import { Limits as L } from "./limits.js";

const poisson = strictObject({
  /** Mean arrival rate. */
  rate: rate(0, L.ratePerSecond),
  /** Simulated time at which the source starts. */
  start: duration(0, L.durationSeconds).default(0),
  /** Simulated time after which the source stops; absent: the end of the run. */
  end: duration(0, L.durationSeconds).optional(),
  /** Stop after this many arrivals (useful to simulate exactly N customers). */
  maxArrivals: count(0, L.arrivals).optional(),
});

export const trafficSourceSchema = strictObject({ poisson: poisson.optional() }).superRefine(
  (s, ctx) => {
    if (Object.keys(s).length !== 1) ctx.addIssue({ code: "custom", message: "expected exactly one source kind: poisson" });
  },
  { when: (payload) => payload.issues.length === 0 },
);

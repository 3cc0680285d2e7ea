import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { requestRates } from "./rates.js";

test.prop([fc.nat(1000), fc.nat(1000), fc.nat(1000), fc.nat(1000)])("rates lie in [0, 1] and the error rate is never below any one of them", (rejected, failed, timedOut, inFlight) => {
  const arrived = rejected + failed + timedOut + inFlight;
  const r = requestRates({ arrived, rejected, failed, timedOut });
  if (arrived === 0) return expect(r.errorRate).toBeNull();
  for (const x of [r.rejectRate!, r.failRate!, r.timeoutRate!, r.errorRate!]) expect(x).toBeGreaterThanOrEqual(0);
  expect(r.errorRate!).toBeLessThanOrEqual(1);
  expect(r.errorRate!).toBeGreaterThanOrEqual(Math.max(r.rejectRate!, r.failRate!, r.timeoutRate!));
  expect(r.errorRate! * arrived).toBeCloseTo(rejected + failed + timedOut, 9);
});

import { describe, expect, test } from "vitest";
import { requestRates } from "./rates.js";

describe("request rates", () => {
  test("each outcome is a share of the arrivals, and the error rate is their sum's", () => {
    expect(requestRates({ arrived: 200, rejected: 10, failed: 4, timedOut: 6 })).toEqual({ rejectRate: 0.05, failRate: 0.02, timeoutRate: 0.03, errorRate: 0.1 });
  });

  test("without arrivals every rate is null, whatever it would divide", () => {
    expect(requestRates({ arrived: 0, rejected: 0, failed: 0, timedOut: 0 })).toEqual({ rejectRate: null, failRate: null, timeoutRate: null, errorRate: null });
  });

  test("outcomes that outnumber the arrivals, or a negative count, are an error", () => {
    expect(() => requestRates({ arrived: 2, rejected: 1, failed: 1, timedOut: 1 })).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: invalid request counts: 1 rejected, 1 failed and 1 timed out of 2 arrived (expected each ≥ 0 and their sum ≤ arrived)]`,
    );
    expect(() => requestRates({ arrived: 2, rejected: -1, failed: 0, timedOut: 0 })).toThrow(RangeError);
  });
});

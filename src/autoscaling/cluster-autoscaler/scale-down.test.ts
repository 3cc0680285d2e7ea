import { describe, expect, test } from "vitest";
import { disruptionsAllowed } from "./scale-down.js";

describe("PodDisruptionBudget", () => {
  // policy/v1: disruptionsAllowed = currentHealthy − desiredHealthy (never below 0); percentages of the expected pods, rounded up.
  test.each([
    [undefined, 4, 4, Infinity],
    [{ minAvailable: 3 }, 4, 4, 1],
    [{ minAvailable: 3 }, 4, 3, 0],
    [{ minAvailable: 3 }, 4, 2, 0],
    [{ maxUnavailable: 1 }, 4, 4, 1],
    [{ maxUnavailable: 1 }, 4, 3, 0],
    [{ minAvailable: "50%" }, 5, 5, 2],
    [{ maxUnavailable: "50%" }, 5, 5, 3],
    [{ maxUnavailable: "0%" }, 5, 5, 0],
  ] as const)("budget %o with %i expected and %i healthy pods allows %d evictions", (budget, expected, healthy, allowed) => {
    expect(disruptionsAllowed(budget, expected, healthy)).toBe(allowed);
  });
});
